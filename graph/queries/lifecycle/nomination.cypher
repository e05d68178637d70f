// One nomination and its subject.
MATCH (n:Nomination {id: $id})-[:NOMINATES]->(s:Subject)
RETURN n {.*, subject_id: s.id} AS nomination
