// Subjects holding an order in force on $as_of, with the order types.
MATCH (s:Subject)-[:HAS_ORDER]->(ord:Order)
WHERE (ord.status IS NULL OR ord.status IN $in_force)
  AND ord.start_date IS NOT NULL AND ord.start_date <= $as_of
  AND (ord.end_date IS NULL OR ord.end_date > $as_of)
RETURN s.id AS subject_id, collect(DISTINCT ord.order_type) AS order_types
