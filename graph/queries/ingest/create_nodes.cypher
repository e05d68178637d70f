// Write one batch of nodes that do not exist yet (checked just before): CREATE skips the
// lookup and locking of MERGE. {{label}} comes only from graph/model.py.
UNWIND $rows AS row
CREATE (n:{{label}} {id: row.id})
SET n += row.props,
    n.src_hash = row.hash,
    n.src = row.src,
    n.src_run = $run
RETURN count(n) AS created, 0 AS updated
