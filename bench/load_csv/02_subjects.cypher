LOAD CSV WITH HEADERS FROM 'file:///subjects.csv' AS row
CALL (row) {
  MERGE (s:Subject {id: row.subject_id})
  SET s.src = 'load_csv:subjects.csv:' + linenumber(), s.src_run = $run
  SET s.forename = row.forename, s.surname = row.surname, s.aliases = split(row.aliases, ';'),
      s.aliases_text = row.aliases, s.dob = date(row.dob), s.gender = row.gender,
      s.pnc_id = row.pnc_id
} IN TRANSACTIONS OF 5000 ROWS
