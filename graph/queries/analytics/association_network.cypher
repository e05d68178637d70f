// The whole recorded-association network (ASSOCIATE_OF), optionally of some kinds only.
MATCH (a:Subject)-[r:ASSOCIATE_OF]-(b:Subject)
WHERE a.id < b.id AND ($kinds IS NULL OR r.kind IN $kinds)
RETURN a.id AS source, b.id AS target, collect(DISTINCT r.kind) AS kinds
