// Offences with a located place, for profiles and near-repeat: optional categories (a list),
// window (committed_from, else reported_on) and bounding box [min_lon, min_lat, max_lon,
// max_lat].
MATCH (o:Offence)-[:OCCURRED_AT]->(l:Location)
WITH o, l, coalesce(o.committed_from, o.reported_on) AS d
WHERE ($categories IS NULL OR o.category IN $categories)
  AND ($from IS NULL OR d >= $from) AND ($to IS NULL OR d <= $to)
  AND ($bbox IS NULL OR (l.lon >= $bbox[0] AND l.lat >= $bbox[1]
                         AND l.lon <= $bbox[2] AND l.lat <= $bbox[3]))
RETURN o.id AS offence_id, l.id AS location_id, l.lat AS lat, l.lon AS lon,
       toString(d) AS date, o.committed_time AS time, coalesce(o.month_only, false) AS month_only
ORDER BY date, offence_id
