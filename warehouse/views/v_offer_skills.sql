-- One row per training offer and skill it teaches (supply), with the occupation (ISCO-08) the course is for.
CREATE VIEW v_offer_skills AS
SELECT
    o.id AS offer_id,
    s.name AS source,
    o.url,
    o.provider,
    o.title,
    o.level,
    o.mode,
    o.price,
    o.credential,
    o.sector_code,
    o.isco_code,
    o.occupation_id,
    isco.name AS occupation,
    o.first_seen,
    o.last_seen,
    o.closed_at,
    os.skill_id,
    sk.label AS skill,
    sk.type AS skill_type,
    sk.linked AS skill_linked,
    sk.esco_uri,
    os.matched_text
FROM offer_skills os
JOIN offers o ON o.id = os.offer_id
JOIN sources s ON s.id = o.source_id
JOIN skills sk ON sk.id = os.skill_id
LEFT JOIN isco_groups isco ON isco.code = o.isco_code
