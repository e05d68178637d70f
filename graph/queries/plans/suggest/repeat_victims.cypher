// Protect: a victim named on $params.min_offences or more of the subject's offences.
MATCH (:Subject {id: $subject_id})-[:NAMED_IN]->(o:Offence)<-[:VICTIM_OF]-(v:Victim)
WHERE o.reported_on <= $as_of
WITH v, o ORDER BY o.reported_on, o.id
WITH v, collect(DISTINCT o) AS offences
WHERE size(offences) >= $params.min_offences
RETURN v.id AS key, size(offences) AS count,
       [v {.id, kind: 'victim', .forename, .surname}]
       + [o IN offences | o {.id, kind: 'offence', .crime_ref, .category, .reported_on}]
         AS evidence
ORDER BY count DESC, key
