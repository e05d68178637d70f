// The nodes $ids (element ids from a reach query) with their properties and how many
// network relationships each has in all, and every network relationship among them (an
// order's no-contact condition as one PROTECTS edge to the protected person).
UNWIND $ids AS eid
MATCH (a) WHERE elementId(a) = eid
CALL (a) {
  MATCH (a)-[r:NAMED_IN|VICTIM_OF|OCCURRED_AT|HAS_IDENTIFIER|ASSOCIATE_OF|LIVES_AT|HAS_ORDER]->(b)
  WHERE elementId(b) IN $ids
  RETURN collect({type: type(r), to: elementId(b), role: r.role, kind: r.kind}) AS out
}
CALL (a) {
  // An order's no-contact condition drawn as one edge to the person it protects.
  OPTIONAL MATCH (a:Order)-[:HAS_CONDITION]->(c:OrderCondition)-[:PROTECTS]->(b)
  WHERE elementId(b) IN $ids
  RETURN collect(DISTINCT {type: 'PROTECTS', to: elementId(b), role: null, kind: c.kind})
    AS protects
}
RETURN eid AS element_id, labels(a) AS labels, properties(a) AS props,
       COUNT { (a)-[:NAMED_IN|VICTIM_OF|OCCURRED_AT|HAS_IDENTIFIER|ASSOCIATE_OF|LIVES_AT|HAS_ORDER]-() }
         AS degree,
       out + [p IN protects WHERE p.to IS NOT NULL] AS out
