// The newest audit events matching the filters; a null filter matches everything.
// $date_from and $date_to are ISO dates (inclusive days, UTC).
MATCH (e:AuditEvent)
WHERE ($username IS NULL OR e.username = $username)
  AND ($action IS NULL OR e.action = $action)
  AND ($target_id IS NULL OR e.target_id = $target_id)
  AND ($date_from IS NULL OR e.at >= datetime($date_from))
  AND ($date_to IS NULL OR e.at < datetime($date_to) + duration('P1D'))
RETURN e.id AS id, e.at AS at, e.username AS username, e.role AS role, e.action AS action,
       e.target_kind AS target_kind, e.target_id AS target_id, e.reason AS reason,
       e.remote_addr AS remote_addr, e.user_agent AS user_agent, e.method AS method,
       e.path AS path
ORDER BY e.at DESC, e.id
LIMIT $limit
