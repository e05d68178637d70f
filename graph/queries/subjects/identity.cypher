// One subject's identity, provenance and lifecycle state.
MATCH (s:Subject {id: $subject_id})
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       s.aliases AS aliases, s.dob AS dob, s.gender AS gender, s.pnc_id AS pnc_id,
       s.mappa_category AS mappa_category, s.flags AS flags,
       coalesce(s.lifecycle_status, 'candidate') AS status, s.lifecycle_tier AS adopted_tier,
       s.owner AS owner, s.lifecycle_since AS status_since, s.release_watch AS release_watch,
       s.src AS src, s.src_run AS src_run
