"""Public location reports (StreetSafe-style): anonymous reports of places where people feel
unsafe, each clustered to a known place within a radius, or else to a grid cell.

- :mod:`.factors`: the configured factors (environmental, behavioural).
- :mod:`.cluster`: pure clustering (nearest place within the radius, else a grid cell).
- :mod:`.sync`: applies the clustering to the graph after every ingest (idempotent).
"""

from graph.location_reports.cluster import assign, grid_cell, haversine_m
from graph.location_reports.factors import factor_groups, factor_label, factor_names
from graph.location_reports.sync import after_ingest, report_places

__all__ = ["after_ingest", "assign", "factor_groups", "factor_label", "factor_names",
           "grid_cell", "haversine_m", "report_places"]
