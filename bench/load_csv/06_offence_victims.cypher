LOAD CSV WITH HEADERS FROM 'file:///offence_victims.csv' AS row
CALL (row) {
  MATCH (v:Victim {id: row.victim_id})
  MATCH (o:Offence {id: row.offence_id})
  MERGE (v)-[:VICTIM_OF {key: ''}]->(o)
} IN TRANSACTIONS OF 5000 ROWS
