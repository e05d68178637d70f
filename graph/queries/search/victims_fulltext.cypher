// victims.cypher with the name candidates read from the `victim_names` full-text index
// ($query: every word as `*word*`, AND-ed), then held to the same test, so it finds exactly
// what victims.cypher finds: used when every word is plain ASCII letters and digits (such a
// word inside a name is always inside one of the index's words). Only ever run for readers
// who may know who victims are (the views decide, by the policy).
CALL () {
  MATCH (v:Victim) WHERE v.id IN $ids RETURN v
  UNION
  CALL db.index.fulltext.queryNodes('victim_names', $query) YIELD node AS v
  WITH v
  WHERE all(w IN $words WHERE
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
