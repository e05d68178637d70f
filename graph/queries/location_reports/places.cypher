// Known places a report may cluster to: located, and not an online platform.
MATCH (l:Location)
WHERE l.lat IS NOT NULL AND l.lon IS NOT NULL AND coalesce(l.venue_type, '') <> 'online'
RETURN l.id AS location_id, l.lat AS lat, l.lon AS lon
