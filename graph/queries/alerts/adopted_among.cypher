// Which of $ids are adopted subjects (a same-person proposal touching one is an alert).
MATCH (s:Subject)
WHERE s.id IN $ids AND s.lifecycle_status = 'adopted'
RETURN s.id AS subject_id
