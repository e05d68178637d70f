"""The orders area: civil and criminal orders, their conditions, and breaches.

``breaches`` (orders in force, possible breaches found in the graph, analysts' reviews,
expiring orders, the use of orders). Queries in ``graph/queries/orders/``; views in
``app/views/orders.py``; ingest of ``orders.csv``, ``order_conditions.csv`` and
``breaches.csv`` in ``ingest/mappings/canonical.yaml``.
"""

from graph.orders.breaches import (
    IN_FORCE,
    expiring,
    in_force,
    possible_breaches,
    review,
    subject_orders,
    use,
)

__all__ = ["IN_FORCE", "expiring", "in_force", "possible_breaches", "review", "subject_orders",
           "use"]
