// How many nodes a label has (from the count store): none means every id is new.
MATCH (n:{{label}})
RETURN count(n) AS n
