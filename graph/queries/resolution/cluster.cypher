// The confirmed person a subject belongs to: every record joined to it by SAME_PERSON_AS
// (with its name and birth date), with who confirmed each link and when.
MATCH (s:Subject {id: $subject_id})
OPTIONAL MATCH p = (s)-[:SAME_PERSON_AS*1..]-(o:Subject)
WITH s, collect(DISTINCT o) AS os, collect(p) AS paths
UNWIND (CASE WHEN size(paths) = 0 THEN [null] ELSE paths END) AS path
UNWIND (CASE WHEN path IS NULL THEN [null] ELSE relationships(path) END) AS r
RETURN s.id AS subject_id, [o IN os | o.id] AS others,
       [x IN [s] + os | {subject_id: x.id, forename: x.forename, surname: x.surname,
                         dob: toString(x.dob)}] AS members,
       collect(DISTINCT CASE WHEN r IS NULL THEN null ELSE
         {by: r.confirmed_by, at: toString(r.confirmed_at), reason: r.reason,
          ids: [startNode(r).id, endNode(r).id]} END) AS links
