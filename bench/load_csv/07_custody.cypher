LOAD CSV WITH HEADERS FROM 'file:///custody.csv' AS row
CALL (row) {
  MATCH (s:Subject {id: row.subject_id})
  MERGE (c:Custody {id: row.subject_id + '|' + row.start_date})
  SET c.start_date = date(row.start_date), c.end_date = date(row.end_date),
      c.establishment = row.establishment
  MERGE (s)-[:IN_CUSTODY {key: ''}]->(c)
} IN TRANSACTIONS OF 5000 ROWS
