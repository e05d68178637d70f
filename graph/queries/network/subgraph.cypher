// The nodes $ids (element ids from a reach query) with their properties and how many
// network relationships each has in all, and every network relationship among them.
UNWIND $ids AS eid
MATCH (a) WHERE elementId(a) = eid
CALL (a) {
  MATCH (a)-[r:NAMED_IN|VICTIM_OF|OCCURRED_AT|HAS_IDENTIFIER|ASSOCIATE_OF|LIVES_AT]->(b)
  WHERE elementId(b) IN $ids
  RETURN collect({type: type(r), to: elementId(b), role: r.role, kind: r.kind}) AS out
}
RETURN eid AS element_id, labels(a) AS labels, properties(a) AS props,
       COUNT { (a)-[:NAMED_IN|VICTIM_OF|OCCURRED_AT|HAS_IDENTIFIER|ASSOCIATE_OF|LIVES_AT]-() }
         AS degree,
       out
