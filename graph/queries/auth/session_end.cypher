// Sign-out: forget one session, so its cookie no longer works even if replayed.
MATCH (u:User {id: $id})
SET u.session_hashes = [h IN coalesce(u.session_hashes, []) WHERE h <> $session_hash]
RETURN u.id AS username
