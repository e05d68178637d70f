// Write one batch of relationships of one type between two labels. A relationship is
// identified by its ends, its type and its key (e.g. the role for NAMED_IN).
UNWIND $rows AS row
MATCH (a:{{from_label}} {id: row.start})
MATCH (b:{{to_label}} {id: row.end})
MERGE (a)-[r:{{rel_type}} {key: row.key}]->(b)
WITH r, row, r.src_hash AS old
WHERE old IS NULL OR old <> row.hash
SET r += row.props,
    r.src_hash = row.hash,
    r.src = row.src,
    r.src_run = $run
RETURN count(CASE WHEN old IS NULL THEN 1 END) AS created,
       count(CASE WHEN old IS NOT NULL THEN 1 END) AS updated
