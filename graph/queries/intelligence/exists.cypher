// Whether a subject and a place named by a submission exist (null ids: not asked).
OPTIONAL MATCH (s:Subject {id: $subject_id})
OPTIONAL MATCH (l:Location {id: $location_id})
RETURN s IS NOT NULL AS subject, l IS NOT NULL AS location, l.name AS location_name
