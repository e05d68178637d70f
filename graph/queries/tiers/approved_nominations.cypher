// Tier 3: subjects whose nomination a panel approved on or before the as-of date.
MATCH (n:Nomination {status: 'approved'})-[:NOMINATES]->(s:Subject)
WHERE n.decided_on <= $as_of
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       n.id AS nomination_id, n.decided_on AS decided_on,
       s.lifecycle_status AS status, s.owner AS owner
