// Subjects whose id or PNC number is exactly what was typed (both indexed).
MATCH (s:Subject)
WHERE s.id = $id
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       s.aliases AS aliases, s.dob AS dob, s.pnc_id AS pnc_id,
       s.lifecycle_status AS status, s.lifecycle_tier AS tier,
       COUNT { (s)-[:NAMED_IN]->(:Offence) } AS offences
UNION
MATCH (s:Subject)
WHERE s.pnc_id = $pnc
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname,
       s.aliases AS aliases, s.dob AS dob, s.pnc_id AS pnc_id,
       s.lifecycle_status AS status, s.lifecycle_tier AS tier,
       COUNT { (s)-[:NAMED_IN]->(:Offence) } AS offences
