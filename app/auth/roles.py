"""Roles and who may do what: one policy, applied to every request by :mod:`app.auth`.

| role | sees | writes |
|---|---|---|
| ``analyst`` | everything (victims' identities included) | everything except admin pages |
| ``rasso_officer`` | everything, victims' identities included | the subjects they own |
| ``mappa_panel`` | everything, victims as "Victim A", "Victim B" | nothing (read-only) |
| ``admin`` | the dashboard's counts, users and the audit log only | users |
| ``neighbourhood_officer`` | the dashboard, places, search, subject profiles, intelligence, \
escalation flags, problem profiles; victims, homes and free text as the panel | intelligence, \
problem profiles |

The neighbourhood / night-time-economy officer (DOMAIN.md) works below the criminal threshold:
no plans, orders, packs, tier board, TCG or tier decisions (:data:`NEIGHBOURHOOD_AREAS`).

Need to know (DOMAIN.md): administrators run the system, they do not work cases, so the
policy refuses them every page outside ``admin.*`` except the dashboard. A new blueprint is
therefore closed to admins and open to the three case roles until it says otherwise with
:func:`roles_required`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g

ROLES: tuple[str, ...] = ("analyst", "rasso_officer", "mappa_panel", "admin",
                          "neighbourhood_officer")

ROLE_LABELS: dict[str, str] = {
    "analyst": "Intelligence analyst",
    "rasso_officer": "RASSO officer",
    "mappa_panel": "MAPPA panel (read-only)",
    "admin": "Administrator",
    "neighbourhood_officer": "Neighbourhood / NTE officer",
}

#: Methods that change nothing; the only ones a read-only role may send.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: Endpoints every signed-in user may reach whatever the method (signing out is not a write).
ALWAYS_ALLOWED = frozenset({"auth.login", "auth.logout"})

#: What an administrator may open outside the ``admin`` blueprint: the dashboard's counts,
#: and the alerts area for his view watches (graph.alerts shows him those alerts only).
ADMIN_ALSO = frozenset({"home.index", "home.overview", "alerts.page", "alerts.alert_page",
                        "alerts.api_list", "alerts.api_get", "alerts.api_status",
                        "alerts.status_form", "alerts.api_watches", "alerts.api_watch",
                        "alerts.watch_form"})

#: What a neighbourhood officer may open: these areas, and :data:`NEIGHBOURHOOD_ALSO`.
NEIGHBOURHOOD_AREAS = frozenset({"home", "locations", "search", "intelligence", "problems",
                                 "api_docs"})
#: Single pages of other areas a neighbourhood officer needs: people and places.
NEIGHBOURHOOD_ALSO = frozenset({"subjects.profile", "subjects.api_profile",
                                "analysis_api.location_profile", "analysis_api.repeat_locations",
                                "network.location_chart"})
#: The only area a neighbourhood officer writes to: intelligence submissions.
NEIGHBOURHOOD_WRITES = frozenset({"intelligence", "problems"})
#: The intelligence form and API, and the only roles that submit through them.
SUBMIT_ENDPOINTS = frozenset({"intelligence.new", "intelligence.new_post",
                              "intelligence.api_submit"})
SUBMITTERS = ("analyst", "neighbourhood_officer")

#: Roles shown victims' names and details; others see that a victim exists and links offences.
VICTIM_IDENTITY_ROLES: tuple[str, ...] = ("analyst", "rasso_officer")

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class User:
    """The signed-in user, as every view sees them."""

    username: str
    role: str
    display_name: str

    @property
    def role_label(self) -> str:
        """The role as people say it."""
        return ROLE_LABELS.get(self.role, self.role)


def current_user() -> User | None:
    """The user of this request, or ``None`` before sign-in."""
    return g.get("user")


def refusal(user: User, endpoint: str | None, method: str) -> str | None:
    """Why ``user`` may not call ``endpoint`` with ``method``, or ``None`` when they may.

    Args:
        user: the signed-in user.
        endpoint: Flask endpoint name (``None`` for a URL that matches nothing: a 404).
        method: the HTTP method.

    Returns:
        A message for the 403 response, or ``None``.
    """
    if endpoint is None or endpoint in ALWAYS_ALLOWED:
        return None
    area = endpoint.split(".", 1)[0]
    if user.role not in ROLES:
        return "Your account has no valid role; ask an administrator."
    if area == "admin" and user.role != "admin":
        return "Only administrators can open the administration pages."
    if user.role == "admin" and area != "admin" and endpoint not in ADMIN_ALSO:
        return "Administrators manage users and the audit log; case data needs a case role."
    if user.role == "mappa_panel" and method not in READ_METHODS:
        return "The MAPPA panel role is read-only."
    if endpoint in SUBMIT_ENDPOINTS and user.role not in SUBMITTERS:
        return "Analysts and neighbourhood officers submit intelligence."
    if user.role == "neighbourhood_officer":
        if area not in NEIGHBOURHOOD_AREAS and endpoint not in NEIGHBOURHOOD_ALSO:
            return ("Neighbourhood officers see places, people and intelligence; plans, orders, "
                    "packs and tier decisions need a case role.")
        if method not in READ_METHODS and area not in NEIGHBOURHOOD_WRITES:
            return ("Neighbourhood officers submit intelligence and work problem profiles; "
                    "nothing else is written.")
    return None


def may_open(endpoint: str, method: str = "GET") -> bool:
    """Whether the current user may call ``endpoint`` (templates use it to show nav links)."""
    user = current_user()
    return user is not None and refusal(user, endpoint, method) is None


def roles_required(*roles: str) -> Callable[[F], F]:
    """Restrict a view to ``roles`` on top of the policy; others get 403 in the one error shape.

    Example::

        @bp.get("/victims/<victim_id>")
        @roles_required("rasso_officer")
        def victim(victim_id): ...
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                abort(401, "Sign in first.")
            if user.role not in roles:
                abort(403, "Your role does not give access to this page.")
            return view(*args, **kwargs)

        wrapper.roles_required = roles  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def can_edit_subject(user: User | None, owner_username: str | None) -> bool:
    """Whether ``user`` may change a subject owned by ``owner_username``.

    Analysts may edit any subject; a RASSO officer only the subjects they own;
    MAPPA panel members and administrators none.
    """
    if user is None:
        return False
    if user.role == "analyst":
        return True
    if user.role == "rasso_officer":
        return bool(owner_username) and owner_username.strip().lower() == user.username
    return False


def can_see_victim_identity(user: User | None) -> bool:
    """Whether ``user`` may see who a victim is (name, date of birth, address)."""
    return user is not None and user.role in VICTIM_IDENTITY_ROLES
