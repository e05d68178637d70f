// Prevent: a sexual-offence history (counted roles) and no SHPO or SRO in force on $as_of.
MATCH (s:Subject {id: $subject_id})-[r:NAMED_IN]->(o:Offence)
WHERE r.role IN $roles AND o.ho_code IN $sexual_codes AND o.reported_on <= $as_of
WITH s, o ORDER BY o.reported_on, o.id
WITH s, collect(DISTINCT o) AS offences
WHERE size(offences) >= $params.min_sexual_offences
  AND NOT EXISTS {
    MATCH (s)-[:HAS_ORDER]->(ord:Order)
    WHERE toLower(ord.order_type) IN $params.orders
      AND (ord.start_date IS NULL OR ord.start_date <= $as_of)
      AND (ord.end_date IS NULL OR ord.end_date >= $as_of)
  }
RETURN 'sexual-history' AS key, size(offences) AS count,
       [o IN offences | o {.id, kind: 'offence', .crime_ref, .category, .reported_on}]
         AS evidence
