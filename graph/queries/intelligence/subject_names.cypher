// Names of the subjects escalation flags name, for the pages (the API gives ids only).
UNWIND $subject_ids AS subject_id
MATCH (s:Subject {id: subject_id})
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       coalesce(s.lifecycle_status, 'candidate') AS status
