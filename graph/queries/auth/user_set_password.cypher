// Store a new password hash; a changed password signs the user out everywhere.
MATCH (u:User {id: $id})
SET u.password_hash = $password_hash,
    u.password_changed_at = CASE WHEN $end_sessions THEN datetime() ELSE u.password_changed_at END,
    u.session_hashes = CASE WHEN $end_sessions THEN [] ELSE coalesce(u.session_hashes, []) END
RETURN u.id AS username
