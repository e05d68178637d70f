// Places with coordinates to pick on the intelligence form's map: non-residential places,
// busiest (most offences and intelligence) first.
MATCH (l:Location)
WHERE l.lat IS NOT NULL AND l.lon IS NOT NULL AND l.venue_type IS NOT NULL
  AND l.venue_type <> 'residential'
WITH l, COUNT { (l)<-[:OCCURRED_AT|REPORTED_AT]-() } AS records
ORDER BY records DESC, l.id
LIMIT $limit
RETURN l.id AS location_id, l.name AS name, l.venue_type AS venue_type, l.lat AS lat,
       l.lon AS lon, records
