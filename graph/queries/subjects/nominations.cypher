// Tier 3 nominations of one subject, newest first, pending or decided.
MATCH (n:Nomination)-[:NOMINATES]->(:Subject {id: $subject_id})
RETURN n {.id, .status, .nominated_by, .agency, .rationale, .created_at, .recorded_by,
          .decided_on, .decided_by, .minutes} AS nomination
ORDER BY n.created_at DESC
