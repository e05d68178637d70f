LOAD CSV WITH HEADERS FROM 'file:///orders.csv' AS row
CALL (row) {
  MATCH (s:Subject {id: row.subject_id})
  MERGE (o:Order {id: row.order_id})
  SET o.src = 'load_csv:orders.csv:' + linenumber(), o.src_run = $run
  SET o.order_type = toLower(row.order_type), o.start_date = date(row.start_date),
      o.end_date = date(row.end_date), o.conditions = row.conditions
  MERGE (s)-[r_:HAS_ORDER {key: ''}]->(o)
  SET r_.src = 'load_csv:orders.csv:' + linenumber(), r_.src_run = $run
} IN TRANSACTIONS OF 5000 ROWS
