// Places of these venue types, with their offences in a window ($from, $to: dates).
MATCH (l:Location)
WHERE l.venue_type IN $types
OPTIONAL MATCH (o:Offence)-[:OCCURRED_AT]->(l)
WHERE coalesce(o.committed_from, o.reported_on) >= $from
  AND coalesce(o.committed_from, o.reported_on) <= $to
RETURN l.id AS id, l.venue_type AS venue_type, count(o) AS offences
ORDER BY id
