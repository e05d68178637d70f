"""Person resolution: one offender under several subject records, found by Splink,
reviewed by an analyst, and counted once (issue 15)."""
