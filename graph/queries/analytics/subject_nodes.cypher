// The node table of a network: each subject with the offences it is named in ($roles).
UNWIND $ids AS sid
MATCH (s:Subject {id: sid})
OPTIONAL MATCH (s)-[r:NAMED_IN]->(o:Offence)
WHERE r.role IN $roles
RETURN s.id AS id, trim(coalesce(s.forename, '') + ' ' + coalesce(s.surname, '')) AS name,
       count(DISTINCT o) AS offences,
       count(DISTINCT CASE WHEN o.sexual THEN o END) AS sexual_offences,
       count(DISTINCT CASE WHEN o.rape THEN o END) AS rape_offences
