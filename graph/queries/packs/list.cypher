// The newest pack records (of one subject when $subject_id is given): who received which
// version, when, with the hash of the file they were given.
MATCH (p:PackRecord)
WHERE $subject_id IS NULL OR p.subject_id = $subject_id
RETURN p {.*} AS record
ORDER BY p.generated_at DESC, p.id DESC
LIMIT $limit
