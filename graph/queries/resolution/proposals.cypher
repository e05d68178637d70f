// The review queue: open proposals (no decision yet on the pair), strongest first.
MATCH (p:ResolutionProposal)
WHERE p.match_probability >= $threshold
  AND NOT EXISTS {
    MATCH (d:ResolutionDecision) WHERE d.pair_ids IS NOT NULL AND p.id IN d.pair_ids }
RETURN p.id AS id, p.subject_ids AS subject_ids, p.match_probability AS match_probability,
       p.match_weight AS match_weight, p.cluster_id AS cluster_id,
       p.contributions AS contributions, p.model_version AS model_version,
       toString(p.proposed_at) AS proposed_at, p.source AS source
ORDER BY match_probability DESC, id
LIMIT $limit
