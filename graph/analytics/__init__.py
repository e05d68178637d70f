"""Repeat-perpetrator links, offender networks and repeat locations.

Pure analytics in the networkx manner (a graph or a DataFrame first, plain data out):
:mod:`.links` (typed, evidenced, scored links), :mod:`.paths` (shortest chains of typed links),
:mod:`.networks` (components, Louvain communities, centrality), :mod:`.locations`
(day-by-hour profiles), :mod:`.near_repeat` (the Knox test). Database extraction, through
named Cypher in ``graph/queries/analytics/``, lives in :mod:`.extract` and
:mod:`.extract_places`; :mod:`.service` and :mod:`.service_places` put the two together for
the API, the CLI and the notebooks.
"""
