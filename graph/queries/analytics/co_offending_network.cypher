// The whole co-offending network: every pair of subjects named ($roles) on one offence,
// with the number of offences they share.
MATCH (a:Subject)-[r1:NAMED_IN]->(o:Offence)<-[r2:NAMED_IN]-(b:Subject)
WHERE a.id < b.id AND r1.role IN $roles AND r2.role IN $roles
RETURN a.id AS source, b.id AS target, count(DISTINCT o) AS count
