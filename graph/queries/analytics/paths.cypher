// All shortest paths between two subjects, using only the relationship types in $rel_types
// (fixed lists chosen by link type in graph/analytics/config.py), suspects/offenders only on
// NAMED_IN, and only the association kinds in $kinds (null: all). The predicates are on every
// relationship of the path, so Neo4j applies them during the breadth-first search.
// DISTINCT on nodes and relationship types: two subjects joined by several ASSOCIATE_OF
// kinds would otherwise give one path per combination (the kinds are fetched afterwards).
MATCH (a:Subject {id: $from}), (b:Subject {id: $to})
MATCH p = allShortestPaths((a)-[*..16]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $rel_types
          AND (type(r) <> 'NAMED_IN' OR r.role IN $roles)
          AND (type(r) <> 'ASSOCIATE_OF' OR $kinds IS NULL OR r.kind IN $kinds))
RETURN DISTINCT [n IN nodes(p) | {
          id: n.id,
          kind: labels(n)[0],
          name: CASE
            WHEN n:Subject THEN trim(coalesce(n.forename, '') + ' ' + coalesce(n.surname, ''))
            WHEN n:Location THEN coalesce(n.name, n.address)
            WHEN n:Identifier THEN n.kind + ':' + coalesce(n.value, '')
          END,
          date: CASE WHEN n:Offence THEN toString(coalesce(n.committed_from, n.reported_on)) END
        }] AS nodes,
       [r IN relationships(p) | type(r)] AS rels
LIMIT $limit
