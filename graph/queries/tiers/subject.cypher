// One subject's identity and lifecycle state.
MATCH (s:Subject {id: $subject_id})
OPTIONAL MATCH (n:Nomination)-[:NOMINATES]->(s)
WITH s, n ORDER BY n.created_at DESC
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       s.lifecycle_status AS status, s.lifecycle_tier AS adopted_tier, s.owner AS owner,
       s.release_watch AS release_watch,
       collect(n {.id, .status, .nominated_by, .agency, .rationale, .decided_on, .decided_by,
                  .created_at})[0..10] AS nominations
