// One subject's custody periods (and those of records confirmed as the same person).
MATCH (s:Subject {id: $subject_id})
OPTIONAL MATCH (s)-[:SAME_PERSON_AS*1..]-(y:Subject)
WITH s, collect(DISTINCT y) AS ys
WITH [s] + ys AS people
UNWIND people AS x
MATCH (x)-[:IN_CUSTODY]->(c:Custody)
RETURN DISTINCT c.start_date AS start_date, c.end_date AS end_date,
       c.establishment AS establishment
ORDER BY start_date
