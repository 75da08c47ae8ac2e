-- The skill gap indicator with readable names (formulas in docs/indicators.md). Published outputs leave out
-- small cells: add WHERE NOT small_cell. cell_id (period/region/sector/level/skill) stays the same when the
-- figures are recomputed: cite it, trace it with llo-radar trace.
CREATE VIEW v_skill_gap AS
SELECT
    r.period || '/' || r.region_code || '/' || r.sector_code || '/' || r.education_level || '/' || r.skill_id
        AS cell_id,
    r.period,
    r.period_kind,
    r.skill_id,
    sk.label AS skill,
    sk.type AS skill_type,
    sk."group" AS skill_group,
    sk.linked AS skill_linked,
    r.region_code,
    reg.name AS region,
    reg.level AS region_level,
    r.sector_code,
    sec.name AS sector,
    r.education_level,
    r.demand,
    r.supply,
    r.jobs,
    r.offers,
    r.ratio,
    r.ratio_low,
    r.ratio_high,
    r.gap,
    r.demand_share,
    r.supply_share,
    r.share_gap,
    r.share_gap_low,
    r.share_gap_high,
    r.demand_previous,
    r.comparable,
    r.trend,
    r.closed,
    r.open_days_mean,
    r.small_cell,
    r.computed_at
FROM mismatch_results r
JOIN skills sk ON sk.id = r.skill_id
JOIN sectors sec ON sec.code = r.sector_code
JOIN regions reg ON reg.code = r.region_code
