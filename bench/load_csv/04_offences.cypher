LOAD CSV WITH HEADERS FROM 'file:///offences.csv' AS row
CALL (row) {
  MERGE (o:Offence {id: row.offence_id})
  SET o.src = 'load_csv:offences.csv:' + linenumber(), o.src_run = $run
  SET o.crime_ref = row.offence_id, o.ho_code = row.ho_code, o.offence_type = row.offence_type,
      o.committed_from = date(row.committed_from), o.committed_to = date(row.committed_to),
      o.reported_on = date(row.reported_on), o.outcome_code = toInteger(row.outcome_code),
      o.domestic = toBoolean(row.domestic), o.mo_notes = row.mo_notes,
      o.committed_time = row.committed_time
  WITH o, row WHERE row.location_id IS NOT NULL
  MATCH (l:Location {id: row.location_id})
  MERGE (o)-[r_:OCCURRED_AT {key: ''}]->(l)
  SET r_.src = 'load_csv:offences.csv:' + linenumber(), r_.src_run = $run
} IN TRANSACTIONS OF 5000 ROWS
