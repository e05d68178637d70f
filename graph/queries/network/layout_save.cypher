// Keep one user's node positions and pinned notes for one network centre (one SavedLayout
// per user + centre; the notes are the user's own text, read back only by the same user).
MERGE (l:SavedLayout {id: $id})
SET l.username = $username, l.centre_kind = $centre_kind, l.centre_id = $centre_id,
    l.positions = $positions, l.nodes = $nodes, l.notes = $notes, l.saved_at = datetime()
RETURN l.id AS id, toString(l.saved_at) AS saved_at
