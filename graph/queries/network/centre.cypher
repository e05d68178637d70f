// The heading of a network page: the centre ({{label}} $id) and its own properties.
MATCH (c:{{label}} {id: $id})
RETURN properties(c) AS props
