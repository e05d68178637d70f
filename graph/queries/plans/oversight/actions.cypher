// Plan actions opened or closed in the period: the monthly charges, SRO applications and
// intervention referrals are counted from them.
MATCH (s:Subject)-[:HAS_PLAN]->(:Plan)-[:HAS_ACTION]->(a:PlanAction)
WHERE (a.opened_on >= $date_from AND a.opened_on <= $date_to)
   OR (a.closed_on >= $date_from AND a.closed_on <= $date_to)
RETURN s.id AS subject_id, s.forename AS forename, s.surname AS surname, a.id AS action_id,
       a.tactic AS tactic, a.status AS status, a.outcome AS outcome, a.opened_on AS opened_on,
       a.closed_on AS closed_on
ORDER BY a.id
