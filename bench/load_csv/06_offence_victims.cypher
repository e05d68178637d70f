LOAD CSV WITH HEADERS FROM 'file:///offence_victims.csv' AS row
CALL (row) {
  MATCH (v:Victim {id: row.victim_id})
  MATCH (o:Offence {id: row.offence_id})
  MERGE (v)-[r_:VICTIM_OF {key: ''}]->(o)
  SET r_.src = 'load_csv:offence_victims.csv:' + linenumber(), r_.src_run = $run
} IN TRANSACTIONS OF 5000 ROWS
