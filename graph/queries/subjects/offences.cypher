// Every offence naming one person (any role): the subject's record and the records an analyst
// confirmed as the same person ($ids), each offence once with the records it names; with its
// place and its victims; each victim with the other subjects named on offences against her (a
// victim links offences, and people, even when she is not named on the page).
MATCH (s:Subject)-[r:NAMED_IN]->(o:Offence)
WHERE s.id IN $ids
WITH o, collect(DISTINCT r.role) AS roles, collect(DISTINCT s.id) AS records
OPTIONAL MATCH (o)-[:OCCURRED_AT]->(l:Location)
OPTIONAL MATCH (v:Victim)-[:VICTIM_OF]->(o)
CALL (v) {
  OPTIONAL MATCH (v)-[:VICTIM_OF]->(other:Offence)<-[:NAMED_IN]-(t:Subject)
  WHERE NOT t.id IN $ids
  WITH t, collect(DISTINCT other.id) AS offences ORDER BY t.id
  RETURN collect(CASE WHEN t IS NULL THEN null ELSE
                   {subject_id: t.id, forename: t.forename, surname: t.surname,
                    offences: offences} END) AS others
}
WITH o, roles, records, l, v, others
ORDER BY v.id
WITH o, roles, records, l,
     collect(v {.id, .forename, .surname, .dob, .gender, others: others}) AS victims
RETURN o.id AS offence_id, o.crime_ref AS crime_ref, o.ho_code AS ho_code,
       o.offence_type AS offence_type, o.category AS category, o.rape AS rape,
       o.sexual AS sexual, o.committed_from AS committed_from, o.committed_to AS committed_to,
       o.reported_on AS reported_on, o.outcome_code AS outcome_code, o.domestic AS domestic,
       o.mo_notes AS mo_notes, roles, records,
       l {.id, .name, .address, .postcode, .venue_type, .lat, .lon} AS location, victims
ORDER BY coalesce(o.committed_from, o.reported_on), o.reported_on, o.id
