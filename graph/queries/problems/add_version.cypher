// A new dated version of one section of a problem profile; earlier versions stay as they are.
MATCH (p:Problem {id: $problem_id})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(old:ProblemVersion {section: $section})
WITH p, count(old) AS n
CREATE (p)-[:HAS_VERSION]->(v:ProblemVersion {
  id: $version_id, problem_id: p.id, section: $section, version: n + 1, at: datetime(),
  by: $by, as_of: $as_of, content: $content
})
RETURN v {.*} AS version
