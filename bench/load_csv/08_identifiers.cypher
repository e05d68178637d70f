LOAD CSV WITH HEADERS FROM 'file:///identifiers.csv' AS row
CALL (row) {
  MATCH (s:Subject {id: row.subject_id})
  MERGE (i:Identifier {id: row.kind + ':' + row.value})
  SET i.kind = row.kind, i.value = row.value
  MERGE (s)-[:HAS_IDENTIFIER {key: ''}]->(i)
} IN TRANSACTIONS OF 5000 ROWS
