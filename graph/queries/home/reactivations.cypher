// Reactivations since a moment: an archived or monitored subject named on a new offence.
MATCH (e:LifecycleEvent)
WHERE e.at >= $since AND e.kind = 'reactivated'
MATCH (s:Subject)-[:HAS_EVENT]->(e)
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       e.at AS at, e.offence_id AS offence_id, e.from_status AS from_status, e.by AS by,
       e.tier AS tier, s.lifecycle_status AS status, s.owner AS owner
ORDER BY e.at DESC, s.id
LIMIT $limit
