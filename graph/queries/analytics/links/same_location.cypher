// Same location: each subject named in a different offence at one location, the two
// offences at most $window_days apart (committed_from, else reported_on). One row per
// (subject, other subject, location): the closest pair of offences, and how many pairs.
// Each location's offences are read once for all of $ids' offences there, and the other
// subjects are filtered ($among) before pairing: a busy venue has thousands of offences.
UNWIND $ids AS sid
MATCH (a:Subject {id: sid})-[r1:NAMED_IN]->(o1:Offence)-[:OCCURRED_AT]->(l:Location)
WHERE r1.role IN $roles
WITH l, collect(DISTINCT [a, o1, coalesce(o1.committed_from, o1.reported_on)]) AS mine
MATCH (l)<-[:OCCURRED_AT]-(o2:Offence)<-[r2:NAMED_IN]-(b:Subject)
WHERE r2.role IN $roles AND ($among IS NULL OR b.id IN $among)
WITH DISTINCT l, mine, o2, b, coalesce(o2.committed_from, o2.reported_on) AS d2
UNWIND mine AS m
WITH m[0] AS a, m[1] AS o1, m[2] AS d1, l, o2, b, d2
WHERE b <> a AND o2 <> o1
WITH a, b, l, o1, o2, d1, d2, abs(duration.inDays(d1, d2).days) AS days_apart
WHERE days_apart <= $window_days
WITH a, b, l, min([days_apart, o1.id, o2.id, toString(d1), toString(d2)]) AS closest,
     count(DISTINCT [o1.id, o2.id]) AS pairs
RETURN a.id AS source, b.id AS target,
       trim(coalesce(b.forename, '') + ' ' + coalesce(b.surname, '')) AS target_name,
       l.id AS via, closest[1] AS offence_id, closest[2] AS other_offence_id,
       closest[3] AS date, closest[4] AS other_date, closest[0] AS days_apart,
       coalesce(l.name, l.address) AS detail, pairs,
       l.venue_type AS venue_type
