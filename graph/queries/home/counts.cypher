// Node counts for the home page, one row per label (read from the count store).
// The count is taken before the label is named: a literal beside an aggregate is a
// grouping key, and grouping zero rows would give no row at all on an empty database.
MATCH (n:Subject) WITH count(n) AS count RETURN 'Subject' AS label, count
UNION ALL
MATCH (n:Offence) WITH count(n) AS count RETURN 'Offence' AS label, count
UNION ALL
MATCH (n:Victim) WITH count(n) AS count RETURN 'Victim' AS label, count
UNION ALL
MATCH (n:Location) WITH count(n) AS count RETURN 'Location' AS label, count
UNION ALL
MATCH (n:Intelligence) WITH count(n) AS count RETURN 'Intelligence' AS label, count
UNION ALL
MATCH (n:Order) WITH count(n) AS count RETURN 'Order' AS label, count
UNION ALL
MATCH (n:Custody) WITH count(n) AS count RETURN 'Custody' AS label, count
UNION ALL
MATCH (n:Identifier) WITH count(n) AS count RETURN 'Identifier' AS label, count
