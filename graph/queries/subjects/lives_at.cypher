// Where one subject lives (or lived).
MATCH (:Subject {id: $subject_id})-[:LIVES_AT]->(l:Location)
RETURN l {.id, .name, .address, .postcode, .venue_type} AS location
ORDER BY l.id
