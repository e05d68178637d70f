// Offences by category and offence type in a window (committed_from, else reported_on).
MATCH (o:Offence)
WITH o, coalesce(o.committed_from, o.reported_on) AS d
WHERE ($from IS NULL OR d >= $from) AND ($to IS NULL OR d <= $to)
RETURN coalesce(o.category, 'unclassified') AS category,
       coalesce(o.offence_type, '') AS offence_type, count(o) AS offences
ORDER BY offences DESC, category, offence_type
