// The IngestRun a bulk import brought in, with its summary (to finish the run after it).
MATCH (r:IngestRun {id: $id})
RETURN r.id AS id, r.summary_json AS summary_json
