// New records on watched subjects and places: offences (naming the subject, or at the
// place), intelligence reports (about the subject, or at the place) and orders (the
// subject's), dated from the day the watch was set up to $as_of.
MATCH (w:Watch) WHERE w.kind IN ['subject', 'place']
WITH w, date(w.created_at) AS since
CALL (w, since) {
  WITH w, since WHERE w.kind = 'subject'
  MATCH (:Subject {id: w.target_id})-[:NAMED_IN]->(o:Offence)
  WHERE o.reported_on >= since AND o.reported_on <= $as_of
  OPTIONAL MATCH (o)-[:OCCURRED_AT]->(l:Location)
  RETURN 'offence' AS what, o.reported_on AS on,
         o {.id, .crime_ref, .ho_code, .category, .reported_on, .mo_notes,
            place: l {.id, .name, .address, .postcode, .venue_type, .lat, .lon},
            victims: [(v:Victim)-[:VICTIM_OF]->(o) | v {kind: 'victim', .id, .forename,
                                                        .surname}]} AS record
  UNION
  WITH w, since WHERE w.kind = 'place'
  MATCH (o:Offence)-[:OCCURRED_AT]->(l:Location {id: w.target_id})
  WHERE o.reported_on >= since AND o.reported_on <= $as_of
  RETURN 'offence' AS what, o.reported_on AS on,
         o {.id, .crime_ref, .ho_code, .category, .reported_on, .mo_notes,
            place: l {.id, .name, .address, .postcode, .venue_type, .lat, .lon},
            victims: [(v:Victim)-[:VICTIM_OF]->(o) | v {kind: 'victim', .id, .forename,
                                                        .surname}]} AS record
  UNION
  WITH w, since WHERE w.kind = 'subject'
  MATCH (:Subject {id: w.target_id})-[:SUBJECT_OF]->(i:Intelligence)
  WHERE i.reported_on >= since AND i.reported_on <= $as_of
  RETURN 'intelligence' AS what, i.reported_on AS on,
         i {.id, intel_id: i.id, .reported_on, .behaviour, .grading, .handling,
            .summary} AS record
  UNION
  WITH w, since WHERE w.kind = 'place'
  MATCH (i:Intelligence)-[:REPORTED_AT]->(:Location {id: w.target_id})
  WHERE i.reported_on >= since AND i.reported_on <= $as_of
  RETURN 'intelligence' AS what, i.reported_on AS on,
         i {.id, intel_id: i.id, .reported_on, .behaviour, .grading, .handling,
            .summary} AS record
  UNION
  WITH w, since WHERE w.kind = 'subject'
  MATCH (:Subject {id: w.target_id})-[:HAS_ORDER]->(ord:Order)
  WHERE ord.start_date >= since AND ord.start_date <= $as_of
  RETURN 'order' AS what, ord.start_date AS on,
         ord {.id, .order_type, .status, .start_date, .end_date, record: 'order'} AS record
}
RETURN w.id AS watch_id, w.kind AS watch_kind, w.target_id AS target_id,
       w.username AS username, what, on, record
ORDER BY on, watch_id, what, record.id
