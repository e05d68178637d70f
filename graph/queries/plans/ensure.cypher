// The subject's plan, made on first use (one per subject).
MATCH (s:Subject {id: $subject_id})
MERGE (p:Plan {id: 'plan-' + s.id})
  ON CREATE SET p.subject_id = s.id, p.created_at = datetime(), p.created_by = $by
MERGE (s)-[:HAS_PLAN]->(p)
RETURN p.id AS plan_id
