"""Operation Ratify tiers: the rule set, the trawl, explanations and the TCG lifecycle."""
