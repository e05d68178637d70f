// The latest public reports at places ($ids) or within $radius_m of ($lat, $lon), with what
// the public wrote (the disclosure policy decides who reads it).
CALL () {
  UNWIND $ids AS lid
  MATCH (r:LocationReport)-[:CLUSTERED_TO]->(:Location {id: lid})
  RETURN r
  UNION
  MATCH (r:LocationReport)
  WHERE $lat IS NOT NULL
    AND point.distance(point({latitude: r.lat, longitude: r.lon}),
                       point({latitude: $lat, longitude: $lon})) <= $radius_m
  RETURN r
}
RETURN r.id AS report_id, toString(r.reported_on) AS reported_on,
       coalesce(r.factors, []) AS factors, r.free_text AS free_text
ORDER BY reported_on DESC, report_id
LIMIT $limit
