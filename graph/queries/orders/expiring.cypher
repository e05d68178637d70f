// Orders and conditions in force on $as_of that end within $until (an end is exclusive):
// renewal is a decision to take before then.
MATCH (s:Subject)-[:HAS_ORDER]->(ord:Order)
WHERE (ord.status IS NULL OR ord.status IN $in_force)
  AND ord.start_date IS NOT NULL AND ord.start_date <= $as_of
  AND ord.end_date IS NOT NULL AND ord.end_date > $as_of
  AND ord.end_date <= $until
RETURN 'order' AS what, ord.id AS order_id, null AS condition_id, null AS condition_kind,
       s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       ord.order_type AS order_type, ord.end_date AS ends_on
UNION
MATCH (s:Subject)-[:HAS_ORDER]->(ord:Order)-[:HAS_CONDITION]->(c:OrderCondition)
WHERE (ord.status IS NULL OR ord.status IN $in_force)
  AND ord.start_date IS NOT NULL AND ord.start_date <= $as_of
  AND (ord.end_date IS NULL OR ord.end_date > c.ends_on)
  AND c.ends_on IS NOT NULL AND c.ends_on > $as_of AND c.ends_on <= $until
  AND coalesce(c.starts_on, ord.start_date) <= $as_of
RETURN 'condition' AS what, ord.id AS order_id, c.id AS condition_id, c.kind AS condition_kind,
       s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       ord.order_type AS order_type, c.ends_on AS ends_on
