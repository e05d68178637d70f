// Keep the proposals of one run (re-running replaces a pair's proposal, never a decision).
UNWIND $rows AS row
MERGE (p:ResolutionProposal {id: row.id})
SET p.subject_ids = row.subject_ids, p.match_probability = row.match_probability,
    p.match_weight = row.match_weight, p.cluster_id = row.cluster_id,
    p.contributions = row.contributions, p.model_version = row.model_version,
    p.proposed_at = datetime(), p.source = row.source
