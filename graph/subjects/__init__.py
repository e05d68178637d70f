"""The subjects area: search, the tier board and a subject's profile.

``records`` (plain values, names), ``search``, ``board``, ``profile``. Their queries are in
``graph/queries/subjects/`` and ``graph/queries/search/``; their views in
``app/views/search.py``, ``app/views/board.py`` and ``app/views/subjects.py``.
"""

from graph.records import full_name, plain
from graph.subjects.board import board
from graph.subjects.profile import officers, profile
from graph.subjects.search import SEARCH_KINDS, lucene_escape, lucene_query, search

__all__ = ["SEARCH_KINDS", "board", "full_name", "lucene_escape", "lucene_query", "officers",
           "plain", "profile", "search"]
