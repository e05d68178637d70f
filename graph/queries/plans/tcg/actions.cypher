// Plan actions a meeting looks at: opened in the period, closed in it, or overdue on the
// as-of date (opened by then, due before it, and not closed by then).
MATCH (s:Subject)-[:HAS_PLAN]->(:Plan)-[:HAS_ACTION]->(a:PlanAction)
WHERE (a.opened_on >= $since AND a.opened_on <= $as_of)
   OR (a.closed_on >= $since AND a.closed_on <= $as_of)
   OR (a.opened_on <= $as_of AND a.due_on < $as_of
       AND (a.status IN ['open', 'in_progress'] OR a.closed_on > $as_of))
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       a {.id, .pillar, .tactic, .description, .owner, .agency, .opened_on, .due_on, .status,
          .outcome, .closed_on} AS action
ORDER BY a.due_on, a.id
