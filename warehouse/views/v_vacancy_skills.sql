-- One row per vacancy and skill it asks for (demand), with region, sector and occupation (ISCO-08) names. Vacancies
-- with the same job_id publish the same job: count DISTINCT job_id for unique jobs.
CREATE VIEW v_vacancy_skills AS
SELECT
    v.id AS vacancy_id,
    v.job_id,
    v.duplicate_reason,
    s.name AS source,
    v.url,
    v.title,
    v.employer,
    v.employer_type,
    v.gemeente_code,
    g.name AS gemeente,
    am.code AS arbeidsmarktregio_code,
    am.name AS arbeidsmarktregio,
    pv.code AS provincie_code,
    pv.name AS provincie,
    v.sector_code,
    sec.name AS sector,
    v.isco_code,
    v.occupation_id,
    isco.name AS occupation,
    v.education_level,
    v.contract_type,
    v.date_posted,
    v.valid_through,
    v.first_seen,
    v.last_seen,
    v.closed_at,
    vs.skill_id,
    sk.label AS skill,
    sk.type AS skill_type,
    sk.linked AS skill_linked,
    sk.esco_uri,
    vs.nice_to_have,
    vs.matched_text
FROM vacancy_skills vs
JOIN vacancies v ON v.id = vs.vacancy_id
JOIN sources s ON s.id = v.source_id
JOIN skills sk ON sk.id = vs.skill_id
LEFT JOIN regions g ON g.code = v.gemeente_code
LEFT JOIN region_memberships m_am ON m_am.gemeente_code = v.gemeente_code AND m_am.region_code LIKE 'AM%'
LEFT JOIN regions am ON am.code = m_am.region_code
LEFT JOIN region_memberships m_pv ON m_pv.gemeente_code = v.gemeente_code AND m_pv.region_code LIKE 'PV%'
LEFT JOIN regions pv ON pv.code = m_pv.region_code
LEFT JOIN sectors sec ON sec.code = v.sector_code
LEFT JOIN isco_groups isco ON isco.code = v.isco_code
