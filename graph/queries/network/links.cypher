// For each node $from_ids (element ids), up to $per_node of its network relationships to
// nodes outside $ids, so that nodes added by expanding can be tied to what a page shows.
UNWIND $from_ids AS eid
MATCH (a) WHERE elementId(a) = eid
CALL (a) {
  MATCH (a)-[r:NAMED_IN|VICTIM_OF|OCCURRED_AT|HAS_IDENTIFIER|ASSOCIATE_OF|LIVES_AT|HAS_ORDER]-(b)
  WHERE NOT elementId(b) IN $ids
  WITH r, b LIMIT $per_node
  RETURN collect({type: type(r), outgoing: startNode(r) = a, other_labels: labels(b),
                  other_id: b.id, role: r.role, kind: r.kind}) AS links
}
RETURN eid AS element_id, links
