// Shared address: both subjects live at the same location. One row per location.
UNWIND $ids AS sid
MATCH (a:Subject {id: sid})-[:LIVES_AT]->(l:Location)<-[:LIVES_AT]-(b:Subject)
WHERE b <> a AND ($among IS NULL OR b.id IN $among)
RETURN DISTINCT a.id AS source, b.id AS target,
       trim(coalesce(b.forename, '') + ' ' + coalesce(b.surname, '')) AS target_name,
       l.id AS via, null AS offence_id, null AS other_offence_id,
       null AS date, null AS other_date, null AS days_apart,
       coalesce(l.name, l.address) AS detail,
       l.venue_type AS venue_type
