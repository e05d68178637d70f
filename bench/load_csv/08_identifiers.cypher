LOAD CSV WITH HEADERS FROM 'file:///identifiers.csv' AS row
CALL (row) {
  MATCH (s:Subject {id: row.subject_id})
  MERGE (i:Identifier {id: row.kind + ':' + row.value})
  SET i.src = 'load_csv:identifiers.csv:' + linenumber(), i.src_run = $run
  SET i.kind = row.kind, i.value = row.value
  MERGE (s)-[r_:HAS_IDENTIFIER {key: ''}]->(i)
  SET r_.src = 'load_csv:identifiers.csv:' + linenumber(), r_.src_run = $run
} IN TRANSACTIONS OF 5000 ROWS
