// A subject's current lifecycle state.
MATCH (s:Subject {id: $subject_id})
RETURN s.id AS subject_id, coalesce(s.lifecycle_status, 'candidate') AS status,
       s.lifecycle_tier AS tier, s.owner AS owner, s.lifecycle_since AS since,
       s.release_watch AS release_watch
