// Offences and locations by venue type in a window (filters optional, as repeat_locations).
MATCH (o:Offence)-[:OCCURRED_AT]->(l:Location)
WITH o, l, coalesce(o.committed_from, o.reported_on) AS d
WHERE ($from IS NULL OR d >= $from) AND ($to IS NULL OR d <= $to)
  AND ($categories IS NULL OR o.category IN $categories)
RETURN coalesce(l.venue_type, 'unknown') AS venue_type, count(o) AS offences,
       count(DISTINCT l) AS locations
ORDER BY offences DESC, venue_type
