"""Intelligence on behaviours: grading, the behaviour taxonomy, submissions and escalation flags.

- :mod:`.grading`: the 3x5x2 grading and its parser.
- :mod:`.taxonomy`: the configurable behaviour taxonomy.
- :mod:`.rules`: the escalation rules on plain records.
- :mod:`.escalations`: the flags read from the graph.
- :mod:`.submit`: the one writer path for intelligence officers submit.
"""

from graph.intelligence.escalations import by_subject, escalations

__all__ = ["by_subject", "escalations"]
