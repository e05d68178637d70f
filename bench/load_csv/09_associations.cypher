LOAD CSV WITH HEADERS FROM 'file:///associations.csv' AS row
CALL (row) {
  MATCH (a:Subject {id: row.subject_id})
  MATCH (b:Subject {id: row.other_subject_id})
  MERGE (a)-[r:ASSOCIATE_OF {key: 'kind=' + row.kind}]->(b)
  SET r.src = 'load_csv:associations.csv:' + linenumber(), r.src_run = $run
  SET r.kind = row.kind
} IN TRANSACTIONS OF 5000 ROWS
