// One user with the password hash, for signing in.
MATCH (u:User {id: $id})
RETURN u.id AS username, u.role AS role, u.display_name AS display_name,
       coalesce(u.disabled, false) AS disabled, u.password_hash AS password_hash
