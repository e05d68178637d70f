// Create a user; the uniqueness constraint on User.id refuses a second one with the same name.
CREATE (u:User {
  id: $id, username: $id, role: $role, display_name: $display_name,
  password_hash: $password_hash, disabled: false, created_at: datetime(),
  password_changed_at: datetime(), session_hashes: []
})
RETURN u.id AS username
