// The user behind a bearer token (live token, enabled user); notes when it was last used.
MATCH (u:User)-[:HAS_TOKEN]->(t:ApiToken {id: $token_hash})
WHERE NOT coalesce(t.revoked, false) AND NOT coalesce(u.disabled, false)
SET t.last_used = datetime()
RETURN u.id AS username, u.role AS role, u.display_name AS display_name
