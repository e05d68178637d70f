// Every subject the TCG has acted on (a lifecycle status), with the counts the board shows:
// counted sexual offences and rapes reported by the as-of date, custody on that date.
MATCH (s:Subject)
WHERE s.lifecycle_status IS NOT NULL
OPTIONAL MATCH (s)-[r:NAMED_IN]->(o:Offence)
  WHERE r.role IN $roles AND o.ho_code IN $sexual_codes AND o.reported_on <= $as_of
WITH s, collect(DISTINCT o) AS offences
OPTIONAL MATCH (s)-[:IN_CUSTODY]->(c:Custody)
  WHERE c.start_date <= $as_of AND (c.end_date IS NULL OR c.end_date > $as_of)
WITH s, offences, collect(c) AS custody
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       size(offences) AS sexual_offence_count,
       size([o IN offences WHERE o.ho_code IN $rape_codes]) AS rape_count,
       CASE WHEN size(offences) = 0 THEN null
            ELSE reduce(last = offences[0].reported_on, o IN offences |
                        CASE WHEN o.reported_on > last THEN o.reported_on ELSE last END)
       END AS last_reported_on,
       size(custody) > 0 AS in_custody, [c IN custody | c.end_date] AS custody_until,
       s.lifecycle_status AS status, s.lifecycle_tier AS adopted_tier, s.owner AS owner,
       s.release_watch AS release_watch
ORDER BY subject_id
