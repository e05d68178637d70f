// Cluster reports to grid cells (made on first use): any earlier clustering is replaced.
UNWIND $rows AS row
MATCH (r:LocationReport {id: row.report_id})
CALL (r) {
  OPTIONAL MATCH (r)-[old:CLUSTERED_TO]->()
  DELETE old
}
MERGE (g:GridCell {id: row.target_id})
  ON CREATE SET g.lat = row.lat, g.lon = row.lon, g.cell_m = $cell_m, g.name = row.name
CREATE (r)-[:CLUSTERED_TO {cell_m: $cell_m, at: datetime()}]->(g)
RETURN count(*) AS written
