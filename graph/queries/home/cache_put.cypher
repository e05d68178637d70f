// Keep the dashboard's trawl part for an as-of date and marker: one node per date, and the
// entries of earlier dates are dropped (no dashboard asks for them again).
MERGE (c:DashboardCache {id: $as_of})
SET c.marker = $marker, c.data = $data, c.computed_at = datetime()
WITH c
CALL (c) {
  MATCH (old:DashboardCache) WHERE old.id < c.id
  DETACH DELETE old
}
RETURN c.id AS id
