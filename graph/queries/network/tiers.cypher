// What the trawl counts (tiers/candidates), for the subjects $ids only: sexual offences
// reported by $as_of in which each is named in a counted role, the rapes among them, the
// latest report, and custody on $as_of. graph/tiers/assess.decide turns these into a tier.
UNWIND $ids AS sid
MATCH (s:Subject {id: sid})
CALL (s) {
  OPTIONAL MATCH (s)-[r:NAMED_IN]->(o:Offence)
  WHERE r.role IN $roles AND o.ho_code IN $sexual_codes AND o.reported_on <= $as_of
  WITH collect(DISTINCT o) AS offences
  RETURN size(offences) AS sexual_offence_count,
         size([o IN offences WHERE o.ho_code IN $rape_codes]) AS rape_count,
         reduce(last = null, o IN offences |
                CASE WHEN last IS NULL OR o.reported_on > last THEN o.reported_on ELSE last END)
           AS last_reported_on
}
RETURN s.id AS subject_id, sexual_offence_count, rape_count, last_reported_on,
       EXISTS {
         (s)-[:IN_CUSTODY]->(c:Custody)
         WHERE c.start_date <= $as_of AND (c.end_date IS NULL OR c.end_date > $as_of)
       } AS in_custody
