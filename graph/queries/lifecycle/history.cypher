// Every lifecycle event of one subject, oldest first (nothing is ever overwritten).
MATCH (:Subject {id: $subject_id})-[:HAS_EVENT]->(e:LifecycleEvent)
RETURN e {.*} AS event
ORDER BY e.at, e.id
