// The panel's decision on a pending nomination: recorded once, never changed.
MATCH (n:Nomination {id: $id, status: 'pending'})-[:NOMINATES]->(s:Subject)
SET n.status = $decision, n.decided_on = $decided_on, n.decided_by = $by,
    n.minutes = $minutes, n.decided_at = datetime()
CREATE (e:LifecycleEvent {
  id: randomUUID(), at: datetime(), by: $by, kind: 'nomination_' + $decision,
  nomination_id: $id, reason: $minutes, from_status: coalesce(s.lifecycle_status, 'candidate'),
  to_status: coalesce(s.lifecycle_status, 'candidate'), tier: 3
})
CREATE (s)-[:HAS_EVENT]->(e)
RETURN n {.*, subject_id: s.id} AS nomination
