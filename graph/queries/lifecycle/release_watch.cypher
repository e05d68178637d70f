// Archived subjects whose recorded release date falls on or before a date (soonest first).
MATCH (s:Subject {lifecycle_status: 'archived'})
WHERE s.release_watch IS NOT NULL AND s.release_watch <= $until
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       s.release_watch AS release_watch, s.lifecycle_tier AS tier, s.owner AS owner
ORDER BY s.release_watch, s.id
