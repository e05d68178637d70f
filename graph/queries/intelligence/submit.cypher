// One intelligence report an officer submitted: the report, a new place when the map click
// matched none, and its ties to the subject (when known) and the place. The one writer path
// for submissions (graph/intelligence/submit.py).
CALL (*) {
  WITH $new_location AS nl
  WHERE nl IS NOT NULL
  MERGE (l:Location {id: nl.id})
    ON CREATE SET l.name = nl.name, l.lat = nl.lat, l.lon = nl.lon,
                  l.venue_type = nl.venue_type, l.src = 'linkwatch', l.created_by = $by,
                  l.created_at = datetime()
}
CREATE (i:Intelligence {
  id: $intel_id, reported_on: $reported_on, reported_time: $reported_time,
  grading: $grading, source_grade: $source_grade, intel_grade: $intel_grade,
  handling: $handling, behaviour: $behaviour, summary: $summary,
  unidentified: $subject_id IS NULL, person_description: $person_description,
  src: 'linkwatch', recorded_by: $by, recorded_at: datetime()
})
WITH i
OPTIONAL MATCH (s:Subject {id: $subject_id})
OPTIONAL MATCH (l:Location {id: $location_id})
FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | CREATE (s)-[:SUBJECT_OF]->(i))
FOREACH (_ IN CASE WHEN l IS NULL THEN [] ELSE [1] END | CREATE (i)-[:REPORTED_AT]->(l))
RETURN i.id AS intel_id, s.id AS subject_id, l.id AS location_id
