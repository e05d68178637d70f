// The places public reports cluster to, with the reports in a window ($from, $to: dates or
// null) and their factors; busiest first.
MATCH (r:LocationReport)-[:CLUSTERED_TO]->(t)
WHERE ($from IS NULL OR r.reported_on >= $from) AND ($to IS NULL OR r.reported_on <= $to)
WITH t, collect(r) AS reports
RETURN t.id AS id, CASE WHEN t:GridCell THEN 'cell' ELSE 'location' END AS kind,
       coalesce(t.name, t.address, t.id) AS name, t.venue_type AS venue_type,
       t.postcode AS postcode, t.lat AS lat, t.lon AS lon, size(reports) AS reports,
       [r IN reports | coalesce(r.factors, [])] AS factor_lists,
       [r IN reports | toString(r.reported_on)] AS dates
ORDER BY reports DESC, id
LIMIT $limit
