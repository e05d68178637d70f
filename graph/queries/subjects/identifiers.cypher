// One subject's phones, vehicles and emails, each with the other subjects sharing it.
MATCH (s:Subject {id: $subject_id})-[h:HAS_IDENTIFIER]->(i:Identifier)
WITH s, i, collect(DISTINCT h.as_recorded) AS spellings
OPTIONAL MATCH (i)<-[:HAS_IDENTIFIER]-(t:Subject)
  WHERE t <> s
WITH i, spellings, t
ORDER BY t.id
WITH i, spellings, collect(DISTINCT t {.forename, .surname, subject_id: t.id}) AS shared_with
RETURN i.id AS identifier_id, i.kind AS kind, i.value AS value, spellings,
       shared_with[0..$limit] AS shared_with, size(shared_with) AS shared_count
ORDER BY kind, value
