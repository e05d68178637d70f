// Intelligence reports about one subject, with where they were reported.
MATCH (:Subject {id: $subject_id})-[:SUBJECT_OF]->(i:Intelligence)
OPTIONAL MATCH (i)-[:REPORTED_AT]->(l:Location)
RETURN i.id AS intel_id, i.reported_on AS reported_on, i.grading AS grading,
       i.behaviour AS behaviour, i.summary AS summary,
       l {.id, .name, .address, .postcode, .venue_type} AS location
ORDER BY i.reported_on, i.id
