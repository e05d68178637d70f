// Every subject as person resolution compares it: names, aliases, birth date, gender, PNC id,
// the identifiers he holds and the addresses he lives at.
MATCH (s:Subject)
WHERE $ids IS NULL OR s.id IN $ids
OPTIONAL MATCH (s)-[:HAS_IDENTIFIER]->(i:Identifier)
WITH s, collect(DISTINCT coalesce(i.kind, '') + ':' + i.value) AS identifiers
OPTIONAL MATCH (s)-[:LIVES_AT]->(l:Location)
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       coalesce(s.aliases, []) AS aliases, toString(s.dob) AS dob, s.gender AS gender,
       s.pnc_id AS pnc_id, identifiers, collect(DISTINCT l.id) AS addresses
ORDER BY subject_id
