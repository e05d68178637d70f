// The names of one subject's victims, so that text written about him (plan actions,
// updates) can be shown with each name replaced by her pseudonym.
MATCH (:Subject {id: $subject_id})-[:NAMED_IN]->(:Offence)<-[:VICTIM_OF]-(v:Victim)
RETURN DISTINCT v.id AS victim_id, v.forename AS forename, v.surname AS surname
ORDER BY victim_id
