// An analyst confirms that two subject records are one person: an append-only decision event
// and a SAME_PERSON_AS relationship. Neither record is changed.
MATCH (a:Subject {id: $a}), (b:Subject {id: $b})
CREATE (d:ResolutionDecision {id: $id, decision: 'confirm', subject_ids: [$a, $b],
        pair_ids: [$pair], reason: $reason, by: $by, at: datetime(),
        match_probability: $match_probability, model_version: $model_version})
CREATE (d)-[:DECIDES]->(a), (d)-[:DECIDES]->(b)
MERGE (a)-[r:SAME_PERSON_AS]-(b)
SET r.decision_id = $id, r.confirmed_by = $by, r.confirmed_at = d.at, r.reason = $reason
RETURN d.id AS id
