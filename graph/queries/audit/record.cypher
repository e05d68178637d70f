// Append one audit event. The app only ever CREATEs AuditEvent nodes: no query updates or
// deletes them.
CREATE (e:AuditEvent {
  id: $id, at: datetime(), username: $username, role: $role, action: $action,
  target_kind: $target_kind, target_id: $target_id, reason: $reason,
  remote_addr: $remote_addr, user_agent: $user_agent, method: $method, path: $path
})
RETURN e.id AS id
