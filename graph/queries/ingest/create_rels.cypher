// Write one batch of relationships with at least one end created by this run, so none of
// them can exist yet: CREATE instead of MERGE.
UNWIND $rows AS row
MATCH (a:{{from_label}} {id: row.start})
MATCH (b:{{to_label}} {id: row.end})
CREATE (a)-[r:{{rel_type}} {key: row.key}]->(b)
SET r += row.props,
    r.src_hash = row.hash,
    r.src = row.src,
    r.src_run = $run
RETURN count(r) AS created, 0 AS updated
