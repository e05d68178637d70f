// One action, with the subject whose plan it is and his owner.
MATCH (s:Subject)-[:HAS_PLAN]->(:Plan)-[:HAS_ACTION]->(a:PlanAction {id: $action_id})
RETURN a {.*} AS action, s.id AS subject_id, s.owner AS owner,
       coalesce(s.lifecycle_status, 'candidate') AS status
