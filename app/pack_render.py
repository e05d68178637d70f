"""The MAPPA review pack as a document: content through the one disclosure policy, HTML, PDF.

:func:`content` gathers the pack (:func:`graph.packs.collect`), draws the network
(:func:`app.chart.drawing`) and passes everything through :func:`graph.disclosure.disclose`
for the audience ``pack_<name>``: the same walk as every page, JSON answer and export, so a
victim is "Victim A" in the picture, the tables and the text alike. :func:`generate` renders
``pack.html`` and, for a PDF, hands it to WeasyPrint: our own HTML and CSS to PDF with no
browser, with paged-media CSS (``@page`` margin boxes) putting the protective marking on
every page. It records the pack (:func:`graph.packs.save`) before anything leaves.

A PDF is deterministic: the same content, stamp and as-of date give the same bytes (the
creation date is the as-of date; the file identifier is derived from the record id).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from app import chart, pack_svg, vocab
from graph import packs
from graph.db import Database
from graph.disclosure import AUDIENCES, Pseudonyms, disclose
from graph.errors import Conflict, ConstraintViolation
from graph.packs.record import RECIPIENTS_MAX

APP_DIR = Path(__file__).resolve().parent
CSS_FILE = APP_DIR / "static" / "pack.css"
#: Keys the pseudonymous victim ids inside a pack (never printed; fixed, so the same pack
#: lays out the same network picture in any process).
PACK_KEY = b"linkwatch-review-pack"
MARKING = "OFFICIAL-SENSITIVE"
HANDLING = "Not to be shared further without the MAPPA Chair's agreement"
MIMETYPES = {"pdf": "application/pdf", "html": "text/html"}
_THREAD = threading.local()


@dataclass(frozen=True)
class Stamp:
    """What makes one issue of a pack: its version, who prepared it, when, for whom."""

    version: int
    record_id: str
    prepared_by: str
    generated_at: dt.datetime
    recipients: str | None


@dataclass(frozen=True)
class Pack:
    """A generated, recorded pack."""

    subject_id: str
    audience: str
    fmt: str
    body: bytes
    stamp: Stamp
    sha256: str
    content_sha256: str
    pages: int | None
    record: dict[str, Any]

    @property
    def mimetype(self) -> str:
        """The file's media type."""
        return MIMETYPES[self.fmt]

    @property
    def filename(self) -> str:
        """A file name saying subject, audience and version."""
        return f"mappa-pack-{self.subject_id}-{self.audience}-v{self.stamp.version}.{self.fmt}"


def content(db: Database, subject_id: str, audience: str, *, as_of: dt.date,
            since: dt.date | None = None, meeting: dt.date | None = None) -> dict[str, Any]:
    """The pack's content as ``audience`` may receive it.

    Raises:
        graph.errors.NotFound: no such subject.
        ValueError: an unknown audience, or ``since`` after ``as_of``.
    """
    who = AUDIENCES[f"pack_{packs.check_audience(audience)}"]
    names = Pseudonyms(db, PACK_KEY, f"pack|{subject_id}", subject_id=subject_id)
    raw = packs.collect(db, subject_id, as_of=as_of, since=since)
    drawing = chart.drawing(raw.pop("network"), who, names)
    out = disclose({**raw, "network": drawing}, who, names)
    out.update(audience=audience, audience_label=packs.AUDIENCE_LABELS[audience],
               meeting=meeting or as_of)
    return out


@cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(APP_DIR / "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters.update(d=_date, outcome=_outcome, category=vocab.category_words,
                       order_type=_order_type, place=_place, words=_words)
    env.globals.update(MARKING=MARKING, HANDLING=HANDLING, HEADING_WORDS=packs.HEADINGS)
    return env


def render_body(data: dict[str, Any]) -> str:
    """The pack's sections as HTML: everything but the issue stamp."""
    pictures = {
        "network": pack_svg.network_svg(data["network"]),
        "legend": pack_svg.legend_items(data["network"]) + pack_svg.tier_rings(),
        "timeline": pack_svg.timeline_svg(data["timeline"], data["as_of"], data["since"]),
    }
    return _env().get_template("_pack_body.html").render(p=data, pictures=pictures)


def render_page(data: dict[str, Any], body: str, stamp: Stamp, css_href: str | None) -> str:
    """The whole document: head (title, metadata, stylesheet), the stamp, the body."""
    return _env().get_template("pack.html").render(p=data, body=body, stamp=stamp,
                                                   css_href=css_href)


def _weasyprint() -> tuple[Any, Any, Any]:
    """WeasyPrint, with this thread's font configuration and the pack's stylesheet.

    Imported on first use: it loads Pango, which the rest of the app never needs. Loading
    the fonts is a good part of a small document's time, so each thread keeps its own
    configuration (Pango's font maps are not shared across threads).
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_THREAD, "fonts"):
        _THREAD.fonts = FontConfiguration()
        _THREAD.css = weasyprint.CSS(filename=str(CSS_FILE), font_config=_THREAD.fonts)
    return weasyprint, _THREAD.fonts, _THREAD.css


def pdf_bytes(html: str, *, identifier: str) -> tuple[bytes, int]:
    """``html`` as PDF with the pack's stylesheet; the file and its page count."""
    weasyprint, fonts, css = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=str(APP_DIR)).render(
        stylesheets=[css], font_config=fonts)
    ident = hashlib.sha256(identifier.encode()).hexdigest()[:32].encode()
    return document.write_pdf(pdf_identifier=ident), len(document.pages)


def generate(db: Database, subject_id: str, audience: str, *, fmt: str = "pdf",
             as_of: dt.date, since: dt.date | None = None, meeting: dt.date | None = None,
             prepared_by: str, generated_by: str, role: str | None,
             recipients: str | None = None, css_href: str | None = None,
             now: dt.datetime | None = None) -> Pack:
    """Make, record and return one pack.

    Args:
        db: the execution point.
        subject_id: the subject.
        audience: ``panel``, ``partner`` or ``summary``.
        fmt: ``pdf`` or ``html`` (the same pack as a page, linking ``css_href``).
        as_of: the day the pack stands on.
        since: the last review (twelve weeks before ``as_of`` when None).
        meeting: the panel meeting's date (``as_of`` when None).
        prepared_by: who prepared it, as the pack says it.
        generated_by: the username (or ``cli:<user>``) the record keeps.
        role: their role (``cli`` on the command line).
        recipients: who it is for, as typed.
        now: the time of issue (now when None).

    Raises:
        graph.errors.NotFound: no such subject.
        ValueError: a bad audience, format or date.
        Conflict: three others took the next version meanwhile.
    """
    if fmt not in MIMETYPES:
        raise ValueError(f"format must be one of {', '.join(MIMETYPES)}, not {fmt!r}")
    data = content(db, subject_id, audience, as_of=as_of, since=since, meeting=meeting)
    body = render_body(data)
    content_sha256 = hashlib.sha256(body.encode()).hexdigest()
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    for _ in range(3):
        version = packs.next_version(db, subject_id, audience)
        stamp = Stamp(version, packs.record_id(subject_id, audience, version), prepared_by,
                      now, (recipients or "").strip()[:RECIPIENTS_MAX] or None)
        html = render_page(data, body, stamp, css_href if fmt == "html" else None)
        if fmt == "pdf":
            file, pages = pdf_bytes(html, identifier=stamp.record_id)
        else:
            file, pages = html.encode(), None
        sha256 = hashlib.sha256(file).hexdigest()
        try:
            record = packs.save(db, subject_id=subject_id, audience=audience, version=version,
                                fmt=fmt, sha256=sha256, content_sha256=content_sha256,
                                size=len(file), pages=pages, generated_by=generated_by,
                                role=role, recipients=stamp.recipients, as_of=as_of,
                                since=data["since"], meeting_on=data["meeting"])
        except ConstraintViolation:
            continue  # that version was given out meanwhile: issue the next one
        return Pack(subject_id, audience, fmt, file, stamp, sha256, content_sha256, pages,
                    record)
    raise Conflict("other packs of this subject and audience were being generated at the "
                   "same moment: try again")


# --- filters ---------------------------------------------------------------------------------


def _date(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "iso_format"):
        return value.iso_format()[:10]
    return str(value)


def _outcome(code: Any) -> str:
    if code in (None, ""):
        return ""
    return f"{code}: {vocab.OUTCOMES[code]}" if code in vocab.OUTCOMES else str(code)


def _order_type(value: Any) -> str:
    return vocab.ORDER_TYPES.get(str(value or "").lower(), str(value or ""))


def _words(value: Any) -> str:
    return str(value or "").replace("_", " ")


def _place(value: Any) -> str:
    """A place as a line of text: its name (or masked label), postcode, venue type."""
    if not isinstance(value, dict):
        return ""
    name = value.get("name") or value.get("address") or value.get("id") or ""
    venue = vocab.VENUE_TYPES.get(value.get("venue_type") or "other", "")
    postcode = value.get("postcode")
    shown = f"{name}, {postcode}" if postcode and postcode not in name else name
    if value.get("masked") or not venue:  # "Residential address (ZZ3)" says it already
        return shown
    return f"{shown} ({venue.lower()})"
