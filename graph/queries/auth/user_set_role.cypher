// Change a user's role; it applies from the user's next request.
MATCH (u:User {id: $id})
WITH u, u.role AS before
SET u.role = $role
RETURN u.id AS username, before
