// An analyst's answer to a possible breach: confirmed (a recorded Breach is made, tied to
// the order, the condition and the evidence) or dismissed with a reason. Both are kept.
MATCH (ord:Order {id: $order_id})-[:HAS_CONDITION]->(c:OrderCondition {id: $condition_id})
CALL (c) {
  MATCH (e:Offence {id: $evidence_id}) RETURN e
  UNION MATCH (e:Intelligence {id: $evidence_id}) RETURN e
}
WITH ord, c, e
WHERE NOT EXISTS { (ord)-[:HAS_BREACH_REVIEW]->(:BreachReview {condition_id: c.id,
                                                              evidence_id: e.id}) }
CREATE (r:BreachReview {id: $review_id, order_id: ord.id, condition_id: c.id,
                        evidence_id: e.id, decision: $decision, reason: $reason, by: $by,
                        at: datetime(), breach_id: $breach_id})
CREATE (ord)-[:HAS_BREACH_REVIEW]->(r)
FOREACH (_ IN CASE WHEN $decision = 'confirmed' THEN [1] ELSE [] END |
  CREATE (b:Breach {id: $breach_id, order_id: ord.id, condition_id: c.id, occurred_on: $on,
                    outcome: 'pending', summary: $reason, src: 'review:' + $review_id})
  CREATE (b)-[:BREACH_OF]->(ord)
  CREATE (b)-[:OF_CONDITION]->(c)
  CREATE (b)-[:EVIDENCED_BY]->(e))
RETURN r {.*} AS review
