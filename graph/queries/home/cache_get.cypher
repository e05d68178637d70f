// The dashboard's cached trawl part for an as-of date, if it was computed at this marker.
MATCH (c:DashboardCache {id: $as_of})
WHERE c.marker = $marker
RETURN c.data AS data
