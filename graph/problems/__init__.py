"""OSARA problem profiles for places: Objective, Scanning, Analysis, Response, Assessment.

- :mod:`.profile`: create, read, refresh, respond; every section a dated version.
- :mod:`.sections`: Scanning and Analysis, filled from the data.
- :mod:`.assess`: the Assessment, equal windows before and after against a comparison area.
- :mod:`.data`: the places, comparison area, events and people a profile reads.
"""

from graph.problems.assess import METRICS
from graph.problems.profile import (
    SECTIONS,
    add_response,
    create,
    get,
    list_problems,
    refresh,
    set_objective,
)

__all__ = ["METRICS", "SECTIONS", "add_response", "create", "get", "list_problems", "refresh",
           "set_objective"]
