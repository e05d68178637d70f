// An analyst splits one record out of its confirmed person: every SAME_PERSON_AS of it
// goes; the decision event names the records it was separated from.
MATCH (a:Subject {id: $a})
OPTIONAL MATCH (a)-[r:SAME_PERSON_AS]-(o:Subject)
WITH a, collect(r) AS rels, collect(o.id) AS others
CREATE (d:ResolutionDecision {id: $id, decision: 'split', subject_ids: [$a] + others,
        pair_ids: [o IN others | CASE WHEN $a < o THEN $a + '|' + o ELSE o + '|' + $a END],
        reason: $reason, by: $by, at: datetime()})
CREATE (d)-[:DECIDES]->(a)
FOREACH (r IN rels | DELETE r)
RETURN d.id AS id, others
