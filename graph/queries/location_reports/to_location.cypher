// Cluster reports to known places: any earlier clustering of each report is replaced.
UNWIND $rows AS row
MATCH (r:LocationReport {id: row.report_id}), (l:Location {id: row.target_id})
CALL (r) {
  OPTIONAL MATCH (r)-[old:CLUSTERED_TO]->()
  DELETE old
}
CREATE (r)-[:CLUSTERED_TO {distance_m: row.distance_m, radius_m: $radius_m,
                           at: datetime()}]->(l)
RETURN count(*) AS written
