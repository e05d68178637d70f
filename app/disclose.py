"""The one point where the disclosure policy meets a request.

Every JSON response (:class:`app.jsonio.JSONProvider`), every page's template context
(:class:`app.LinkwatchFlask`) and every CSV export (:func:`csv_rows`) passes through
:func:`disclosed`, which applies :mod:`graph.disclosure` for the signed-in user's role. Views
do not decide; the browser does not decide.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from flask import current_app, g, has_request_context, request

from app.auth.roles import current_user
from app.extensions import db
from graph.disclosure import Audience, Pseudonyms, audience_for, disclose

_PAGE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def audience() -> Audience:
    """The signed-in user's audience (the least when nobody is signed in)."""
    user = current_user() if has_request_context() else None
    return audience_for(user.role if user else None)


def valid_page(value: str | None) -> bool:
    """Whether ``value`` can be a page scope (random text a page was given)."""
    return bool(value) and bool(_PAGE.match(value))


def pseudonyms() -> Pseudonyms:
    """This request's pseudonyms: scoped to the user and the page's ``page`` value, and
    lettered for the subject the request is about (``<subject_id>`` or ``?subject=``)."""
    if "pseudonyms" not in g:
        user = current_user()
        page = request.args.get("page", "")
        if not valid_page(page):
            page = secrets.token_urlsafe(12)  # no page given: ids for this response only
        subject = (request.view_args or {}).get("subject_id") or request.args.get("subject")
        g.pseudonyms = Pseudonyms(db(), current_app.config["SECRET_KEY"],
                                  f"{user.username if user else '-'}|{page}",
                                  subject_id=subject or None)
    return g.pseudonyms


def disclosed(value: Any) -> Any:
    """``value`` as the signed-in user may receive it."""
    if not has_request_context():
        return value
    who = audience()
    if who.everything:
        return value
    return disclose(value, who, pseudonyms())
