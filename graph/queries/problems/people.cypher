// The offences at places ($ids) with the subjects named on them ($roles) and their victims:
// the problem analysis triangle's offenders and victims.
UNWIND $ids AS lid
MATCH (o:Offence)-[:OCCURRED_AT]->(:Location {id: lid})
WITH DISTINCT o
CALL (o) {
  OPTIONAL MATCH (s:Subject)-[r:NAMED_IN]->(o)
  WHERE r.role IN $roles
  RETURN collect(DISTINCT s {.id, .forename, .surname}) AS subjects
}
CALL (o) {
  OPTIONAL MATCH (v:Victim)-[:VICTIM_OF]->(o)
  RETURN collect(DISTINCT v {.id, .forename, .surname, .gender}) AS victims
}
RETURN o.id AS offence_id, toString(coalesce(o.committed_from, o.reported_on)) AS date,
       o.category AS category, subjects, victims
ORDER BY date, offence_id
