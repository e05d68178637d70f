"""The dashboard's expensive part, computed once per change: the trawl on the as-of date
(its Tier 1 and 2 candidates), what changed since the last recorded trawl, and the
escalation flags (behaviour intelligence over the whole force: seconds at force size).

Both depend only on the data (ingests), the recorded changes (lifecycle events,
nominations, recorded trawls, intelligence submitted), the tier and escalation rules, the
behaviour taxonomy and the as-of date, never on who is looking
(disclosure is applied later, at the one point per surface). So they are kept in Neo4j, on
one ``DashboardCache`` node per as-of date, under a *marker*: a digest of
``home/change_marker`` (the latest ingest run and the counts of the append-only records
every recorded change leaves) and of the rule set. A load reads the marker (one small
query) and the entry; only when the marker moved (an ingest ran, a subject was adopted,
archived or reactivated, a nomination was made or decided, a trawl was recorded, the rule
set changed) or the date changed is the trawl run again. Kept in Neo4j rather than in each
process, so every app instance behind a load balancer shares one entry, and a change made
through any instance (or the command line) invalidates it for all.

The marker is read before the trawl runs: a change that lands during the computation
leaves an entry under the old marker, which the next load does not match.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from typing import Any

from graph.db import Database
from graph.intelligence.reports import named_flags
from graph.intelligence.rules import load_rules as load_escalation_rules
from graph.intelligence.taxonomy import load as load_taxonomy
from graph.tiers import rules as rules_mod
from graph.tiers import trawl as trawl_mod
from graph.tiers.rules import RuleSet


def _plain(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def marker(db: Database, rules: RuleSet) -> str:
    """A digest of everything the trawl part depends on but the date.

    Args:
        db: the execution point.
        rules: the rule set in force (a changed threshold changes the marker).

    Returns:
        A hex digest; equal digests mean the trawl part would come out the same.
    """
    state = db.read("home/change_marker")[0]
    payload = json.dumps({"graph": state, "rules": dataclasses.asdict(rules),
                          "escalation_rules": dataclasses.asdict(load_escalation_rules()),
                          "taxonomy": dataclasses.asdict(load_taxonomy())},
                         sort_keys=True, default=_plain)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def compute(db: Database, as_of: dt.date, rules: RuleSet) -> dict[str, Any]:
    """The trawl part, computed now: candidates (Tier 1 and 2, not yet adopted) and the
    changes since the last recorded trawl, as plain JSON types."""
    results = trawl_mod.trawl(db, as_of, rules)
    candidates = [a.as_json() for a in results
                  if a.tier in (1, 2) and a.status in (None, "candidate")]
    changes = trawl_mod.since_last(db, as_of, current=results, rules=rules)
    flags = named_flags(db, as_of)
    return {"candidates": candidates, "trawl_changes": changes, "escalations": flags}


def trawl_part(db: Database, as_of: dt.date) -> tuple[dict[str, Any], bool]:
    """The dashboard's trawl part on ``as_of``, from the cache when nothing changed.

    Args:
        db: the execution point.
        as_of: the dashboard's date (today).

    Returns:
        ``({"candidates": [...], "trawl_changes": {...}}, cached)``: ``cached`` is True when
        the entry was reused and the trawl did not run.
    """
    rules = rules_mod.load()
    key = marker(db, rules)
    day = as_of.isoformat()
    rows = db.read("home/cache_get", as_of=day, marker=key)
    if rows:
        return json.loads(rows[0]["data"]), True
    part = compute(db, as_of, rules)
    text = json.dumps(part, default=str)  # dates as ISO text, as the JSON API gives them
    db.write("home/cache_put", as_of=day, marker=key, data=text)
    return json.loads(text), False
