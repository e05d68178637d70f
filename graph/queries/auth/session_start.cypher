// Sign-in: remember the new session (only its hash; the newest $keep per user) and the time.
MATCH (u:User {id: $id})
SET u.last_login = datetime(),
    u.session_hashes = ([$session_hash] +
      [h IN coalesce(u.session_hashes, []) WHERE h <> $session_hash])[0..$keep]
RETURN u.id AS username
