// Revoke every live API token of a user (kept, marked revoked, never deleted).
MATCH (u:User {id: $id})-[:HAS_TOKEN]->(t:ApiToken)
WHERE NOT coalesce(t.revoked, false)
SET t.revoked = true, t.revoked_at = datetime()
RETURN count(t) AS revoked
