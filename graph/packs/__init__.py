"""The MAPPA review pack: one document per audience, victims protected, every one recorded.

``mappa`` (audiences, MAPPA's risk-management headings and the 4P mapping), ``collect``
(the pack's content from the areas, as whole records), ``record`` (``PackRecord``: who
received which version). Queries in ``graph/queries/packs/``; the document (HTML, the
network picture, the PDF) is presentation, in ``app/pack_render.py`` and
``app/pack_svg.py``; the routes in ``app/views/packs.py``; ``linkwatch pack`` in
``app/cli/pack.py``.
"""

from graph.packs.collect import collect, default_since, sections
from graph.packs.mappa import AUDIENCE_LABELS, AUDIENCES, HEADINGS, check_audience, heading
from graph.packs.record import next_version, record_id, records, save

__all__ = ["AUDIENCES", "AUDIENCE_LABELS", "HEADINGS", "check_audience", "collect",
           "default_since", "heading", "next_version", "record_id", "records", "save",
           "sections"]
