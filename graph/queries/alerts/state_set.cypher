// Keep this run's snapshot for the next run to compare with.
MERGE (st:AlertState {id: $id})
SET st.as_of = $as_of, st.tiers = $tiers, st.at = datetime()
