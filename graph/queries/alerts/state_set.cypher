// Keep this run's snapshot for the next run to compare with. `at` moves only when the
// snapshot does, so a run that finds nothing new changes nothing (re-runs are idempotent).
MERGE (st:AlertState {id: $id})
WITH st, st.as_of <> $as_of OR st.tiers <> $tiers OR st.at IS NULL AS changed
SET st.as_of = $as_of, st.tiers = $tiers,
    st.at = CASE WHEN changed THEN datetime() ELSE st.at END
