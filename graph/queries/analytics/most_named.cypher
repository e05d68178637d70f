// The subjects named ($roles) in the most distinct offences.
MATCH (s:Subject)-[r:NAMED_IN]->(o:Offence)
WHERE r.role IN $roles
RETURN s.id AS id, trim(coalesce(s.forename, '') + ' ' + coalesce(s.surname, '')) AS name,
       count(DISTINCT o) AS offences
ORDER BY offences DESC, id
LIMIT $limit
