// Protect: offences with a victim at a residential address (very often her home).
MATCH (:Subject {id: $subject_id})-[:NAMED_IN]->(o:Offence)-[:OCCURRED_AT]->(l:Location)
WHERE l.venue_type = 'residential' AND o.reported_on <= $as_of
  AND EXISTS { (:Victim)-[:VICTIM_OF]->(o) }
WITH l, o ORDER BY o.reported_on, o.id
WITH l, collect(DISTINCT o) AS offences
RETURN l.id AS key, size(offences) AS count,
       [l {.id, kind: 'location', .name, .postcode, .venue_type}]
       + [o IN offences | o {.id, kind: 'offence', .crime_ref, .category, .reported_on}]
         AS evidence
ORDER BY count DESC, key
