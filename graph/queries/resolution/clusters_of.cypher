// For each of the subjects $ids confirmed as one person with others (SAME_PERSON_AS), the
// other records of that person.
UNWIND $ids AS sid
MATCH (s:Subject {id: sid})-[:SAME_PERSON_AS*1..]-(o:Subject)
RETURN sid AS subject_id, collect(DISTINCT o.id) AS others
