// One user's saved node positions and pinned notes for one network centre, if any.
MATCH (l:SavedLayout {id: $id})
RETURN l.positions AS positions, l.notes AS notes, l.nodes AS nodes,
       toString(l.saved_at) AS saved_at
