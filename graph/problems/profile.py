"""OSARA problem profiles: create, read, refresh, respond, and the Assessment.

A profile is a ``Problem`` node and its ``ProblemVersion`` nodes, one per dated version of a
section (``objective``, ``scanning``, ``analysis``, ``responses``, ``assessment``). Nothing is
overwritten: a change is a new version, and the profile shows the newest of each section with
every earlier one listed by its date. Scanning, Analysis and the Assessment are computed from
the data (:mod:`.sections`, :mod:`.assess`) when the profile is made, on refresh, and (the
Assessment) when a response is added. Who may write is the app's decision.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from graph.db import Database
from graph.errors import NotFound
from graph.plans.vocab import check_choice, check_date, check_text
from graph.problems import data, sections
from graph.problems.assess import METRICS, assessment
from graph.records import plain

SECTIONS = ("objective", "scanning", "analysis", "responses", "assessment")
SCOPES = ("places", "area")
MAX_PLACES = 50


def _id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def _number(field: str, value: Any, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{field} must be a number, not {value!r}") from None
    if not low <= number <= high:
        raise ValueError(f"{field} must be between {low:g} and {high:g}")
    return number


def check_objective(body: Any) -> dict[str, Any]:
    """An objective: ``text``, ``metric`` (:data:`METRICS`), ``change_pct`` (e.g. -30 to
    reduce by 30%) and ``months`` (1-36); a ``ValueError`` names a bad field."""
    if not isinstance(body, dict):
        raise ValueError("objective must be an object with text, metric, change_pct, months")
    return {"text": check_text("objective.text", body.get("text"), 2000),
            "metric": check_choice("objective.metric", body.get("metric"), list(METRICS)),
            "change_pct": _number("objective.change_pct", body.get("change_pct"), -100, 1000),
            "months": int(_number("objective.months", body.get("months", 6), 1, 36))}


def _scope(body: dict[str, Any]) -> dict[str, Any]:
    ids, area = body.get("location_ids"), body.get("area")
    ids = None if ids in (None, "", []) else ids  # empty: not given
    area = None if area in (None, "", {}) else area
    if (ids is None) == (area is None):
        raise ValueError("give location_ids (one or more places) or area ({lat, lon, "
                         "radius_m}), not both")
    if ids is not None:
        if (not isinstance(ids, list) or not ids
                or not all(isinstance(i, str) and i.strip() for i in ids)):
            raise ValueError("location_ids must be a list of one or more location ids")
        ids = list(dict.fromkeys(i.strip() for i in ids))
        if len(ids) > MAX_PLACES:
            raise ValueError(f"location_ids: at most {MAX_PLACES} places")
        return {"scope": "places", "location_ids": ids, "lat": None, "lon": None,
                "radius_m": None}
    if not isinstance(area, dict):
        raise ValueError("area must be an object with lat, lon and radius_m")
    return {"scope": "area", "location_ids": [],
            "lat": _number("area.lat", area.get("lat"), -90, 90),
            "lon": _number("area.lon", area.get("lon"), -180, 180),
            "radius_m": _number("area.radius_m", area.get("radius_m"), 10, 20000)}


def _as_of(body: dict[str, Any], today: dt.date | None) -> dt.date:
    day = check_date("as_of", body.get("as_of"), required=False) or today or dt.date.today()
    if day > dt.date.today():
        raise ValueError("as_of is in the future")
    return day


def create(db: Database, body: Any, *, by: str, today: dt.date | None = None,
           problem_id: str | None = None) -> dict[str, Any]:
    """Save a new profile: its objective, and Scanning and Analysis filled from the data.

    Args:
        body: ``title``, ``location_ids`` or ``area`` ({lat, lon, radius_m}),
            ``objective`` ({text, metric, change_pct, months}), optional ``manager`` (the
            place manager, e.g. the licensee), ``comparison`` (``surrounding`` or
            ``same_type``) and ``as_of`` (the day the data is read on; default today).
        by: the user.

    Raises:
        ValueError: a bad field (the message names it), or places that do not exist.
    """
    if not isinstance(body, dict):
        raise ValueError("send a JSON object with title, location_ids or area, objective")
    title = check_text("title", body.get("title"), 200)
    scope = _scope(body)
    objective = check_objective(body.get("objective"))
    manager = check_text("manager", body.get("manager"), 500, required=False)
    comparison = check_choice("comparison", body.get("comparison") or "surrounding",
                              list(data.COMPARISONS))
    as_of = _as_of(body, today)
    if scope["scope"] == "places":
        known = {p["id"] for p in data.places(db, scope["location_ids"])}
        unknown = [i for i in scope["location_ids"] if i not in known]
        if unknown:
            raise ValueError(f"location_ids: no location {', '.join(map(repr, unknown))}")
    pid = problem_id or _id("prb")
    db.write("problems/create", id=pid, title=title, manager=manager, comparison=comparison,
             by=by, **scope)
    _version(db, pid, "objective", objective, by, as_of)
    refresh(db, pid, {"as_of": as_of.isoformat()}, by=by)
    return get(db, pid)


def _version(db: Database, pid: str, section: str, content: Any, by: str,
             as_of: dt.date) -> dict[str, Any]:
    rows = db.write("problems/add_version", problem_id=pid, version_id=_id("prv"),
                    section=section, content=json.dumps(content, default=str), by=by,
                    as_of=as_of)
    if not rows:
        raise NotFound(f"no problem profile {pid!r}")
    return plain(rows[0]["version"])


def _stored(db: Database, pid: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rows = db.read("problems/problem", problem_id=pid)
    if not rows:
        raise NotFound(f"no problem profile {pid!r}")
    return plain(rows[0]["problem"]), [plain(v) for v in rows[0]["versions"]]


def _current(versions: list[dict[str, Any]], section: str) -> dict[str, Any] | None:
    mine = [v for v in versions if v["section"] == section]
    return max(mine, key=lambda v: v["version"]) if mine else None


def refresh(db: Database, pid: str, body: Any = None, *, by: str,
            today: dt.date | None = None) -> dict[str, Any]:
    """New versions of Scanning, Analysis and (with a response) the Assessment."""
    problem, versions = _stored(db, pid)
    as_of = _as_of(body if isinstance(body, dict) else {}, today)
    _version(db, pid, "scanning", sections.scanning(db, problem, as_of), by, as_of)
    _version(db, pid, "analysis", sections.analysis(db, problem, as_of), by, as_of)
    _assess(db, problem, versions, by, as_of)
    return get(db, pid)


def _content(version: dict[str, Any] | None) -> Any:
    return None if version is None else json.loads(version["content"])


def _assess(db: Database, problem: dict[str, Any], versions: list[dict[str, Any]], by: str,
            as_of: dt.date) -> None:
    actions = _content(_current(versions, "responses")) or []
    if not actions:
        return
    objective = _content(_current(versions, "objective"))
    start = min(dt.date.fromisoformat(a["opened_on"]) for a in actions)
    if start > as_of:
        return
    scope = data.resolve(db, problem)
    around, words = data.comparison(db, problem, scope)
    content = assessment(data.events(db, scope.location_ids, area=scope.report_area),
                         data.events(db, around), start=start, as_of=as_of,
                         months=objective["months"], objective=objective,
                         comparison_words=words)
    _version(db, problem["id"], "assessment", {**content, "as_of": as_of.isoformat()}, by,
             as_of)


def add_response(db: Database, pid: str, body: Any, *, by: str,
                 today: dt.date | None = None) -> dict[str, Any]:
    """Add a response action (a new version of the responses) and re-assess.

    Args:
        body: ``description`` (what), ``owner`` (who), ``agency``, ``opened_on`` (from) and
            ``due_on`` (to), as a plan action has them.
    """
    problem, versions = _stored(db, pid)  # an unknown profile is a 404 whatever the body
    if not isinstance(body, dict):
        raise ValueError("send a JSON object with description, owner, agency, opened_on, "
                         "due_on")
    description = check_text("description", body.get("description"), 2000)
    owner = check_text("owner", body.get("owner"), 200)
    agency = check_text("agency", body.get("agency"), 200, required=False) or "Police"
    opened_on = check_date("opened_on", body.get("opened_on"))
    due_on = check_date("due_on", body.get("due_on"), required=False)
    if due_on and due_on < opened_on:
        raise ValueError("due_on is before opened_on")
    actions = _content(_current(versions, "responses")) or []
    actions.append({"id": _id("pra"), "kind": "problem_action", "description": description,
                    "owner": owner, "agency": agency, "opened_on": opened_on.isoformat(),
                    "due_on": due_on and due_on.isoformat(), "status": "open",
                    "added_by": by, "added_on": (today or dt.date.today()).isoformat()})
    as_of = _as_of(body, today)
    _version(db, pid, "responses", actions, by, as_of)
    _, versions = _stored(db, pid)
    _assess(db, problem, versions, by, as_of)
    return get(db, pid)


def set_objective(db: Database, pid: str, body: Any, *, by: str,
                  today: dt.date | None = None) -> dict[str, Any]:
    """A new version of the objective (and of the Assessment, measured against it)."""
    problem, _ = _stored(db, pid)  # an unknown profile is a 404 whatever the body
    objective = check_objective(body)
    as_of = _as_of(body, today)
    _version(db, pid, "objective", objective, by, as_of)
    _, versions = _stored(db, pid)
    _assess(db, problem, versions, by, as_of)
    return get(db, pid)


def get(db: Database, pid: str, *, version_id: str | None = None) -> dict[str, Any]:
    """The profile: the newest version of each section (or, for ``version_id``'s section,
    that version), and every version's date.

    Raises:
        NotFound: no such profile, or no such version of it.
    """
    problem, versions = _stored(db, pid)
    chosen = {s: _current(versions, s) for s in SECTIONS}
    if version_id:
        wanted = next((v for v in versions if v["id"] == version_id), None)
        if wanted is None:
            raise NotFound(f"no version {version_id!r} of problem {pid!r}")
        chosen[wanted["section"]] = wanted
    scope = data.resolve(db, problem)

    def section(name: str) -> Any:
        v = chosen[name]
        if v is None:
            return None
        content = _content(v)
        meta = {"version": v["version"], "version_id": v["id"], "at": v["at"], "by": v["by"],
                "current": v is _current(versions, name)}
        return {**content, **meta} if isinstance(content, dict) else content

    return {
        "id": problem["id"], "title": problem["title"], "scope": problem["scope"],
        "places": scope.places,
        "area": scope.area,
        "manager": problem.get("manager") or "",
        "comparison": problem.get("comparison") or "surrounding",
        "created_by": problem["created_by"], "created_at": problem["created_at"],
        "objective": section("objective"), "scanning": section("scanning"),
        "analysis": section("analysis"), "responses": section("responses") or [],
        "assessment": section("assessment"),
        "versions": [{"id": v["id"], "section": v["section"], "version": v["version"],
                      "at": v["at"], "by": v["by"], "as_of": v.get("as_of")}
                     for v in sorted(versions, key=lambda v: (v["at"], v["version"]),
                                     reverse=True)],
    }


def list_problems(db: Database) -> list[dict[str, Any]]:
    """Every profile, newest first, with its current objective."""
    out = []
    for r in db.read("problems/list"):
        row = plain(r)
        problem = row["problem"]
        out.append({"id": problem["id"], "title": problem["title"], "scope": problem["scope"],
                    "places": len(problem.get("location_ids") or []),
                    "area": ({"lat": problem["lat"], "lon": problem["lon"],
                              "radius_m": problem["radius_m"]}
                             if problem["scope"] == "area" else None),
                    "objective": json.loads(row["objective"]) if row["objective"] else None,
                    "versions": row["versions"], "updated": row["updated"],
                    "created_by": problem["created_by"]})
    return out
