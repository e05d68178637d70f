// The subjects one ingest run created or changed.
MATCH (s:Subject)
WHERE s.src_run = $run
RETURN s.id AS subject_id
ORDER BY subject_id
