"""A circuit breaker for the execution point (:mod:`graph.db`): fail fast while Neo4j is down."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from graph.errors import DatabaseUnavailable

log = logging.getLogger("linkwatch.db")


class Breaker:
    """Fail fast while the server is down (a circuit breaker).

    Closed, every query goes through. :meth:`trip` (a query found the server down) opens it:
    for ``retry_after`` seconds :meth:`admit` refuses at once. After that the next caller
    probes the server; if it answers the breaker closes, if not it stays open for another
    ``retry_after`` seconds. One caller probes at a time; the others are refused meanwhile.

    >>> now = [0.0]
    >>> b = Breaker(5.0, clock=lambda: now[0])
    >>> b.trip("down"); b.is_open
    True
    >>> b.admit(lambda: None)
    Traceback (most recent call last):
    graph.errors.DatabaseUnavailable: down
    >>> now[0] = 6.0; b.admit(lambda: None); b.is_open
    False
    """

    def __init__(self, retry_after: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.retry_after = retry_after
        self._clock = clock
        self._lock = threading.Lock()
        self._open_until: float | None = None
        self._probing = False
        self._detail = ""

    @property
    def is_open(self) -> bool:
        """Whether queries are being refused (or a probe is under way)."""
        return self._open_until is not None

    def admit(self, probe: Callable[[], None]) -> None:
        """Return when a query may go to the server; else raise at once.

        Args:
            probe: called (outside the lock) when the cool-down is over; raises
                :class:`DatabaseUnavailable` when the server still does not answer.

        Raises:
            DatabaseUnavailable: the breaker is open, or the probe failed.
        """
        with self._lock:
            if self._open_until is None:
                return
            if self._probing or self._clock() < self._open_until:
                raise DatabaseUnavailable(self._detail)
            self._probing = True
        try:
            probe()
        except DatabaseUnavailable as exc:
            self.trip(str(exc))
            raise
        except BaseException:
            with self._lock:
                self._probing = False
            raise
        self.reset()

    def trip(self, detail: str) -> None:
        """Open the breaker: refuse queries for ``retry_after`` seconds from now."""
        with self._lock:
            if self._open_until is None:
                log.warning("%s; refusing queries for %g s", detail, self.retry_after)
            self._open_until = self._clock() + self.retry_after
            self._probing = False
            self._detail = detail

    def reset(self) -> None:
        """Close the breaker: the server answers."""
        with self._lock:
            if self._open_until is not None:
                log.warning("Neo4j answers again")
            self._open_until = None
            self._probing = False
