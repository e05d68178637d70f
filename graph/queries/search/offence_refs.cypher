// Crime references that match what was typed once punctuation is ignored: $pattern is a
// regular expression built by graph.subjects.search.crime_ref_pattern from letters and
// digits only (each character, any non-alphanumeric characters allowed around it), passed
// as a parameter. Compared on the fly: the stored reference is not changed.
MATCH (o:Offence)
WHERE o.crime_ref =~ $pattern
RETURN o.crime_ref AS crime_ref
ORDER BY crime_ref
LIMIT $limit
