// The demo's made-up history only (`linkwatch demo`, ingest/synth/plans.py): the domain
// functions stamp each event "now"; the demo's events are given the times they stand for
// (an adoption at its TCG meeting, an action's move on its day, an update in its month), so
// that the TCG pack and the oversight figures replay the demo as it would have happened.
UNWIND $stamps AS stamp
CALL (stamp) {
  MATCH (n:LifecycleEvent {id: stamp.id}) RETURN n
  UNION MATCH (n:ActionEvent {id: stamp.id}) RETURN n
  UNION MATCH (n:PlanUpdate {id: stamp.id}) RETURN n
  UNION MATCH (n:SuggestionDecision {id: stamp.id}) RETURN n
}
SET n.at = stamp.at
FOREACH (s IN [(x:Subject)-[:HAS_EVENT]->(n) | x] | SET s.lifecycle_since = n.at)
RETURN count(n) AS stamped
