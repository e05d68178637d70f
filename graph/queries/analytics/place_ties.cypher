// How each of $ids is tied to the place $id: the offences there it is named in ($roles),
// whether it lives there, the intelligence reported there about it (ids and dates only).
MATCH (l:Location {id: $id})
UNWIND $ids AS sid
MATCH (s:Subject {id: sid})
CALL (s, l) {
  OPTIONAL MATCH (s)-[r:NAMED_IN]->(o:Offence)-[:OCCURRED_AT]->(l)
  WHERE r.role IN $roles
  WITH DISTINCT o
  ORDER BY coalesce(o.committed_from, o.reported_on), o.id
  RETURN collect(CASE WHEN o IS NOT NULL THEN
           {id: o.id, date: toString(coalesce(o.committed_from, o.reported_on))} END)
         AS offences
}
CALL (s, l) {
  OPTIONAL MATCH (s)-[:SUBJECT_OF]->(i:Intelligence)-[:REPORTED_AT]->(l)
  WITH DISTINCT i
  ORDER BY i.reported_on, i.id
  RETURN collect(CASE WHEN i IS NOT NULL THEN {id: i.id, date: toString(i.reported_on)} END)
         AS intelligence
}
RETURN s.id AS subject_id, offences, EXISTS { (s)-[:LIVES_AT]->(l) } AS lives_here,
       intelligence
