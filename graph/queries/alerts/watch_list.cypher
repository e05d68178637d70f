// One user's watches (an administrator's view watches included), newest first.
MATCH (w:Watch {username: $username})
RETURN w {.id, .kind, .target_id, .target_kind, .username, .created_at} AS watch
ORDER BY w.created_at DESC, w.id
