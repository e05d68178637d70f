// One problem profile with every version of every section, oldest first.
MATCH (p:Problem {id: $problem_id})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(v:ProblemVersion)
WITH p, v
ORDER BY v.section, v.version
RETURN p {.*} AS problem, collect(v {.*}) AS versions
