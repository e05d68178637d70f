// Every user with role, state and how many API tokens are live (no password hashes).
MATCH (u:User)
OPTIONAL MATCH (u)-[:HAS_TOKEN]->(t:ApiToken)
WHERE NOT coalesce(t.revoked, false)
RETURN u.id AS username, u.role AS role, u.display_name AS display_name,
       coalesce(u.disabled, false) AS disabled, u.last_login AS last_login,
       u.created_at AS created_at, count(t) AS live_tokens
ORDER BY username
