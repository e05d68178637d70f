// Offences whose crime reference or id starts with one of $refs (range indexes), with the
// place and the subjects named on each.
UNWIND $refs AS ref
CALL (ref) {
  MATCH (o:Offence) WHERE o.crime_ref STARTS WITH ref RETURN o
  UNION
  MATCH (o:Offence) WHERE o.id STARTS WITH ref RETURN o
}
WITH DISTINCT o
ORDER BY o.id
LIMIT $limit
OPTIONAL MATCH (o)-[:OCCURRED_AT]->(l:Location)
OPTIONAL MATCH (s:Subject)-[r:NAMED_IN]->(o)
WITH o, l, s, collect(DISTINCT r.role) AS roles
ORDER BY s.id
WITH o, l, collect(CASE WHEN s IS NULL THEN null
                        ELSE {subject_id: s.id, forename: s.forename, surname: s.surname,
                              roles: roles} END) AS subjects
RETURN o.id AS offence_id, o.crime_ref AS crime_ref, o.ho_code AS ho_code,
       o.offence_type AS offence_type, o.category AS category, o.reported_on AS reported_on,
       o.committed_from AS committed_from,
       l {.id, .name, .postcode} AS location, subjects
ORDER BY offence_id
