// Every offence naming one subject, in any role, with what the rules need to judge it.
MATCH (s:Subject {id: $subject_id})-[r:NAMED_IN]->(o:Offence)
RETURN o.id AS offence_id, o.ho_code AS ho_code, o.offence_type AS offence_type,
       o.category AS category, o.reported_on AS reported_on,
       o.committed_from AS committed_from, r.role AS role
ORDER BY o.reported_on, o.id
