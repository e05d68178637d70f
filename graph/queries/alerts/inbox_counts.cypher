// The header's inbox counts: open and in-progress alerts in one reader's inbox (see
// alerts/list for who sees what).
MATCH (a:Alert)
WHERE a.status IN ['open', 'in_progress']
  AND CASE WHEN $admin THEN a.kind = 'person_viewed' AND a.watcher = $username
           ELSE a.kind <> 'person_viewed' END
  AND (a.kind IN $subscribed OR a.assignee = $username OR a.watcher = $username
       OR EXISTS { MATCH (s:Subject {id: a.subject_id}) WHERE s.owner = $username }
       OR EXISTS { MATCH (w:Watch {username: $username})
                   WHERE w.kind IN ['subject', 'place']
                     AND w.target_id IN [a.subject_id, a.location_id] })
RETURN count(CASE a.status WHEN 'open' THEN 1 END) AS open,
       count(CASE a.status WHEN 'in_progress' THEN 1 END) AS in_progress
