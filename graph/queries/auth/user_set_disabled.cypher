// Disable (and sign out everywhere) or enable a user.
MATCH (u:User {id: $id})
SET u.disabled = $disabled,
    u.session_hashes = CASE WHEN $disabled THEN [] ELSE coalesce(u.session_hashes, []) END
RETURN u.id AS username
