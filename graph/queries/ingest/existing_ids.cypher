// Which of these ids already exist as nodes of one label (for reference checks).
UNWIND $ids AS id
MATCH (n:{{label}} {id: id})
RETURN n.id AS id
