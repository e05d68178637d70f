// Everyone linked to one location: named ($roles) in an offence there, living there, or the
// subject of intelligence reported there; with how.
MATCH (l:Location {id: $id})
CALL (l) {
  MATCH (s:Subject)-[r:NAMED_IN]->(:Offence)-[:OCCURRED_AT]->(l)
  WHERE r.role IN $roles
  RETURN s, 'offence_here' AS how
  UNION
  MATCH (s:Subject)-[:LIVES_AT]->(l)
  RETURN s, 'lives_here' AS how
  UNION
  MATCH (s:Subject)-[:SUBJECT_OF]->(:Intelligence)-[:REPORTED_AT]->(l)
  RETURN s, 'intelligence_here' AS how
}
RETURN s.id AS id, collect(DISTINCT how) AS how
ORDER BY id
