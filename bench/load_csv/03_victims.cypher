LOAD CSV WITH HEADERS FROM 'file:///victims.csv' AS row
CALL (row) {
  MERGE (v:Victim {id: row.victim_id})
  SET v.src = 'load_csv:victims.csv:' + linenumber(), v.src_run = $run
  SET v.forename = row.forename, v.surname = row.surname, v.dob = date(row.dob),
      v.gender = row.gender
} IN TRANSACTIONS OF 5000 ROWS
