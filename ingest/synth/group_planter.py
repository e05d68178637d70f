"""A Planter whose offences happen where offences of their kind happen.

``Planter.offence`` picks a code, then (for a non-domestic offence without a given place) a
venue by the code's category.  Here the venue follows the code's MO group instead
(``mix.venue_mix``): a child's rape at home or outdoors, grooming mostly online, a sexual
assault never "on" a platform.  The MO note is fitted to the venue later (``mo.fit_notes``).
"""

from __future__ import annotations

from . import mix
from .mo import GROUPS, code_groups
from .planter import Planter
from .table import World


class GroupPlanter(Planter):
    """Planter with venues by MO group."""

    def __init__(self, w: World, seed: int, stream: int) -> None:
        super().__init__(w, seed, stream)
        self.group_of_code = code_groups(w.codes)
        self._code = -1  # the code Planter.offence picked last (it asks for a venue next)

    def pick_code(self, kind: str) -> int:
        """A Home Office code index, remembered for the venue that follows."""
        self._code = super().pick_code(kind)
        return self._code

    def _venue(self, cat: str) -> int:
        g = int(self.group_of_code[self._code]) if self._code >= 0 else -1
        options = mix.venue_mix(GROUPS[g] if g >= 0 else "", cat)
        kinds = [k for k in options if options[k] > 0 and self.locs[k].size]
        return self.r.choices(kinds, weights=[options[k] for k in kinds])[0]
