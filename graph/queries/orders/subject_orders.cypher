// One subject's orders with their conditions (and protected victims) and recorded breaches.
MATCH (:Subject {id: $subject_id})-[:HAS_ORDER]->(ord:Order)
CALL (ord) {
  OPTIONAL MATCH (ord)-[:HAS_CONDITION]->(c:OrderCondition)
  OPTIONAL MATCH (c)-[:PROTECTS]->(v:Victim)
  WITH c, v ORDER BY c.id
  RETURN collect(CASE WHEN c IS NULL THEN null ELSE c {.*, protected: CASE WHEN v IS NULL
           THEN null ELSE v {.id, kind: 'victim', .forename, .surname} END} END) AS conditions
}
CALL (ord) {
  OPTIONAL MATCH (b:Breach)-[:BREACH_OF]->(ord)
  OPTIONAL MATCH (b)-[:EVIDENCED_BY]->(e)
  WITH b, e ORDER BY b.occurred_on
  RETURN collect(CASE WHEN b IS NULL THEN null ELSE
                 b {.*, evidence_id: e.id, evidence_kind: toLower(labels(e)[0])} END)
    AS breaches
}
RETURN ord {order_id: ord.id, .order_type, .status, .start_date, .end_date, .conditions,
            .applied_on, .served_on, .court, .legal_basis} AS order, conditions, breaches
ORDER BY ord.start_date DESC, ord.id
