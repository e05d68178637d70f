// Custody periods ending after $as_of and on or before $until, of subjects that are adopted,
// archived for custody (a release watch), or watched by someone.
MATCH (s:Subject)-[:IN_CUSTODY]->(c:Custody)
WHERE c.end_date IS NOT NULL AND c.end_date > $as_of AND c.end_date <= $until
WITH s, c, EXISTS { MATCH (w:Watch {kind: 'subject', target_id: s.id}) } AS watched
WHERE s.lifecycle_status = 'adopted' OR s.release_watch IS NOT NULL OR watched
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       c.end_date AS ends_on, c.establishment AS establishment,
       s.lifecycle_status AS status, watched
ORDER BY ends_on, subject_id
