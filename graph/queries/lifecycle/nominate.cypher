// A Tier 3 nomination: any officer or partner agency proposes a subject of concern.
MATCH (s:Subject {id: $subject_id})
CREATE (n:Nomination {
  id: $id, status: 'pending', nominated_by: $nominated_by, agency: $agency,
  rationale: $rationale, created_at: datetime(), recorded_by: $by
})
CREATE (n)-[:NOMINATES]->(s)
CREATE (e:LifecycleEvent {
  id: randomUUID(), at: datetime(), by: $by, kind: 'nominated', nomination_id: $id,
  reason: $rationale, from_status: coalesce(s.lifecycle_status, 'candidate'),
  to_status: coalesce(s.lifecycle_status, 'candidate'), tier: 3
})
CREATE (s)-[:HAS_EVENT]->(e)
RETURN n {.*, subject_id: s.id} AS nomination
