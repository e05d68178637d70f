// Intelligence reports, newest first, with the subject and place (the intelligence page).
MATCH (i:Intelligence)
WHERE i.reported_on <= $to AND i.reported_on >= $from
  AND ($behaviour IS NULL OR i.behaviour = $behaviour)
OPTIONAL MATCH (s:Subject)-[:SUBJECT_OF]->(i)
OPTIONAL MATCH (i)-[:REPORTED_AT]->(l:Location)
WITH i, s, l ORDER BY i.reported_on DESC, i.id DESC LIMIT $limit
RETURN i.id AS intel_id, i.reported_on AS reported_on, i.reported_time AS reported_time,
       i.behaviour AS behaviour, i.grading AS grading, i.source_grade AS source_grade,
       i.intel_grade AS intel_grade, i.handling AS handling, i.summary AS summary,
       i.person_description AS person_description, coalesce(i.unidentified, false) AS unidentified,
       i.recorded_by AS recorded_by, s.id AS subject_id, s.forename AS forename,
       s.surname AS surname,
       l {.id, .name, .address, .postcode, .venue_type, .lat, .lon} AS location
