// The user behind a session cookie: the session must be live and the user enabled.
MATCH (u:User {id: $id})
WHERE $session_hash IN coalesce(u.session_hashes, []) AND NOT coalesce(u.disabled, false)
RETURN u.id AS username, u.role AS role, u.display_name AS display_name
