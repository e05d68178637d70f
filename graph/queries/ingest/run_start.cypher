// Record a new ingest run; an earlier run of the same input that never finished was
// interrupted, and this run completes its work.
OPTIONAL MATCH (old:IngestRun {fingerprint: $fingerprint, status: 'running'})
SET old.status = 'interrupted'
WITH count(old) AS interrupted
CREATE (r:IngestRun {
  id: $id, mapping: $mapping, path: $path, fingerprint: $fingerprint,
  started_at: datetime(), status: 'running', dry_run: false
})
RETURN r.id AS id, interrupted
