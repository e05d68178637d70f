// Reactivations ($start <= at < $end), oldest first, with the subject each is about.
MATCH (e:LifecycleEvent)
WHERE e.at >= $start AND e.at < $end AND e.kind = 'reactivated'
MATCH (s:Subject)-[:HAS_EVENT]->(e)
RETURN e.id AS event_id, e.at AS at, e.offence_id AS offence_id, e.reason AS reason,
       e.tier AS tier, s.id AS subject_id, s.forename AS forename, s.surname AS surname
ORDER BY e.at, e.id
