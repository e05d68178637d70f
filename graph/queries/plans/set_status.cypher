// Change an action's status, only from the status the caller saw ($from_status), with an
// append-only event (who, when, from, to, why).
MATCH (a:PlanAction {id: $action_id})
WHERE a.status = $from_status
CREATE (e:ActionEvent {id: $event_id, action_id: a.id, at: datetime(), by: $by,
                       from_status: a.status, to_status: $to_status, outcome: $outcome,
                       note: $note})
CREATE (a)-[:HAS_EVENT]->(e)
SET a.status = $to_status,
    a.outcome = CASE WHEN $outcome IS NULL THEN a.outcome ELSE $outcome END,
    a.closed_on = CASE WHEN $to_status IN ['done', 'cancelled'] THEN $on ELSE null END
RETURN a {.*} AS action
