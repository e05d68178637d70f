// Every pair an analyst has decided (confirmed, rejected, or split apart): never proposed again.
MATCH (d:ResolutionDecision)
UNWIND d.pair_ids AS pair
RETURN DISTINCT pair
