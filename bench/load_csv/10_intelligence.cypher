LOAD CSV WITH HEADERS FROM 'file:///intelligence.csv' AS row
CALL (row) {
  MERGE (i:Intelligence {id: row.intel_id})
  SET i.src = 'load_csv:intelligence.csv:' + linenumber(), i.src_run = $run
  SET i.reported_on = date(row.reported_on), i.grading = row.grading,
      i.behaviour = row.behaviour, i.summary = row.summary
  WITH i, row
  OPTIONAL MATCH (s:Subject {id: row.subject_id})
  FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | MERGE (s)-[r_:SUBJECT_OF {key: ''}]->(i) SET r_.src = 'load_csv:intelligence.csv:' + linenumber(), r_.src_run = $run)
  WITH i, row
  OPTIONAL MATCH (l:Location {id: row.location_id})
  FOREACH (_ IN CASE WHEN l IS NULL THEN [] ELSE [1] END | MERGE (i)-[r_:REPORTED_AT {key: ''}]->(l)
  SET r_.src = 'load_csv:intelligence.csv:' + linenumber(), r_.src_run = $run)
} IN TRANSACTIONS OF 5000 ROWS
