// Write one batch of nodes of one label. Unchanged nodes (same property hash) are not
// touched, so a re-run changes nothing; {{label}} comes only from graph/model.py.
UNWIND $rows AS row
MERGE (n:{{label}} {id: row.id})
WITH n, row, n.src_hash AS old
WHERE old IS NULL OR old <> row.hash
SET n += row.props,
    n.src_hash = row.hash,
    n.src = row.src,
    n.src_run = $run
RETURN count(CASE WHEN old IS NULL THEN 1 END) AS created,
       count(CASE WHEN old IS NOT NULL THEN 1 END) AS updated
