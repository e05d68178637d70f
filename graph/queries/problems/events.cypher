// Offences, intelligence and public reports at places ($ids), and public reports within
// $radius_m of ($lat, $lon) when given; dated (offences: committed_from, else reported_on)
// and optionally windowed ($from, $to: dates or null).
CALL () {
  UNWIND $ids AS lid
  MATCH (o:Offence)-[:OCCURRED_AT]->(:Location {id: lid})
  WITH o, coalesce(o.committed_from, o.reported_on) AS d
  WHERE ($from IS NULL OR d >= $from) AND ($to IS NULL OR d <= $to)
  RETURN 'offence' AS kind, o.id AS id, toString(d) AS date, o.category AS category,
         o.committed_time AS time
  UNION
  UNWIND $ids AS lid
  MATCH (i:Intelligence)-[:REPORTED_AT]->(:Location {id: lid})
  WHERE ($from IS NULL OR i.reported_on >= $from) AND ($to IS NULL OR i.reported_on <= $to)
  RETURN 'intelligence' AS kind, i.id AS id, toString(i.reported_on) AS date,
         null AS category, null AS time
  UNION
  UNWIND $ids AS lid
  MATCH (r:LocationReport)-[:CLUSTERED_TO]->(:Location {id: lid})
  WHERE ($from IS NULL OR r.reported_on >= $from) AND ($to IS NULL OR r.reported_on <= $to)
  RETURN 'report' AS kind, r.id AS id, toString(r.reported_on) AS date, null AS category,
         null AS time
  UNION
  MATCH (r:LocationReport)
  WHERE $lat IS NOT NULL
    AND point.distance(point({latitude: r.lat, longitude: r.lon}),
                       point({latitude: $lat, longitude: $lon})) <= $radius_m
    AND ($from IS NULL OR r.reported_on >= $from) AND ($to IS NULL OR r.reported_on <= $to)
  RETURN 'report' AS kind, r.id AS id, toString(r.reported_on) AS date, null AS category,
         null AS time
}
RETURN kind, id, date, category, time
ORDER BY date, kind, id
