// The one-row-per-transaction baseline: one offence and its place, one transaction.
MERGE (o:Offence {id: $id})
SET o.ho_code = $ho_code, o.reported_on = date($reported_on),
    o.committed_from = date($committed_from)
WITH o
MATCH (l:Location {id: $location_id})
MERGE (o)-[:OCCURRED_AT {key: ''}]->(l)
