// Sexual offences naming the given subjects (those with behaviour reports), for the rule
// escalated_to_offending. The offence's date is when it was committed, else reported.
UNWIND $subject_ids AS subject_id
MATCH (s:Subject {id: subject_id})-[r:NAMED_IN]->(o:Offence)
WHERE o.ho_code IN $sexual_codes AND r.role IN $roles
WITH s, r, o, coalesce(o.committed_from, o.reported_on) AS date
WHERE date <= $as_of
RETURN o.id AS offence_id, s.id AS subject_id, date, r.role AS role, o.ho_code AS ho_code
ORDER BY subject_id, date, offence_id
