// Other subjects named on offences against this subject's victims: a victim links offences
// (and people) even when she is not named on the page.
MATCH (s:Subject {id: $subject_id})-[:NAMED_IN]->(:Offence)<-[:VICTIM_OF]-(v:Victim)
WITH DISTINCT s, v
MATCH (v)-[:VICTIM_OF]->(o:Offence)<-[:NAMED_IN]-(t:Subject)
WHERE t <> s
RETURN v.id AS victim_id, t.id AS subject_id, t.forename AS forename, t.surname AS surname,
       collect(DISTINCT o.id) AS offences
ORDER BY victim_id, subject_id
