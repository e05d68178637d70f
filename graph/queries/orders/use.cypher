// The use of orders as the VAWG performance framework counts it, for subjects named in a
// VAWG offence: applications (applied_on), grants (start_date of a granted or interim
// order), refusals (applied_on of a refused one) and breaches (occurred_on), each dated in
// $from..$to, with the order's type and the subject.
MATCH (s:Subject)-[:HAS_ORDER]->(ord:Order)
WHERE EXISTS { (s)-[:NAMED_IN]->(:Offence {vawg: true}) }
CALL (ord) {
  WITH ord WHERE ord.applied_on IS NOT NULL
  RETURN 'applied' AS measure, ord.applied_on AS on
  UNION
  WITH ord WHERE coalesce(ord.status, 'granted') IN ['granted', 'interim', 'discharged', 'expired']
             AND ord.start_date IS NOT NULL
  RETURN 'granted' AS measure, ord.start_date AS on
  UNION
  WITH ord WHERE ord.status = 'refused'
  RETURN 'refused' AS measure, coalesce(ord.applied_on, ord.start_date) AS on
  UNION
  MATCH (b:Breach)-[:BREACH_OF]->(ord)
  RETURN 'breached' AS measure, b.occurred_on AS on
}
WITH s, ord, measure, on
WHERE on IS NOT NULL AND on >= $from AND on <= $to
RETURN measure, ord.order_type AS order_type, substring(toString(on), 0, 7) AS month,
       count(*) AS count, collect(DISTINCT s.id) AS subjects
ORDER BY month, order_type, measure
