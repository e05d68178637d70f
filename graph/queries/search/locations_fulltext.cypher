// Locations by name, address or postcode through the full-text index ($query as above).
CALL db.index.fulltext.queryNodes('location_names', $query, {limit: $limit})
YIELD node AS l, score
RETURN l.id AS location_id, l.name AS name, l.address AS address, l.postcode AS postcode,
       l.venue_type AS venue_type, COUNT { (l)<-[:OCCURRED_AT]-(:Offence) } AS offences, score
ORDER BY score DESC, location_id
