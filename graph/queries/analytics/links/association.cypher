// Recorded association (ASSOCIATE_OF {kind}), either direction. One row per kind.
UNWIND $ids AS sid
MATCH (a:Subject {id: sid})-[r:ASSOCIATE_OF]-(b:Subject)
WHERE b <> a AND ($among IS NULL OR b.id IN $among)
RETURN DISTINCT a.id AS source, b.id AS target,
       trim(coalesce(b.forename, '') + ' ' + coalesce(b.surname, '')) AS target_name,
       coalesce(r.kind, 'associate') AS via, null AS offence_id, null AS other_offence_id,
       null AS date, null AS other_date, null AS days_apart, r.rel_type AS detail,
       null AS venue_type
