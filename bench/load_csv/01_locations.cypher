LOAD CSV WITH HEADERS FROM 'file:///locations.csv' AS row
CALL (row) {
  MERGE (l:Location {id: row.location_id})
  SET l.src = 'load_csv:locations.csv:' + linenumber(), l.src_run = $run
  SET l.name = row.name, l.address = row.address, l.postcode = row.postcode,
      l.lat = toFloat(row.lat), l.lon = toFloat(row.lon), l.venue_type = row.venue_type
} IN TRANSACTIONS OF 5000 ROWS
