// Subjects associated with one subject (either direction), with every kind of association.
MATCH (s:Subject {id: $subject_id})-[a:ASSOCIATE_OF]-(t:Subject)
WHERE t <> s
RETURN t.id AS subject_id, t.forename AS forename, t.surname AS surname,
       collect(DISTINCT a.kind) AS kinds
ORDER BY subject_id
LIMIT $limit
