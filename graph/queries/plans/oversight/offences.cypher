// Every offence reported by $date_to in which one of $ids is named in a counted role: the
// oversight board counts the sexual ones and looks for offending after archiving.
MATCH (s:Subject)-[r:NAMED_IN]->(o:Offence)
WHERE s.id IN $ids AND r.role IN $roles AND o.reported_on <= $date_to
RETURN DISTINCT s.id AS subject_id, o.id AS offence_id, o.ho_code AS ho_code,
       o.reported_on AS reported_on
