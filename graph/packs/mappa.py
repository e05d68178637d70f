"""The MAPPA review pack's vocabulary: its audiences and MAPPA's risk-management headings.

MAPPA guidance asks a risk-management plan to be set out under four headings: supervision,
monitoring and control, interventions and treatment, and victim safety planning. Our 4P
plans are kept by pillar (pursue, prevent, protect, prepare); :data:`MAPPA_HEADING` maps one
onto the other, in one place, so a panel reads the plan in its own terms.
"""

from __future__ import annotations

#: The pack's audiences, each a disclosure level of :data:`graph.disclosure.AUDIENCES`
#: (``pack_<name>``): the panel's full pack, a partner agency's pack, and the executive
#: summary for those who request the minutes.
AUDIENCES: tuple[str, ...] = ("panel", "partner", "summary")
AUDIENCE_LABELS: dict[str, str] = {
    "panel": "Panel pack (MAPPA panel members)",
    "partner": "Partner agency pack",
    "summary": "Executive summary (for those who request the minutes)",
}

#: MAPPA's risk-management headings, in the order a plan is read.
HEADINGS: dict[str, str] = {
    "supervision": "Supervision",
    "monitoring_control": "Monitoring and control",
    "interventions": "Interventions and treatment",
    "victim_safety": "Victim safety planning",
}

#: The heading of each 4P action: by ``pillar``, or by ``pillar.tactic`` where one pillar's
#: tactics fall under different headings (a home visit prevents by supervising; an order
#: application prevents by control). The one mapping table.
MAPPA_HEADING: dict[str, str] = {
    "pursue": "monitoring_control",
    "prevent": "interventions",
    "prevent.home_visit": "supervision",
    "prevent.warning_letter": "supervision",
    "prevent.shpo_application": "monitoring_control",
    "prevent.sro_application": "monitoring_control",
    "protect": "victim_safety",
    "prepare": "supervision",
    "prepare.intelligence_requirement": "monitoring_control",
    "prepare.pnc_flag": "monitoring_control",
}


def heading(pillar: str, tactic: str | None = None) -> str:
    """The MAPPA heading of an action with this pillar and tactic.

    >>> heading("pursue", "arrest"), heading("prevent", "home_visit"), heading("protect")
    ('monitoring_control', 'supervision', 'victim_safety')
    """
    return MAPPA_HEADING.get(f"{pillar}.{tactic}", MAPPA_HEADING.get(pillar, "supervision"))


def check_audience(value: str | None) -> str:
    """``value`` if it is a pack audience, else a ``ValueError`` naming the parameter."""
    if value not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {value!r}")
    return value
