// A new action on a plan, tied to the records it rests on, with its first event.
MATCH (p:Plan {id: $plan_id})
CREATE (a:PlanAction {
  id: $action_id, plan_id: p.id, subject_id: p.subject_id, pillar: $pillar, tactic: $tactic,
  description: $description, owner: $owner, agency: $agency, opened_on: $opened_on,
  due_on: $due_on, status: 'open', outcome: null, rationale: $rationale,
  suggestion_key: $suggestion_key, created_by: $by, created_at: datetime(), closed_on: null
})
CREATE (p)-[:HAS_ACTION]->(a)
CREATE (e:ActionEvent {id: $event_id, action_id: a.id, at: datetime(), by: $by,
                       from_status: null, to_status: 'open', outcome: null, note: $rationale})
CREATE (a)-[:HAS_EVENT]->(e)
WITH a
UNWIND $evidence AS eid
CALL (eid) {
  MATCH (n:Offence {id: eid}) RETURN n
  UNION MATCH (n:Victim {id: eid}) RETURN n
  UNION MATCH (n:Location {id: eid}) RETURN n
  UNION MATCH (n:Order {id: eid}) RETURN n
  UNION MATCH (n:Intelligence {id: eid}) RETURN n
  UNION MATCH (n:Subject {id: eid}) RETURN n
}
MERGE (a)-[:RESTS_ON]->(n)
RETURN count(*) AS linked
