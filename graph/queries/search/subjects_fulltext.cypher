// Subjects by name, alias, id or PNC through the full-text index; $query is a Lucene query
// built (and escaped) by graph.people.lucene_query, always passed as a parameter.
CALL db.index.fulltext.queryNodes('subject_names', $query, {limit: $limit})
YIELD node AS s, score
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       s.aliases AS aliases, s.dob AS dob, s.pnc_id AS pnc_id,
       s.lifecycle_status AS status, s.lifecycle_tier AS tier,
       COUNT { (s)-[:NAMED_IN]->(:Offence) } AS offences, score
ORDER BY score DESC, subject_id
