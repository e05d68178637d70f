// One subject's plan: his lifecycle state, and (when he has a plan) every action with its
// evidence and events, every monthly update (every version), every suggestion decision.
MATCH (s:Subject {id: $subject_id})
OPTIONAL MATCH (s)-[:HAS_PLAN]->(p:Plan)
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_ACTION]->(a:PlanAction)
  CALL (a) {
    OPTIONAL MATCH (a)-[:RESTS_ON]->(n)
    WITH n ORDER BY n.id
    RETURN collect(CASE WHEN n IS NULL THEN null ELSE n {
      .id, kind: toLower(labels(n)[0]), .forename, .surname, .crime_ref, .category,
      .reported_on, .name, .postcode, .venue_type, .order_type} END) AS evidence
  }
  CALL (a) {
    OPTIONAL MATCH (a)-[:HAS_EVENT]->(e:ActionEvent)
    WITH e ORDER BY e.at, e.id
    RETURN collect(e {.*}) AS events
  }
  WITH a, evidence, events ORDER BY a.opened_on, a.id
  RETURN collect(CASE WHEN a IS NULL THEN null ELSE
                   a {.*, evidence: evidence, events: events} END) AS actions
}
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_UPDATE]->(u:PlanUpdate)
  WITH u ORDER BY u.month DESC, u.version DESC
  RETURN collect(u {.*}) AS updates
}
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_DECISION]->(d:SuggestionDecision)
  WITH d ORDER BY d.at
  RETURN collect(d {.*}) AS decisions
}
RETURN s.id AS subject_id, coalesce(s.lifecycle_status, 'candidate') AS status,
       s.lifecycle_tier AS tier, s.owner AS owner, p.id AS plan_id,
       actions, updates, decisions
