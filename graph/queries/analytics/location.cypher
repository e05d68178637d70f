// One location's own record, for a profile's heading.
MATCH (l:Location {id: $id})
RETURN l.id AS location_id, coalesce(l.name, l.address) AS name, l.venue_type AS venue_type,
       l.postcode AS postcode, l.lat AS lat, l.lon AS lon
