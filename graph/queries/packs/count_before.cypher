// How many packs of one audience have been generated about a subject (the next is one more).
MATCH (s:Subject {id: $subject_id})
RETURN count { (s)-[:HAS_PACK]->(p:PackRecord) WHERE p.audience = $audience } AS before
