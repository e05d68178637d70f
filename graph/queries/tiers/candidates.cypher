// The trawl's first cut: people named (in a counted role) on enough sexual offences
// reported by the as-of date, with a rape among them and, when every tier needs it, one
// reported within the window. The tier itself is decided in graph/tiers/assess.py.
// A person is a subject record, or the records an analyst confirmed as one person
// (SAME_PERSON_AS, person resolution): their distinct offences count once, under the
// lowest subject id, and `combined` names every record (with each record's own counts).
MATCH (o:Offence)
WHERE o.ho_code IN $sexual_codes AND o.reported_on <= $as_of
MATCH (x:Subject)-[r:NAMED_IN]->(o)
WHERE r.role IN $roles
// First counters only (no lists: a national force's million records would not fit in a
// transaction's memory). A record that cannot meet the counts alone (these counts are upper
// bounds: an offence named twice counts twice here, once below) and is not linked as the
// same person as another could never qualify, so the rest runs for a few hundred records.
WITH x, count(o) AS named, count(CASE WHEN o.ho_code IN $rape_codes THEN 1 END) AS named_rapes
WHERE (named >= $min_count AND named_rapes >= $min_rape)
   OR EXISTS { (x)-[:SAME_PERSON_AS]-() }
CALL (x) {
  MATCH (x)-[r:NAMED_IN]->(o:Offence)
  WHERE r.role IN $roles AND o.ho_code IN $sexual_codes AND o.reported_on <= $as_of
  RETURN collect(DISTINCT o) AS own
}
WITH x, own
WHERE size(own) > 0
OPTIONAL MATCH (x)-[:SAME_PERSON_AS*1..]-(y:Subject)
WITH x, own, [x.id] + collect(DISTINCT y.id) AS ids
WITH x, own, ids, reduce(m = x.id, i IN ids | CASE WHEN i < m THEN i ELSE m END) AS pid
UNWIND own AS o
WITH pid, ids, x, own, o
WITH pid, collect(DISTINCT o) AS offences, collect(DISTINCT ids) AS idl,
     collect(DISTINCT {id: x.id, sexual: size(own),
                       rapes: size([p IN own WHERE p.ho_code IN $rape_codes])}) AS parts
WHERE size(offences) >= $min_count
WITH pid, offences, parts, reduce(acc = [], l IN idl | acc + [i IN l WHERE NOT i IN acc])
     AS records, [o IN offences WHERE o.ho_code IN $rape_codes] AS rapes
WHERE size(rapes) >= $min_rape
WITH pid, offences, parts, records, rapes,
     reduce(last = date('0001-01-01'), o IN offences |
            CASE WHEN o.reported_on > last THEN o.reported_on ELSE last END) AS last_reported
WHERE $recent_from IS NULL OR last_reported >= $recent_from
MATCH (s:Subject {id: pid})
OPTIONAL MATCH (z:Subject)-[:IN_CUSTODY]->(c:Custody)
  WHERE z.id IN records AND c.start_date <= $as_of
    AND (c.end_date IS NULL OR c.end_date > $as_of)
WITH s, offences, parts, records, rapes, last_reported, collect(c) AS custody
RETURN s.id AS subject_id,
       s.forename AS forename,
       s.surname AS surname,
       size(offences) AS sexual_offence_count,
       size(rapes) AS rape_count,
       last_reported AS last_reported_on,
       size(custody) > 0 AS in_custody,
       [c IN custody | c.end_date] AS custody_until,
       [o IN offences | o.id] AS evidence,
       [o IN rapes | o.id] AS rape_evidence,
       s.lifecycle_status AS status,
       s.owner AS owner,
       records AS combined,
       parts
