// How many nodes the database holds (from the count store): the bulk path loads only an
// empty database.
MATCH (n)
RETURN count(n) AS n
