// Co-offending: both subjects named (in $roles) on the same offence. One row per offence.
// $ids: the subjects to link from; $among: null, or the only subjects to link to.
UNWIND $ids AS sid
MATCH (a:Subject {id: sid})-[r1:NAMED_IN]->(o:Offence)<-[r2:NAMED_IN]-(b:Subject)
WHERE b <> a AND r1.role IN $roles AND r2.role IN $roles
  AND ($among IS NULL OR b.id IN $among)
RETURN DISTINCT a.id AS source, b.id AS target,
       trim(coalesce(b.forename, '') + ' ' + coalesce(b.surname, '')) AS target_name,
       o.id AS via, null AS offence_id, null AS other_offence_id,
       toString(coalesce(o.committed_from, o.reported_on)) AS date, null AS other_date,
       null AS days_apart, o.category AS detail, null AS venue_type
