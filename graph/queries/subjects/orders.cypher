// Civil and criminal orders on one subject, newest first.
MATCH (:Subject {id: $subject_id})-[:HAS_ORDER]->(o:Order)
RETURN o.id AS order_id, o.order_type AS order_type, o.start_date AS start_date,
       o.end_date AS end_date, o.conditions AS conditions
ORDER BY o.start_date DESC, o.id
