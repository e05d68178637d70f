// One alert with its history, oldest first.
MATCH (a:Alert {id: $id})
OPTIONAL MATCH (s:Subject {id: a.subject_id})
CALL (a) {
  OPTIONAL MATCH (a)-[:HAS_ALERT_EVENT]->(e:AlertEvent)
  WITH e ORDER BY e.at, e.id
  RETURN collect(e {.id, .at, .by, .action, .from_status, .to_status, .assignee, .note,
                    .link}) AS history
}
RETURN a {.id, .kind, .subject_id, .location_id, .raised_on, .status, .assignee, .title,
          .facts, .watcher, .created_at} AS alert, s.owner AS owner, history
