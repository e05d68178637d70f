// The properties of existing nodes of one label (for checks against records loaded earlier,
// e.g. a condition's dates against its order's).
UNWIND $ids AS id
MATCH (n:{{label}} {id: id})
RETURN n.id AS id, properties(n) AS props
