// For each victim: the subject whose lettering names her (the page's own subject when she
// is one of his victims, else the lowest id among the subjects named on her offences), and
// every (date, offence, victim) of that subject's offences, from which
// graph/disclosure.victim_order works out her letter (with the names, so that text about
// the page's subject can be shown with his victims' names replaced by their letters).
UNWIND $victim_ids AS vid
MATCH (v:Victim {id: vid})-[:VICTIM_OF]->(:Offence)<-[:NAMED_IN]-(s:Subject)
WITH vid, collect(DISTINCT s.id) AS subjects
WITH vid, CASE WHEN $context IN subjects THEN $context
               ELSE reduce(low = null, x IN subjects |
                           CASE WHEN low IS NULL OR x < low THEN x ELSE low END) END AS sid
MATCH (:Subject {id: sid})-[:NAMED_IN]->(o:Offence)<-[:VICTIM_OF]-(w:Victim)
WITH vid, sid, collect(DISTINCT {date: coalesce(o.committed_from, o.reported_on),
                                 offence: o.id, victim: w.id, forename: w.forename,
                                 surname: w.surname}) AS appearances
RETURN vid AS victim_id, sid AS subject_id, appearances AS order
