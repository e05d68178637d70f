// One subject's page in one read: identity and lifecycle state, custody periods, Tier 3
// nominations, lifecycle events, intelligence reports, homes, and identifiers with who
// else shares them.
MATCH (s:Subject {id: $subject_id})
CALL (s) {
  OPTIONAL MATCH (s)-[:IN_CUSTODY]->(c:Custody)
  WITH c ORDER BY c.start_date
  RETURN collect(c {.start_date, .end_date, .establishment}) AS custody
}
CALL (s) {
  OPTIONAL MATCH (n:Nomination)-[:NOMINATES]->(s)
  WITH n ORDER BY n.created_at DESC
  RETURN collect(n {.id, .status, .nominated_by, .agency, .rationale, .created_at,
                    .recorded_by, .decided_on, .decided_by, .minutes}) AS nominations
}
CALL (s) {
  OPTIONAL MATCH (s)-[:HAS_EVENT]->(e:LifecycleEvent)
  WITH e ORDER BY e.at, e.id
  RETURN collect(e {.*}) AS history
}
CALL (s) {
  OPTIONAL MATCH (s)-[:SUBJECT_OF]->(i:Intelligence)
  OPTIONAL MATCH (i)-[:REPORTED_AT]->(l:Location)
  WITH i, l ORDER BY i.reported_on, i.id
  RETURN collect(CASE WHEN i IS NULL THEN null ELSE
                   {intel_id: i.id, reported_on: i.reported_on, grading: i.grading,
                    source_grade: i.source_grade, intel_grade: i.intel_grade,
                    handling: i.handling, behaviour: i.behaviour, summary: i.summary,
                    location: l {.id, .name, .address, .postcode, .venue_type, .lat, .lon}} END)
    AS intelligence
}
CALL (s) {
  OPTIONAL MATCH (s)-[:LIVES_AT]->(l:Location)
  WITH l ORDER BY l.id
  RETURN collect(l {.id, .name, .address, .postcode, .venue_type, .lat, .lon}) AS homes
}
CALL (s) {
  OPTIONAL MATCH (s)-[h:HAS_IDENTIFIER]->(i:Identifier)
  WITH i, collect(DISTINCT h.as_recorded) AS spellings
  OPTIONAL MATCH (i)<-[:HAS_IDENTIFIER]-(t:Subject)
    WHERE t <> s
  WITH i, spellings, t ORDER BY t.id
  WITH i, spellings, collect(DISTINCT t {.forename, .surname, subject_id: t.id}) AS shared
  ORDER BY i.kind, i.value
  RETURN collect(CASE WHEN i IS NULL THEN null ELSE
                   {identifier_id: i.id, kind: i.kind, value: i.value, spellings: spellings,
                    shared_with: shared[0..$limit], shared_count: size(shared)} END)
    AS identifiers
}
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       s.aliases AS aliases, s.dob AS dob, s.gender AS gender, s.pnc_id AS pnc_id,
       s.mappa_category AS mappa_category, s.flags AS flags,
       coalesce(s.lifecycle_status, 'candidate') AS status, s.lifecycle_tier AS adopted_tier,
       s.owner AS owner, s.lifecycle_since AS status_since, s.release_watch AS release_watch,
       s.src AS src, s.src_run AS src_run,
       custody, nominations, history, intelligence, homes, identifiers
