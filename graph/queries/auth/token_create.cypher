// A new API token for a user; only the SHA-256 of the token is stored (as the id).
MATCH (u:User {id: $id})
CREATE (u)-[:HAS_TOKEN]->(t:ApiToken {
  id: $token_hash, label: $label, created_at: datetime(), revoked: false
})
RETURN u.id AS username, t.created_at AS created_at
