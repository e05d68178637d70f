// Locations whose id or postcode is exactly what was typed (both indexed).
MATCH (l:Location)
WHERE l.id = $id
RETURN l.id AS location_id, l.name AS name, l.address AS address, l.postcode AS postcode,
       l.venue_type AS venue_type, COUNT { (l)<-[:OCCURRED_AT]-(:Offence) } AS offences
UNION
MATCH (l:Location)
WHERE l.postcode = $postcode
RETURN l.id AS location_id, l.name AS name, l.address AS address, l.postcode AS postcode,
       l.venue_type AS venue_type, COUNT { (l)<-[:OCCURRED_AT]-(:Offence) } AS offences
