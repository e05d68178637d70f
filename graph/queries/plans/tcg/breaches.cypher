// Breaches of the cohort's ($ids) orders that occurred in the period: (Breach)-[:BREACH_OF]->
// (Order), recorded by the orders area (graph/orders) when an analyst confirms one.
MATCH (b:Breach)-[:BREACH_OF]->(o:Order)<-[:HAS_ORDER]-(s:Subject)
WHERE s.id IN $ids AND b.occurred_on >= $since AND b.occurred_on <= $as_of
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       b {.id, .occurred_on, .outcome} AS breach, o {.id, .order_type} AS order
ORDER BY b.occurred_on, b.id
