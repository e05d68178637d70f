// Every problem profile, newest first, with its current objective and its versions' count.
MATCH (p:Problem)
OPTIONAL MATCH (p)-[:HAS_VERSION]->(v:ProblemVersion)
WITH p, v
ORDER BY v.version DESC
WITH p, [x IN collect(v) WHERE x.section = 'objective'][0] AS objective, count(v) AS versions,
     max(v.at) AS updated
RETURN p {.*} AS problem, objective.content AS objective, versions, updated
ORDER BY p.created_at DESC, p.id
