// Every public location report with its coordinates and where it is clustered now.
MATCH (r:LocationReport)
OPTIONAL MATCH (r)-[:CLUSTERED_TO]->(t)
RETURN r.id AS report_id, r.lat AS lat, r.lon AS lon, collect(t.id) AS targets
ORDER BY report_id
