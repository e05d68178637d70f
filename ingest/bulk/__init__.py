"""The bulk first load: the ingest's mappings and validation, written as files for Neo4j's
offline importer (``neo4j-admin database import full``) instead of through Cypher.

- :mod:`ingest.bulk.files`: settled chunks into typed import CSV files
  (:func:`write_import_files`), and the IngestRun's file.
- :mod:`ingest.bulk.load`: the whole job: the ingest's stages, the files, then (for the local
  Neo4j) stop, import, start, schema and the after-ingest steps.
"""

from __future__ import annotations

from ingest.bulk.files import BulkCounts, BulkError, write_import_files
from ingest.bulk.load import BulkRefused, bulk_load, finish_import

__all__ = [
    "BulkCounts", "BulkError", "BulkRefused", "bulk_load", "finish_import", "write_import_files",
]
