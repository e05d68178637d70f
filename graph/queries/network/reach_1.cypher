// Everything within 1 relationship(s) of the centre ({{label}} $id) over the network's
// relationship types, by breadth-first search (SHORTEST 1 per node gives its distance).
// Offences outside $from..$to (reported_on) or not in $categories are neither shown nor
// crossed. Nearest first; then subjects, offences (newest first), victims, locations,
// orders, identifiers; $cap kept, with the total reached so the page can say what it left out.
MATCH (c:{{label}} {id: $id})
CALL (c) {
  MATCH p = SHORTEST 1 (c)(()-[:NAMED_IN|VICTIM_OF|OCCURRED_AT|HAS_IDENTIFIER|ASSOCIATE_OF|LIVES_AT|HAS_ORDER]-
      (x:Subject|Offence|Victim|Location|Identifier|Order)
      WHERE NOT x:Offence
         OR (($from IS NULL OR x.reported_on >= $from) AND ($to IS NULL OR x.reported_on <= $to)
             AND ($categories IS NULL OR x.category IN $categories))){1,1}(n)
  WHERE n <> c
  WITH n, length(p) AS depth
  ORDER BY depth,
           CASE WHEN n:Subject THEN 0 WHEN n:Offence THEN 1 WHEN n:Victim THEN 2
                WHEN n:Location THEN 3 WHEN n:Order THEN 4 ELSE 5 END,
           coalesce(toString(n.reported_on), '') DESC, n.id
  RETURN collect({element_id: elementId(n), depth: depth}) AS found
}
RETURN elementId(c) AS centre, size(found) AS total, found[0..$cap] AS kept
