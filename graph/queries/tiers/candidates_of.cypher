// tiers/candidates for the subjects $ids only (the network's tier badges): the same
// counts and filters, starting from the subjects instead of every sexual offence. A record
// confirmed as one person with others (SAME_PERSON_AS) counts the person's offences.
UNWIND $ids AS sid
MATCH (s:Subject {id: sid})
OPTIONAL MATCH (s)-[:SAME_PERSON_AS*1..]-(y:Subject)
WITH s, collect(DISTINCT y) AS ys
WITH s, [s] + ys AS people
UNWIND people AS x
MATCH (x)-[r:NAMED_IN]->(o:Offence)
WHERE r.role IN $roles AND o.ho_code IN $sexual_codes AND o.reported_on <= $as_of
WITH s, people, x, collect(DISTINCT o) AS own
WITH s, people, collect({id: x.id, sexual: size(own),
                         rapes: size([p IN own WHERE p.ho_code IN $rape_codes])}) AS parts,
     collect(own) AS owns
WITH s, people, parts, reduce(acc = [], l IN owns | acc + [o IN l WHERE NOT o IN acc])
     AS offences
WHERE size(offences) >= $min_count
WITH s, people, parts, offences, [o IN offences WHERE o.ho_code IN $rape_codes] AS rapes
WHERE size(rapes) >= $min_rape
WITH s, people, parts, offences, rapes,
     reduce(last = date('0001-01-01'), o IN offences |
            CASE WHEN o.reported_on > last THEN o.reported_on ELSE last END) AS last_reported
WHERE $recent_from IS NULL OR last_reported >= $recent_from
UNWIND people AS z
OPTIONAL MATCH (z)-[:IN_CUSTODY]->(c:Custody)
  WHERE c.start_date <= $as_of AND (c.end_date IS NULL OR c.end_date > $as_of)
WITH s, people, parts, offences, rapes, last_reported, collect(c) AS custody
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
       [p IN people | p.id] AS combined,
       parts
