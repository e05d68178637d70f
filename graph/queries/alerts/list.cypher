// Alerts a reader may see, newest first. An administrator sees only the view-watch alerts of
// his own watches; case roles never see those. With $inbox, only the reader's inbox: kinds
// his role subscribes to, alerts assigned to him, on subjects he owns, or on subjects and
// places he watches. $everything (the command line, run by the operator) lifts the role test.
MATCH (a:Alert)
WHERE ($kind IS NULL OR a.kind = $kind) AND ($status IS NULL OR a.status = $status)
  AND ($subject_id IS NULL OR a.subject_id = $subject_id)
  AND ($everything OR CASE WHEN $admin THEN a.kind = 'person_viewed' AND a.watcher = $username
                           ELSE a.kind <> 'person_viewed' END)
  AND (NOT $inbox OR a.kind IN $subscribed OR a.assignee = $username
       OR a.watcher = $username
       OR EXISTS { MATCH (s:Subject {id: a.subject_id}) WHERE s.owner = $username }
       OR EXISTS { MATCH (w:Watch {username: $username})
                   WHERE w.kind IN ['subject', 'place']
                     AND w.target_id IN [a.subject_id, a.location_id] })
WITH a ORDER BY a.raised_on DESC, a.created_at DESC, a.id LIMIT $limit
OPTIONAL MATCH (s:Subject {id: a.subject_id})
RETURN a {.id, .kind, .subject_id, .location_id, .raised_on, .status, .assignee, .title,
          .facts, .watcher, .created_at} AS alert, s.owner AS owner
