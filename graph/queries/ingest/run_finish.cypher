// Close an ingest run with what it did (counts, and the summary as JSON).
MATCH (r:IngestRun {id: $id})
SET r += $props, r.finished_at = datetime()
RETURN r.id AS id
