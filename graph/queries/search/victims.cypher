// Victims whose id is one of $ids, or whose forename and surname contain every word of $words
// (lower case), with the offences they were harmed in and the subjects named on them. Only
// ever run for readers who may know who victims are (the views decide, by the policy).
CALL () {
  MATCH (v:Victim) WHERE v.id IN $ids RETURN v
  UNION
  MATCH (v:Victim)
  WHERE size($words) > 0
    AND all(w IN $words WHERE
            toLower(coalesce(v.forename, '') + ' ' + coalesce(v.surname, '')) CONTAINS w)
  RETURN v
}
WITH v ORDER BY v.surname, v.forename, v.id LIMIT $limit
OPTIONAL MATCH (v)-[:VICTIM_OF]->(o:Offence)
OPTIONAL MATCH (s:Subject)-[r:NAMED_IN]->(o)
WITH v, o, collect(DISTINCT CASE WHEN s IS NULL THEN null ELSE
       {subject_id: s.id, forename: s.forename, surname: s.surname} END) AS named
ORDER BY coalesce(o.committed_from, o.reported_on), o.id
WITH v, collect(CASE WHEN o IS NULL THEN null ELSE {
         offence_id: o.id, crime_ref: o.crime_ref, category: o.category,
         date: coalesce(o.committed_from, o.reported_on), subjects: named} END) AS offences
RETURN 'victim' AS kind, v.id AS id, v.forename AS forename, v.surname AS surname,
       v.dob AS dob, v.gender AS gender, offences
ORDER BY surname, forename, id
