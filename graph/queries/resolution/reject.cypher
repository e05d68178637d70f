// An analyst rejects a pair (also reverses an earlier confirmation of it): an append-only
// decision event; any SAME_PERSON_AS between the two goes, the event keeps the history.
MATCH (a:Subject {id: $a}), (b:Subject {id: $b})
CREATE (d:ResolutionDecision {id: $id, decision: 'reject', subject_ids: [$a, $b],
        pair_ids: [$pair], reason: $reason, by: $by, at: datetime(),
        match_probability: $match_probability, model_version: $model_version})
CREATE (d)-[:DECIDES]->(a), (d)-[:DECIDES]->(b)
WITH a, b, d
OPTIONAL MATCH (a)-[r:SAME_PERSON_AS]-(b)
DELETE r
RETURN d.id AS id
