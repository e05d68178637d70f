// Forget the proposals of an earlier full run before keeping the new ones.
MATCH (p:ResolutionProposal) DETACH DELETE p
