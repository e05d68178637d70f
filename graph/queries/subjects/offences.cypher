// Every offence naming one subject (any role), with its place and its victims. Victims'
// names and dates of birth leave the database only when $reveal is true.
MATCH (:Subject {id: $subject_id})-[r:NAMED_IN]->(o:Offence)
WITH o, collect(DISTINCT r.role) AS roles
OPTIONAL MATCH (o)-[:OCCURRED_AT]->(l:Location)
OPTIONAL MATCH (v:Victim)-[:VICTIM_OF]->(o)
WITH o, roles, l, v
ORDER BY v.id
WITH o, roles, l,
     collect(CASE WHEN $reveal THEN v {.id, .forename, .surname, .dob, .gender}
                  ELSE v {.id, .gender} END) AS victims
RETURN o.id AS offence_id, o.crime_ref AS crime_ref, o.ho_code AS ho_code,
       o.offence_type AS offence_type, o.category AS category, o.rape AS rape,
       o.sexual AS sexual, o.committed_from AS committed_from, o.committed_to AS committed_to,
       o.reported_on AS reported_on, o.outcome_code AS outcome_code, o.domestic AS domestic,
       o.mo_notes AS mo_notes, roles,
       l {.id, .name, .address, .postcode, .venue_type} AS location, victims
ORDER BY coalesce(o.committed_from, o.reported_on), o.reported_on, o.id
