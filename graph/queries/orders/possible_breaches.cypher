// Possible breaches on $as_of: evidence (an offence naming the subject, in any role, or an
// intelligence report about him) dated on or before $as_of, on a date when an in-force
// order's condition was active, that is inside an exclusion zone (great-circle distance,
// haversine, mean Earth radius 6,371,008.8 m) or against a no-contact condition's
// protected victim. A condition is active from the later of its own and its order's start
// to the earlier of their ends (an end is exclusive; none means until further order).
MATCH (s:Subject)-[:HAS_ORDER]->(ord:Order)-[:HAS_CONDITION]->(c:OrderCondition)
WHERE c.kind IN ['exclusion_zone', 'no_contact']
  AND (ord.status IS NULL OR ord.status IN $in_force)
  AND ord.start_date IS NOT NULL
  AND ($subject_ids IS NULL OR s.id IN $subject_ids)
WITH s, ord, c,
     CASE WHEN c.starts_on IS NOT NULL AND c.starts_on > ord.start_date
          THEN c.starts_on ELSE ord.start_date END AS active_from,
     CASE WHEN c.ends_on IS NULL THEN ord.end_date
          WHEN ord.end_date IS NULL OR c.ends_on < ord.end_date THEN c.ends_on
          ELSE ord.end_date END AS active_to
CALL (s, c) {
  WITH s, c WHERE c.kind = 'exclusion_zone' AND c.lat IS NOT NULL AND c.lon IS NOT NULL
  MATCH (s)-[:NAMED_IN]->(o:Offence)-[:OCCURRED_AT]->(l:Location)
  WHERE l.lat IS NOT NULL AND l.lon IS NOT NULL
  RETURN 'offence' AS evidence_kind, o AS evidence, coalesce(o.committed_from, o.reported_on) AS on,
         l AS place
  UNION
  WITH s, c WHERE c.kind = 'exclusion_zone' AND c.lat IS NOT NULL AND c.lon IS NOT NULL
  MATCH (s)-[:SUBJECT_OF]->(i:Intelligence)-[:REPORTED_AT]->(l:Location)
  WHERE l.lat IS NOT NULL AND l.lon IS NOT NULL
  RETURN 'intelligence' AS evidence_kind, i AS evidence, i.reported_on AS on, l AS place
  UNION
  WITH s, c WHERE c.kind = 'no_contact'
  MATCH (c)-[:PROTECTS]->(v:Victim)-[:VICTIM_OF]->(o:Offence)<-[:NAMED_IN]-(s)
  OPTIONAL MATCH (o)-[:OCCURRED_AT]->(l:Location)
  RETURN 'offence' AS evidence_kind, o AS evidence, coalesce(o.committed_from, o.reported_on) AS on,
         l AS place
}
WITH s, ord, c, active_from, active_to, evidence_kind, evidence, on, place
WHERE on IS NOT NULL AND on <= $as_of AND on >= active_from
  AND (active_to IS NULL OR on < active_to)
WITH s, ord, c, evidence_kind, evidence, on, place,
     CASE WHEN c.kind = 'exclusion_zone' THEN
       2 * 6371008.8 * asin(sqrt(
         haversin(radians(place.lat - c.lat))
         + cos(radians(c.lat)) * cos(radians(place.lat)) * haversin(radians(place.lon - c.lon))))
     END AS distance
WHERE c.kind = 'no_contact' OR distance <= c.radius_m
WITH DISTINCT s, ord, c, evidence_kind, evidence, on, place, distance
RETURN ord.id AS order_id, c.id AS condition_id, s.id AS subject_id,
       s.forename AS forename, s.surname AS surname, c.kind AS kind,
       ord.order_type AS order_type, evidence_kind, evidence.id AS evidence_id, on,
       CASE WHEN distance IS NULL THEN null ELSE round(distance, 1) END AS distance_m,
       c.radius_m AS radius_m,
       place {.id, .name, .postcode, .venue_type, .lat, .lon} AS place,
       EXISTS {
         MATCH (b:Breach)-[:BREACH_OF]->(ord)
         WHERE (b)-[:EVIDENCED_BY]->(evidence)
           AND (b.condition_id IS NULL OR b.condition_id = c.id)
       } AS recorded,
       [(ord)-[:HAS_BREACH_REVIEW]->(r:BreachReview)
        WHERE r.condition_id = c.id AND r.evidence_id = evidence.id
        | r {.decision, .reason, .by, .at, .breach_id}][0] AS review
ORDER BY on, order_id, condition_id, evidence_id
