// Located places within $radius_m metres of a point (Neo4j's WGS-84 distance).
MATCH (l:Location)
WHERE l.lat IS NOT NULL AND l.lon IS NOT NULL
  AND point.distance(point({latitude: l.lat, longitude: l.lon}),
                     point({latitude: $lat, longitude: $lon})) <= $radius_m
RETURN l.id AS id
ORDER BY id
