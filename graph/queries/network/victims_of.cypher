// The ids of an offence's victims (to find a pseudonymous victim from the offence beside it).
MATCH (:Offence {id: $offence_id})<-[:VICTIM_OF]-(v:Victim)
RETURN v.id AS victim_id
ORDER BY victim_id
