// The people around one subject: recorded associates (either direction, every kind) and
// co-offenders (named on the same offences), one row each, most shared offences first.
MATCH (s:Subject {id: $subject_id})
CALL (s) {
  MATCH (s)-[a:ASSOCIATE_OF]-(t:Subject)
  WHERE t <> s
  RETURN t, collect(DISTINCT a.kind) AS kinds, [] AS offences
  UNION
  MATCH (s)-[:NAMED_IN]->(o:Offence)<-[:NAMED_IN]-(t:Subject)
  WHERE t <> s
  RETURN t, [] AS kinds, collect(DISTINCT o.id) AS offences
}
WITH t, reduce(k = [], x IN collect(kinds) | k + x) AS kinds,
     reduce(f = [], x IN collect(offences) | f + x) AS offences
RETURN t.id AS subject_id, t.forename AS forename, t.surname AS surname, kinds, offences
ORDER BY size(offences) DESC, subject_id
LIMIT $limit
