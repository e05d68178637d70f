// Node counts for the home page, one row per label (read from the count store).
MATCH (n:Subject) RETURN 'Subject' AS label, count(n) AS count
UNION ALL
MATCH (n:Offence) RETURN 'Offence' AS label, count(n) AS count
UNION ALL
MATCH (n:Victim) RETURN 'Victim' AS label, count(n) AS count
UNION ALL
MATCH (n:Location) RETURN 'Location' AS label, count(n) AS count
UNION ALL
MATCH (n:Intelligence) RETURN 'Intelligence' AS label, count(n) AS count
UNION ALL
MATCH (n:Order) RETURN 'Order' AS label, count(n) AS count
UNION ALL
MATCH (n:Custody) RETURN 'Custody' AS label, count(n) AS count
UNION ALL
MATCH (n:Identifier) RETURN 'Identifier' AS label, count(n) AS count
