// Keep an officer's answer to a suggestion (accepted, with the action it became, or
// dismissed, with a reason), once per suggestion key.
MATCH (p:Plan {id: $plan_id})
WHERE NOT EXISTS { (p)-[:HAS_DECISION]->(:SuggestionDecision {key: $key}) }
CREATE (d:SuggestionDecision {id: $decision_id, key: $key, rule: $rule, decision: $decision,
                              reason: $reason, action_id: $action_id, by: $by,
                              at: datetime()})
CREATE (p)-[:HAS_DECISION]->(d)
RETURN d {.*} AS decision
