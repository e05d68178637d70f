// A monthly update: a new version for its month, never an overwrite.
MATCH (p:Plan {id: $plan_id})
OPTIONAL MATCH (p)-[:HAS_UPDATE]->(old:PlanUpdate {month: $month})
WITH p, count(old) AS versions
CREATE (u:PlanUpdate {id: $update_id, plan_id: p.id, subject_id: p.subject_id,
                      month: $month, version: versions + 1, summary: $summary, by: $by,
                      at: datetime()})
CREATE (p)-[:HAS_UPDATE]->(u)
RETURN u {.*} AS update
