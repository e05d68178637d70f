// Prepare: subjects named on the same offences as this one.
MATCH (s:Subject {id: $subject_id})-[:NAMED_IN]->(o:Offence)<-[:NAMED_IN]-(t:Subject)
WHERE t <> s AND o.reported_on <= $as_of
WITH t, o ORDER BY o.reported_on, o.id
WITH t, collect(DISTINCT o) AS offences
WHERE size(offences) >= $params.min_shared
RETURN t.id AS key, size(offences) AS count,
       [t {.id, kind: 'subject', .forename, .surname}]
       + [o IN offences | o {.id, kind: 'offence', .crime_ref, .category, .reported_on}]
         AS evidence
ORDER BY count DESC, key
