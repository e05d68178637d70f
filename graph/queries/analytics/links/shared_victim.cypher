// Shared victim: one victim of an offence each subject is named in (two different offences;
// one offence is co-offending). One row per (victim, offence pair). Victim ids only: who she
// is stays on her own record.
UNWIND $ids AS sid
MATCH (a:Subject {id: sid})-[r1:NAMED_IN]->(o1:Offence)<-[:VICTIM_OF]-(v:Victim)
      -[:VICTIM_OF]->(o2:Offence)<-[r2:NAMED_IN]-(b:Subject)
WHERE b <> a AND o1 <> o2 AND r1.role IN $roles AND r2.role IN $roles
  AND ($among IS NULL OR b.id IN $among)
RETURN DISTINCT a.id AS source, b.id AS target,
       trim(coalesce(b.forename, '') + ' ' + coalesce(b.surname, '')) AS target_name,
       v.id AS via, o1.id AS offence_id, o2.id AS other_offence_id,
       toString(coalesce(o1.committed_from, o1.reported_on)) AS date,
       toString(coalesce(o2.committed_from, o2.reported_on)) AS other_date,
       null AS days_apart, null AS detail, null AS venue_type
