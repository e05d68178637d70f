// Whether a watch's target exists: a subject, a place, or (a view watch) a subject or victim.
OPTIONAL MATCH (s:Subject {id: $target_id})
OPTIONAL MATCH (l:Location {id: $target_id})
OPTIONAL MATCH (v:Victim {id: $target_id})
RETURN s IS NOT NULL AS subject, l IS NOT NULL AS place, v IS NOT NULL AS victim
