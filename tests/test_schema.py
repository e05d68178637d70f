"""The schema exists, applies idempotently, and every named query is valid Cypher."""

from __future__ import annotations

import pytest

from graph import model, schema
from graph.db import query_names, query_text, render

pytestmark = pytest.mark.neo4j


def test_every_label_has_a_unique_id_and_the_filtered_properties_are_indexed(db):
    found = schema.existing(db)
    for label in model.LABELS:
        assert f"{label.lower()}_id" in found["constraints"], label
    wanted = schema.load_schema()
    for ix in wanted["indexes"] + wanted["relationship_indexes"] + wanted["fulltext"]:
        assert ix["name"] in found["indexes"], ix["name"]
    rows = db.read("schema/show_constraints")
    subject = next(r for r in rows if r["name"] == "subject_id")
    assert subject["type"] == "UNIQUENESS"
    assert (subject["labelsOrTypes"], subject["properties"]) == (["Subject"], ["id"])


def test_applying_the_schema_again_changes_nothing(db):
    before = schema.existing(db)
    schema.apply(db)
    assert schema.existing(db) == before


def test_a_second_subject_with_the_same_id_is_refused(db):
    from graph.errors import ConstraintViolation

    db.write_text("t", "CREATE (:Subject {id: 'S1'})")
    with pytest.raises(ConstraintViolation):
        db.write_text("t", "CREATE (:Subject {id: 'S1'})")


@pytest.mark.parametrize("name", query_names())
def test_every_named_query_compiles(db, name):
    text = query_text(name)
    if "{{" in text:
        text = render(
            name, label="Subject", rel_type="NAMED_IN", from_label="Subject", to_label="Offence"
        )
    db.read_text(f"explain/{name}", "EXPLAIN " + text)
