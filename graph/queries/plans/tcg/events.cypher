// Lifecycle events in a meeting's period ($start <= at < $end), oldest first, with the
// subject each is about (his current tier and owner stand in where the event has none).
MATCH (e:LifecycleEvent)
WHERE e.at >= $start AND e.at < $end
MATCH (s:Subject)-[:HAS_EVENT]->(e)
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       e {.id, .at, .by, .kind, .reason, .from_status, .to_status, .tier, .owner,
          .nomination_id, .offence_id} AS event,
       s.lifecycle_tier AS subject_tier, s.owner AS subject_owner
ORDER BY e.at, e.id
