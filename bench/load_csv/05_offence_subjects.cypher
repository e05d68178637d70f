LOAD CSV WITH HEADERS FROM 'file:///offence_subjects.csv' AS row
CALL (row) {
  MATCH (s:Subject {id: row.subject_id})
  MATCH (o:Offence {id: row.offence_id})
  MERGE (s)-[r:NAMED_IN {key: 'role=' + row.role}]->(o)
  SET r.src = 'load_csv:offence_subjects.csv:' + linenumber(), r.src_run = $run
  SET r.role = row.role, r.named_on = date(row.named_on)
} IN TRANSACTIONS OF 5000 ROWS
