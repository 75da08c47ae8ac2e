-- The occupation profile indicator with readable names (formulas in docs/indicators.md): per period, region,
-- occupation (ISCO-08 unit group) and skill, the share of the occupation's jobs asking for the skill and the share
-- of the courses for the occupation teaching it. Published outputs leave out small cells: add WHERE NOT
-- small_cell. cell_id (period/region/isco/skill) stays the same when the figures are recomputed.
CREATE VIEW v_occupation_profile AS
SELECT
    r.period || '/' || r.region_code || '/' || r.isco_code || '/' || r.skill_id AS cell_id,
    r.period,
    r.period_kind,
    r.region_code,
    reg.name AS region,
    reg.level AS region_level,
    r.isco_code,
    isco.name AS occupation,
    r.skill_id,
    sk.label AS skill,
    sk.type AS skill_type,
    sk."group" AS skill_group,
    sk.linked AS skill_linked,
    r.demand,
    r.jobs,
    r.demand_share,
    r.demand_share_low,
    r.demand_share_high,
    r.supply,
    r.offers,
    r.supply_share,
    r.supply_share_low,
    r.supply_share_high,
    r.share_gap,
    r.share_gap_low,
    r.share_gap_high,
    r.demand_previous,
    r.comparable,
    r.trend,
    r.small_cell,
    r.computed_at
FROM occupation_results r
JOIN skills sk ON sk.id = r.skill_id
JOIN regions reg ON reg.code = r.region_code
LEFT JOIN isco_groups isco ON isco.code = r.isco_code
