// One user's saved node positions for one network centre, if any.
MATCH (l:SavedLayout {id: $id})
RETURN l.positions AS positions, l.nodes AS nodes, toString(l.saved_at) AS saved_at
