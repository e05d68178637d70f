// Every offence naming one subject, in any role, with what the rules need to judge it;
// with the records confirmed as the same person (SAME_PERSON_AS), theirs too, once each.
MATCH (s:Subject {id: $subject_id})
OPTIONAL MATCH (s)-[:SAME_PERSON_AS*1..]-(y:Subject)
WITH s, collect(DISTINCT y) AS ys
WITH [s] + ys AS people
UNWIND people AS x
MATCH (x)-[r:NAMED_IN]->(o:Offence)
RETURN o.id AS offence_id, o.ho_code AS ho_code, o.offence_type AS offence_type,
       o.category AS category, o.reported_on AS reported_on,
       o.committed_from AS committed_from, r.role AS role, x.id AS named_record
ORDER BY o.reported_on, o.id
