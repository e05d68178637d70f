// Every subject the TCG has acted on before $before: his lifecycle events until then (oldest
// first), the months his plan has an update for, and his current owner. The states on any
// earlier day are worked out from these in graph/plans/standing.py.
MATCH (e:LifecycleEvent)
WHERE e.at < $before
MATCH (s:Subject)-[:HAS_EVENT]->(e)
WITH s, e ORDER BY e.at, e.id
WITH s, collect(e {.at, .kind, .to_status, .tier, .owner}) AS events
CALL (s) {
  OPTIONAL MATCH (s)-[:HAS_PLAN]->(:Plan)-[:HAS_UPDATE]->(u:PlanUpdate)
  RETURN collect(DISTINCT u.month) AS update_months
}
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname, s.owner AS owner,
       events, update_months
ORDER BY subject_id
