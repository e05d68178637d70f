// The known place nearest a point (a map click), within $radius_m metres, or nothing.
MATCH (l:Location)
WHERE l.lat IS NOT NULL AND l.lon IS NOT NULL
WITH l, point.distance(point({latitude: l.lat, longitude: l.lon}),
                       point({latitude: $lat, longitude: $lon})) AS metres
WHERE metres <= $radius_m
RETURN l.id AS location_id, l.name AS name, l.venue_type AS venue_type, metres
ORDER BY metres, location_id
LIMIT 1
