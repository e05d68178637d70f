// Places by id, with what the disclosure policy needs to judge them (the venue type).
UNWIND $ids AS lid
MATCH (l:Location {id: lid})
RETURN l.id AS id, coalesce(l.name, l.address) AS name, l.postcode AS postcode,
       l.venue_type AS venue_type
