"""The shipped mappings, without a database: they parse, and they read what they promise."""

from __future__ import annotations

import pytest

from ingest.canonical import COLUMNS
from ingest.mapping import MappingError, load_mapping, parse_mapping


def test_the_canonical_mapping_reads_every_fixed_column_and_no_other():
    mapping = load_mapping("canonical")
    assert {f.name for f in mapping.files} == set(COLUMNS)
    for name, columns in COLUMNS.items():
        assert mapping.file(name).used_columns == set(columns), name


@pytest.mark.parametrize("name", ["canonical", "pole", "police_uk"])
def test_every_shipped_mapping_parses(name):
    mapping = load_mapping(name)
    assert mapping.name == name and mapping.files


def test_a_mapping_naming_an_unknown_label_is_refused_with_its_place():
    raw = {"name": "bad", "files": [{"name": "people", "nodes": [
        {"label": "Person); DROP", "id": {"column": "id"}}]}]}
    with pytest.raises(MappingError, match=r"file people.nodes\[0\]: unknown node label"):
        parse_mapping(raw)


def test_an_unknown_mapping_name_lists_the_shipped_ones():
    with pytest.raises(MappingError, match="shipped: canonical, pole, police_uk"):
        load_mapping("nonesuch")
