// Set up a watch (its id is a hash of who, what kind and which target, so setting the same
// watch twice keeps one).
MERGE (w:Watch {id: $id})
ON CREATE SET w.kind = $kind, w.target_id = $target_id, w.target_kind = $target_kind,
              w.username = $username, w.created_at = datetime(), w.created_now = true
WITH w, coalesce(w.created_now, false) AS created
REMOVE w.created_now
RETURN w {.id, .kind, .target_id, .target_kind, .username, .created_at} AS watch, created
