-- One row per training offer and gemeente where it is given in person, with its arbeidsmarktregio.
CREATE VIEW v_offer_locations AS
SELECT
    ol.offer_id,
    ol.gemeente_code,
    g.name AS gemeente,
    am.code AS arbeidsmarktregio_code,
    am.name AS arbeidsmarktregio
FROM offer_locations ol
JOIN regions g ON g.code = ol.gemeente_code
LEFT JOIN region_memberships m_am ON m_am.gemeente_code = ol.gemeente_code AND m_am.region_code LIKE 'AM%'
LEFT JOIN regions am ON am.code = m_am.region_code
