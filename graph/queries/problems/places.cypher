// The places a problem covers, as records (the disclosure policy decides what leaves).
UNWIND $ids AS lid
MATCH (l:Location {id: lid})
RETURN l.id AS id, coalesce(l.name, l.address, l.id) AS name, l.address AS address,
       l.postcode AS postcode, l.venue_type AS venue_type, l.lat AS lat, l.lon AS lon
ORDER BY id
