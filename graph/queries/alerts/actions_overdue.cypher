// Plan actions overdue on $as_of: opened by then, due before it, and still open or in
// progress (the TCG pack's test, on one day).
MATCH (a:PlanAction)
WHERE a.due_on < $as_of AND a.status IN ['open', 'in_progress']
  AND (a.opened_on IS NULL OR a.opened_on <= $as_of)
MATCH (s:Subject)-[:HAS_PLAN]->(:Plan)-[:HAS_ACTION]->(a)
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       a {.id, .pillar, .tactic, .description, .owner, .agency, .opened_on, .due_on,
          .status} AS action
ORDER BY a.due_on, a.id
