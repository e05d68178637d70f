// One subject's custody periods.
MATCH (:Subject {id: $subject_id})-[:IN_CUSTODY]->(c:Custody)
RETURN c.start_date AS start_date, c.end_date AS end_date, c.establishment AS establishment
ORDER BY c.start_date
