// The most recent ingest runs with what they did.
MATCH (r:IngestRun)
RETURN r.id AS id, r.mapping AS mapping, r.path AS path, r.status AS status,
       r.started_at AS started_at, r.rows_read AS rows_read, r.rows_loaded AS rows_loaded,
       r.rows_quarantined AS rows_quarantined, r.nodes_created AS nodes_created,
       r.nodes_updated AS nodes_updated, r.unclassified_offences AS unclassified_offences
ORDER BY r.started_at DESC
LIMIT $limit
