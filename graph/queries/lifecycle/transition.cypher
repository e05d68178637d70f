// Move a subject to a new lifecycle status with an append-only event, but only from an
// allowed status (checked here, in the same transaction as the write).
MATCH (s:Subject {id: $subject_id})
WHERE coalesce(s.lifecycle_status, 'candidate') IN $allowed_from
CREATE (e:LifecycleEvent {
  id: $event_id, at: datetime(), by: $by, kind: $kind, reason: $reason,
  from_status: coalesce(s.lifecycle_status, 'candidate'), to_status: $to_status,
  tier: $tier, owner: $owner, release_watch: $release_watch, nomination_id: $nomination_id
})
CREATE (s)-[:HAS_EVENT]->(e)
SET s.lifecycle_status = $to_status,
    s.lifecycle_since = e.at,
    s.lifecycle_tier = coalesce($tier, s.lifecycle_tier),
    s.owner = CASE WHEN $owner IS NULL THEN s.owner ELSE $owner END,
    s.release_watch = $release_watch
RETURN e {.*, subject_id: s.id} AS event
