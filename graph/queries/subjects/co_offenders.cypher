// Subjects named on the same offences as one subject, most shared offences first.
MATCH (s:Subject {id: $subject_id})-[:NAMED_IN]->(o:Offence)<-[:NAMED_IN]-(t:Subject)
WHERE t <> s
WITH t, collect(DISTINCT o.id) AS offences
RETURN t.id AS subject_id, t.forename AS forename, t.surname AS surname, offences
ORDER BY size(offences) DESC, subject_id
LIMIT $limit
