// Keep one trawl's results (as JSON) for comparison with the next.
CREATE (t:Trawl {id: $id, as_of: $as_of, run_at: datetime(), by: $by, rule_set: $rule_set,
                 results: $results, candidates: $count})
RETURN t.id AS id
