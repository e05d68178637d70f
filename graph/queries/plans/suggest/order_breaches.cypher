// Pursue: recorded breaches of the subject's orders (Breach -[:BREACH_OF]-> Order).
MATCH (:Subject {id: $subject_id})-[:HAS_ORDER]->(ord:Order)<-[:BREACH_OF]-(b:Breach)
WHERE b.occurred_on IS NULL OR b.occurred_on <= $as_of
WITH ord, collect(b) AS breaches
RETURN ord.id AS key, size(breaches) AS count,
       [ord {.id, kind: 'order', .order_type}] AS evidence
ORDER BY key
