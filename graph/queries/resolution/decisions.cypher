// The decision log, newest first (append-only: nothing here is ever updated).
MATCH (d:ResolutionDecision)
WHERE $subject_id IS NULL OR $subject_id IN d.subject_ids
RETURN d.id AS id, d.decision AS decision, d.subject_ids AS subject_ids, d.reason AS reason,
       d.by AS by, toString(d.at) AS at, d.match_probability AS match_probability
ORDER BY d.at DESC
LIMIT $limit
