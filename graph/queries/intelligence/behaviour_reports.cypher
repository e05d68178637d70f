// Behaviour intelligence about subjects, for the escalation rules: every report with a
// behaviour dated on or before the as-of date ($subject_id null: every subject).
MATCH (s:Subject)-[:SUBJECT_OF]->(i:Intelligence)
WHERE i.behaviour IS NOT NULL AND i.reported_on <= $as_of
  AND ($subject_id IS NULL OR s.id = $subject_id)
OPTIONAL MATCH (i)-[:REPORTED_AT]->(l:Location)
RETURN i.id AS intel_id, s.id AS subject_id, i.reported_on AS date, i.behaviour AS behaviour,
       i.source_grade AS source_grade, i.intel_grade AS intel_grade, i.handling AS handling,
       l.id AS location_id, l.venue_type AS venue_type
ORDER BY subject_id, date, intel_id
