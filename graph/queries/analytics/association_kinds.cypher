// The recorded association kinds between given pairs of subjects ($pairs: [[id, id], ...]),
// optionally only the kinds in $kinds.
UNWIND $pairs AS pair
MATCH (a:Subject {id: pair[0]})-[r:ASSOCIATE_OF]-(b:Subject {id: pair[1]})
WHERE $kinds IS NULL OR r.kind IN $kinds
RETURN pair[0] AS source, pair[1] AS target, collect(DISTINCT coalesce(r.kind, 'associate')) AS kinds
