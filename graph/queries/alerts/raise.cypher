// Raise each alert not raised before (its id is a hash of its kind and key facts): a
// second run with the same facts creates nothing. Returns the ids created.
UNWIND $alerts AS row
MERGE (a:Alert {id: row.id})
ON CREATE SET a.kind = row.kind, a.subject_id = row.subject_id,
              a.location_id = row.location_id, a.watcher = row.watcher,
              a.title = row.title, a.facts = row.facts, a.raised_on = $raised_on,
              a.created_at = datetime(), a.status = 'open', a.assignee = null,
              a.created_now = true
WITH a, a.created_now AS created
REMOVE a.created_now
WITH a, created WHERE created
CREATE (a)-[:HAS_ALERT_EVENT]->(:AlertEvent {
  id: a.id + '-raised', at: a.created_at, by: $by, action: 'raised', to_status: 'open'})
RETURN a.id AS id
