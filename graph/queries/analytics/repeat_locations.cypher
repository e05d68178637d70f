// Locations ranked by offences in a window (committed_from, else reported_on), with distinct
// victims, repeat victims (harmed more than once there) and distinct subjects ($roles), beside
// the intelligence reports and public location reports there in the window.
// Filters are optional ($from, $to, $categories: a list of offence categories, $venue_type;
// null: no filter).
// With a window, the offences in it come from the date indexes (committed_from, and
// reported_on for those without one) instead of a scan of every offence: a 12-month window
// reads a tenth of a ten-year force. The exact window test follows.
CALL () {
  MATCH (o:Offence) WHERE $from IS NOT NULL AND o.committed_from >= $from RETURN o
  UNION
  MATCH (o:Offence)
  WHERE $from IS NOT NULL AND o.reported_on >= $from AND o.committed_from IS NULL
  RETURN o
  UNION
  MATCH (o:Offence) WHERE $from IS NULL RETURN o
}
MATCH (o)-[:OCCURRED_AT]->(l:Location)
WITH o, l, coalesce(o.committed_from, o.reported_on) AS d
WHERE ($from IS NULL OR d >= $from) AND ($to IS NULL OR d <= $to)
  AND ($categories IS NULL OR o.category IN $categories)
  AND ($venue_type IS NULL OR l.venue_type = $venue_type)
WITH l, collect(o) AS offences, min(d) AS first, max(d) AS last
WITH l, offences, size(offences) AS n, first, last
ORDER BY n DESC, l.id
LIMIT $limit
CALL (offences) {
  UNWIND offences AS o
  MATCH (v:Victim)-[:VICTIM_OF]->(o)
  WITH v, count(DISTINCT o) AS times
  ORDER BY v.id
  RETURN count(v) AS victims, count(CASE WHEN times > 1 THEN 1 END) AS repeat_victims,
         collect(CASE WHEN times > 1 THEN v.id END) AS repeat_victim_ids
}
CALL (offences) {
  UNWIND offences AS o
  MATCH (s:Subject)-[r:NAMED_IN]->(o)
  WHERE r.role IN $roles
  RETURN count(DISTINCT s) AS subjects
}
// Intelligence reported at the place and public reports clustered to it, in the same window
// (their own dates; the offence category does not apply to them).
CALL (l) {
  OPTIONAL MATCH (i:Intelligence)-[:REPORTED_AT]->(l)
  WHERE ($from IS NULL OR i.reported_on >= $from) AND ($to IS NULL OR i.reported_on <= $to)
  RETURN count(i) AS intelligence
}
CALL (l) {
  OPTIONAL MATCH (p:LocationReport)-[:CLUSTERED_TO]->(l)
  WHERE ($from IS NULL OR p.reported_on >= $from) AND ($to IS NULL OR p.reported_on <= $to)
  RETURN count(p) AS reports
}
RETURN l.id AS location_id, coalesce(l.name, l.address) AS name, l.venue_type AS venue_type,
       l.postcode AS postcode, l.lat AS lat, l.lon AS lon, n AS offences, victims,
       repeat_victims, repeat_victim_ids, subjects, intelligence, reports,
       toString(first) AS first, toString(last) AS last
ORDER BY offences DESC, location_id
