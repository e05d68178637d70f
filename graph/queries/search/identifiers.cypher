// Identifiers (phone, vehicle, email) whose id is one of $ids (kind:normalised value, as the
// ingest builds it) or starts with one of $prefixes, with the subjects who have each (and
// how each subject's record spelt it) and the offences it is involved in.
CALL () {
  MATCH (i:Identifier) WHERE i.id IN $ids RETURN i
  UNION
  UNWIND $prefixes AS prefix
  MATCH (i:Identifier) WHERE i.id STARTS WITH prefix RETURN i
}
WITH i ORDER BY i.id LIMIT $limit
OPTIONAL MATCH (s:Subject)-[h:HAS_IDENTIFIER]->(i)
WITH i, s, collect(DISTINCT h.as_recorded) AS spellings
ORDER BY s.id
WITH i, collect(CASE WHEN s IS NULL THEN null ELSE {
         subject_id: s.id, forename: s.forename, surname: s.surname, aliases: s.aliases,
         dob: s.dob, pnc_id: s.pnc_id, status: s.lifecycle_status, tier: s.lifecycle_tier,
         offences: COUNT { (s)-[:NAMED_IN]->(:Offence) }, as_recorded: spellings} END)
       AS subjects
RETURN i.id AS identifier_id, i.kind AS kind, i.value AS value, subjects,
       COUNT { (i)-[:INVOLVED_IN]->(:Offence) } AS offences
ORDER BY identifier_id
