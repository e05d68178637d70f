// Orders of the TCG's cohort ($ids) granted in the period or ending within the expiry window
// after the as-of date.
MATCH (s:Subject)-[:HAS_ORDER]->(o:Order)
WHERE s.id IN $ids
  AND ((o.start_date >= $since AND o.start_date <= $as_of)
       OR (o.end_date > $as_of AND o.end_date <= $expires_by))
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       o {.id, .order_type, .status, .start_date, .end_date} AS order
ORDER BY o.start_date, o.id
