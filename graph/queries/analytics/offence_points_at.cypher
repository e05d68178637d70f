// As offence_points, for a list of location ids ($ids) instead of a bounding box.
UNWIND $ids AS lid
MATCH (l:Location {id: lid})<-[:OCCURRED_AT]-(o:Offence)
WITH o, l, coalesce(o.committed_from, o.reported_on) AS d
WHERE ($categories IS NULL OR o.category IN $categories)
  AND ($from IS NULL OR d >= $from) AND ($to IS NULL OR d <= $to)
RETURN o.id AS offence_id, l.id AS location_id, l.lat AS lat, l.lon AS lon,
       toString(d) AS date, o.committed_time AS time, coalesce(o.month_only, false) AS month_only
ORDER BY date, offence_id
