// The most recent recorded trawl for an earlier as-of date; failing that, the latest one
// recorded for this same date.
MATCH (t:Trawl)
WHERE t.as_of <= $as_of
RETURN t.id AS id, t.as_of AS as_of, t.run_at AS run_at, t.by AS by, t.rule_set AS rule_set,
       t.results AS results
ORDER BY CASE WHEN t.as_of < $as_of THEN 0 ELSE 1 END, t.as_of DESC, t.run_at DESC
LIMIT 1
