LOAD CSV WITH HEADERS FROM 'file:///orders.csv' AS row
CALL (row) {
  MATCH (s:Subject {id: row.subject_id})
  MERGE (o:Order {id: row.order_id})
  SET o.order_type = toLower(row.order_type), o.start_date = date(row.start_date),
      o.end_date = date(row.end_date), o.conditions = row.conditions
  MERGE (s)-[:HAS_ORDER {key: ''}]->(o)
} IN TRANSACTIONS OF 5000 ROWS
