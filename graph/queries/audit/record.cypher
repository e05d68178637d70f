// Append one audit event. The app only ever CREATEs AuditEvent nodes: no query updates or
// deletes them. With $watch_ids (the people a view showed), also return the view watches on
// them (graph/alerts/watches.py), so a watched view costs no second read.
CREATE (e:AuditEvent {
  id: $id, at: datetime(), username: $username, role: $role, action: $action,
  target_kind: $target_kind, target_id: $target_id, reason: $reason,
  remote_addr: $remote_addr, user_agent: $user_agent, method: $method, path: $path
})
WITH e
CALL (e) {
  WITH e WHERE $watch_ids IS NOT NULL
  MATCH (w:Watch {kind: 'view'})
  WHERE w.target_id IN $watch_ids
  RETURN collect(w {watch_id: w.id, .target_id, .target_kind, .username}) AS watchers
}
RETURN e.id AS id, watchers
