// A plan page's heading: the subject's id and name.
MATCH (s:Subject {id: $subject_id})
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname
