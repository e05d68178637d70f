LOAD CSV WITH HEADERS FROM 'file:///custody.csv' AS row
CALL (row) {
  MATCH (s:Subject {id: row.subject_id})
  MERGE (c:Custody {id: row.subject_id + '|' + row.start_date})
  SET c.src = 'load_csv:custody.csv:' + linenumber(), c.src_run = $run
  SET c.start_date = date(row.start_date), c.end_date = date(row.end_date),
      c.establishment = row.establishment
  MERGE (s)-[r_:IN_CUSTODY {key: ''}]->(c)
  SET r_.src = 'load_csv:custody.csv:' + linenumber(), r_.src_run = $run
} IN TRANSACTIONS OF 5000 ROWS
