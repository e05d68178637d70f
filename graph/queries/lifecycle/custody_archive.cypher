// Adopted (or reactivated, or monitored) subjects now in custody are archived, with a
// watch on the release date (null when none is recorded).
MATCH (s:Subject)
WHERE s.lifecycle_status IN ['adopted', 'reactivated', 'monitoring']
MATCH (s)-[:IN_CUSTODY]->(c:Custody)
WHERE c.start_date <= $today AND (c.end_date IS NULL OR c.end_date > $today)
WITH s, collect(c.end_date) AS ends, count(c) AS periods
WITH s, CASE WHEN size(ends) < periods THEN null ELSE reduce(m = ends[0], d IN ends |
          CASE WHEN d > m THEN d ELSE m END) END AS release
CREATE (e:LifecycleEvent {
  id: randomUUID(), at: datetime(), by: $by, kind: 'custody_archived',
  reason: 'in custody on ' + toString($today) +
          CASE WHEN release IS NULL THEN ', no release date recorded'
               ELSE ', release due ' + toString(release) END,
  from_status: s.lifecycle_status, to_status: 'archived', release_watch: release,
  tier: s.lifecycle_tier
})
CREATE (s)-[:HAS_EVENT]->(e)
SET s.lifecycle_status = 'archived', s.lifecycle_since = e.at, s.release_watch = release
RETURN s.id AS subject_id, release
