// The snapshot the last run left: the as-of date and each subject's tier then.
MATCH (st:AlertState {id: $id})
RETURN st.as_of AS as_of, st.tiers AS tiers
