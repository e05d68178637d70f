// Grid cells no report is clustered to any more (after a new place or a new radius).
MATCH (g:GridCell)
WHERE NOT (g)<-[:CLUSTERED_TO]-()
DETACH DELETE g
RETURN count(*) AS pruned
