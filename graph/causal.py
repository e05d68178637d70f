"""Causal consistency across app instances: a user reads their own writes (bookmarks).

On a Neo4j cluster, reads go to secondaries that may lag the leader by a few transactions.
A bookmark names a committed transaction; a read sent with it waits until the server it
lands on has applied that transaction. :mod:`graph.db` sends every query with the bookmark
manager of the current *scope*:

- in a web request, the scope is the user's web session: :mod:`app.extensions` registers
  (:func:`provide`) a provider that opens it from the bookmarks kept in the signed session
  cookie, and saves them back after a request that wrote. A user who writes on one app
  instance and whose next request lands on another still reads their own write, and no
  read waits for other users' writes;
- elsewhere (the CLI, scheduled commands, tests), the driver's own per-process manager
  (:attr:`neo4j.Driver.execute_query_bookmark_manager`): one process's queries follow one
  another causally.

This module knows nothing of Flask; it holds the current scope (a context variable, or
what the registered provider returns).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import neo4j

#: Server codes for bookmarks it cannot use (a restored or replaced database, a cookie
#: from another deployment): the scope forgets them rather than fail every request.
UNUSABLE_BOOKMARK_CODES = frozenset({
    "Neo.ClientError.Transaction.InvalidBookmark",
    "Neo.ClientError.Transaction.InvalidBookmarkMixture",
})


class Scope:
    """The bookmarks one user's queries carry, and whether a write moved them on."""

    def __init__(self, initial: Iterable[str] = ()) -> None:
        self.initial = sorted(set(initial))
        self.manager = self._manager(self.initial)

    @staticmethod
    def _manager(values: Iterable[str]) -> neo4j.api.BookmarkManager:
        return neo4j.GraphDatabase.bookmark_manager(
            initial_bookmarks=neo4j.Bookmarks.from_raw_values(values)
        )

    @property
    def bookmarks(self) -> list[str]:
        """The bookmarks now: the initial ones, or those of the last write in the scope."""
        return sorted(self.manager.get_bookmarks())

    @property
    def changed(self) -> bool:
        """Whether a transaction in the scope left newer bookmarks than it started with."""
        return self.bookmarks != self.initial

    def forget(self) -> None:
        """Drop every bookmark (the server refused them); the next query starts afresh, and
        :attr:`changed` says so, so the session stops carrying them."""
        self.manager = self._manager([])


_current: ContextVar[Scope | None] = ContextVar("linkwatch_bookmarks", default=None)
_provider: Callable[[], Scope | None] | None = None


def provide(provider: Callable[[], Scope | None] | None) -> None:
    """Register where scopes come from outside a ``with scope()`` block (the web app: the
    user's session, read lazily by the first query of a request); None unregisters."""
    global _provider
    _provider = provider


def current() -> Scope | None:
    """The scope queries run in now; None outside one (the process-wide manager applies)."""
    opened = _current.get()
    if opened is None and _provider is not None:
        return _provider()
    return opened


@contextmanager
def scope(initial: Iterable[str] = ()) -> Iterator[Scope]:
    """Run the queries of the ``with`` block in one causal chain that starts at ``initial``.

    Args:
        initial: bookmarks of the user's last write (e.g. kept in their web session).

    Yields:
        The :class:`Scope`; read ``bookmarks`` afterwards to keep them for the next request.

    >>> with scope(["FB:x"]) as s:
    ...     current() is s, s.bookmarks, s.changed
    (True, ['FB:x'], False)
    >>> current() is None
    True
    """
    opened = Scope(initial)
    token = _current.set(opened)
    try:
        yield opened
    finally:
        _current.reset(token)
