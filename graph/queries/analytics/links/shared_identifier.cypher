// Shared identifier: a phone, vehicle or email both subjects have. One row per identifier.
UNWIND $ids AS sid
MATCH (a:Subject {id: sid})-[:HAS_IDENTIFIER]->(i:Identifier)<-[:HAS_IDENTIFIER]-(b:Subject)
WHERE b <> a AND ($among IS NULL OR b.id IN $among)
RETURN DISTINCT a.id AS source, b.id AS target,
       trim(coalesce(b.forename, '') + ' ' + coalesce(b.surname, '')) AS target_name,
       i.id AS via, null AS offence_id, null AS other_offence_id,
       null AS date, null AS other_date, null AS days_apart,
       i.kind + ':' + coalesce(i.value, '') AS detail, null AS venue_type
