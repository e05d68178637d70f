// Move an alert from $from_status to $to_status (or only assign or note it), appending one
// history event; nothing when its status is no longer $from_status (someone moved it).
MATCH (a:Alert {id: $id})
WHERE a.status = $from_status
SET a.status = $to_status, a.assignee = coalesce($assignee, a.assignee)
CREATE (a)-[:HAS_ALERT_EVENT]->(e:AlertEvent {
  id: $event_id, at: datetime(), by: $by, action: $action, from_status: $from_status,
  to_status: $to_status, assignee: $assignee, note: $note, link: $link})
RETURN a.id AS id, e.at AS at
