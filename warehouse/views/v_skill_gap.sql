-- The skill gap indicator with readable names (formulas in docs/indicators.md).
CREATE VIEW v_skill_gap AS
SELECT
    r.period,
    r.skill_id,
    sk.label AS skill,
    sk.type AS skill_type,
    r.sector_code,
    sec.name AS sector,
    r.region_code,
    reg.name AS region,
    reg.level AS region_level,
    r.demand,
    r.supply,
    r.ratio,
    r.gap,
    r.computed_at
FROM mismatch_results r
JOIN skills sk ON sk.id = r.skill_id
JOIN sectors sec ON sec.code = r.sector_code
JOIN regions reg ON reg.code = r.region_code
