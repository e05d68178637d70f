// Reactivate archived and monitored subjects named (in a counted role) on an offence by an
// ingest run that started after they were archived or moved to monitoring (the run that
// last wrote the link: a new link, or one whose details changed).
MATCH (s:Subject)
WHERE s.lifecycle_status IN ['archived', 'monitoring']
MATCH (s)-[r:NAMED_IN]->(o:Offence)
WHERE r.role IN $roles
MATCH (run:IngestRun {id: r.src_run})
WHERE run.started_at > s.lifecycle_since
WITH s, o ORDER BY o.reported_on DESC, o.id
WITH s, collect(o.id) AS offences
CREATE (e:LifecycleEvent {
  id: randomUUID(), at: datetime(), by: $by, kind: 'reactivated',
  reason: 'new offence naming the subject: ' + offences[0],
  from_status: s.lifecycle_status, to_status: 'reactivated',
  offence_id: offences[0], offence_ids: offences, tier: s.lifecycle_tier
})
CREATE (s)-[:HAS_EVENT]->(e)
SET s.lifecycle_status = 'reactivated', s.lifecycle_since = e.at
RETURN s.id AS subject_id, offences
