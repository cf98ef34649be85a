"""Random sequences of operations of every kind, on random schemas.

Each step draws a change (one operation, or two or three saved together) for the schema
as it is then (``tests.operations.sequences``) and applies it; a refusal
(``OperationError``) leaves the schema as it was, and anything else raised is a bug. An
operation naming an object the schema does not hold (a stale id) must be refused. What
must hold:

- on the pure model: the patches of the steps undo them exactly, in reverse order, and
  redo them exactly, forwards (ids and order included); patches and operations survive
  the change log's JSON; a sound schema stays sound;
- in the store (SQLite, and PostgreSQL in ``make test``): after every change the records
  read back as the schema the change made; undoing every change gives back the schema
  the project was created with, and redoing them all the last one;
- on PostgreSQL: after every step the generated DDL applies.

``SEQUENCE_EXAMPLES=<n>`` runs every property on ``n`` examples (a longer run than the
few ``make test`` spends on them).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import replace

import pytest
from django.db import transaction
from hypothesis import Phase, event, find, given, settings
from hypothesis import strategies as st

from designer.generators.ddl import generate
from designer.operations import (
    OPERATIONS,
    ApplyFix,
    Operation,
    OperationError,
    Outcome,
    Patch,
    Suppress,
    from_data,
    run,
)
from designer.schema.ids import all_ids
from designer.schema.model import Schema
from designer.schema.validation import validate
from designer.services import edits
from designer.store import load_schema
from tests.strategies import schemas
from tests.support.examples import examples as scaled
from tests.support.postgres import one_database_per_test

from .sequences import KINDS, changes, operations, plans


def examples(default: int) -> int:
    """``default`` examples (times ``PROPERTY_SCALE``), or ``SEQUENCE_EXAMPLES`` when it is
    set (a longer run)."""
    return int(os.environ.get("SEQUENCE_EXAMPLES") or scaled(default))


def _through_json(data):
    """What the change log's JSON column gives back."""
    return json.loads(json.dumps(data))


_REFERENCES = (
    "entity_id",
    "field_id",
    "relationship_id",
    "enum_id",
    "object_id",
    "from_entity_id",
    "to_entity_id",
    "left_id",
    "right_id",
    "existing_field_id",
)
_UUID = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")


def names_a_missing_object(operation: Operation, schema: Schema) -> bool:
    """Whether ``operation`` names an id the schema does not hold (a stale one)."""
    named = [getattr(operation, name, None) for name in _REFERENCES]
    values = getattr(operation, "values", None)
    if isinstance(values, dict) and values.get("data_type") == "enum":
        named.append(values.get("enum_type"))
    if isinstance(operation, ApplyFix | Suppress):  # an accepted finding of objects
        named += _UUID.findall(operation.target)  # deleted since may be opened again
    known = set(all_ids(schema))
    return any(identifier and identifier not in known for identifier in named)


def step(current: Schema, operations: list[Operation]) -> Outcome | None:
    """The outcome of ``operations`` as one change, or None when they are refused."""
    kinds = " + ".join(operation.kind for operation in operations)
    try:
        outcome = run(current, operations)
    except OperationError as error:
        event(f"{kinds}: refused ({type(error).__name__})")
        return None
    event(f"{kinds}: {'changed' if outcome.changed else 'no change'}")
    return outcome


# --- the pure model ---------------------------------------------------------------------------


@settings(max_examples=examples(200))
@given(first=schemas(), data=st.data())
def test_random_operations_are_undone_and_redone_exactly_by_their_patches(first, data):
    sound = validate(first) == []
    current = first
    patches: list[Patch] = []
    for number, kinds in enumerate(data.draw(plans(12), label="kinds")):
        drawn = data.draw(changes(current, kinds), label=f"change {number}")
        for operation in drawn:
            assert from_data(_through_json(operation.to_data())) == operation
        outcome = step(current, drawn)
        if outcome is None:
            continue
        before = current
        for operation in drawn:
            assert not names_a_missing_object(operation, before), "a stale id was taken"
            before = operation.apply(before)
        assert outcome.before is current
        assert outcome.patch.apply(current) == outcome.after
        assert Patch.from_data(_through_json(outcome.patch.to_data())) == outcome.patch
        patches.append(outcome.patch)
        current = outcome.after
        if sound:
            assert validate(current) == [], drawn

    last = current
    for patch in reversed(patches):
        current = patch.inverted().apply(current)
    assert current == first
    for patch in patches:
        current = patch.apply(current)
    assert current == last
    whole = Patch.between(first, last)
    assert whole.apply(first) == last and whole.inverted().apply(last) == first


_PREPARE = {
    "unsuppress": ("suppress",),
    "change_diagram_view": ("add_diagram_view",),
    "remove_diagram_view": ("add_diagram_view",),
    "change_sql_object": ("add_sql_object",),
    "remove_sql_object": ("add_sql_object",),
    "change_object_description": ("add_sql_object",),
    "change_query": ("add_query",),
    "remove_query": ("add_query",),
}


def _accepted(kind: str):
    """A schema and an operation of ``kind`` that applies to it and changes it (the
    schema drawn, changed by a step or two: an accepted finding to open again...)."""

    @st.composite
    def pairs(draw):
        schema = draw(schemas(max_tables=3))
        for _ in range(draw(st.integers(0, 2))):
            before = draw(operations(schema, kinds=_PREPARE.get(kind, KINDS)))
            with contextlib.suppress(OperationError):
                schema = run(schema, [before]).after
        return schema, draw(operations(schema, kinds=(kind,)))

    def applies(pair) -> bool:
        schema, operation = pair
        try:
            return run(schema, [operation]).changed
        except OperationError:
            return False

    return find(
        pairs(),
        applies,
        settings=settings(max_examples=300, phases=[Phase.generate], database=None),
    )


@pytest.mark.parametrize("kind", KINDS)
def test_the_sequences_draw_every_kind_of_operation_and_it_applies(kind):
    """No kind is left out of the sequences, nor drawn only in forms that are refused."""
    schema, operation = _accepted(kind)
    assert operation.kind == kind
    outcome = run(schema, [operation])
    assert outcome.patch.inverted().apply(outcome.after) == schema


def test_every_kind_of_operation_has_a_builder():
    assert set(KINDS) == {operation.kind for operation in OPERATIONS}


# --- the store ----------------------------------------------------------------------------------


@pytest.mark.store
@pytest.mark.django_db
@settings(max_examples=examples(50))
@given(first=schemas(max_tables=4), data=st.data())
def test_random_changes_are_stored_then_undone_and_redone_through_the_records(first, data):
    with transaction.atomic():
        empty = edits.create_project(name="Sequence", slug="empty")
        project = edits.create_project(name="Sequence", slug="sequence", schema=first)
        states = [load_schema(project)]
        assert states[0] == replace(first, name=project.name)
        for number, kinds in enumerate(data.draw(plans(8), label="kinds")):
            drawn = data.draw(changes(states[-1], kinds), label=f"change {number}")
            try:
                applied = edits.apply(project, drawn)
            except OperationError:
                assert load_schema(project) == states[-1]  # a refusal writes nothing
                continue
            assert load_schema(project) == applied.schema
            if applied.change is not None:
                states.append(applied.schema)

        for state in reversed(states[:-1]):
            undone = edits.undo(project)
            assert load_schema(project) == undone.schema == state
        undone = edits.undo(project)  # the creation itself
        assert load_schema(project) == undone.schema == load_schema(empty)
        with pytest.raises(edits.NothingToUndo):
            edits.undo(project)

        redone = edits.redo(project)
        assert load_schema(project) == redone.schema == states[0]
        for state in states[1:]:
            redone = edits.redo(project)
            assert load_schema(project) == redone.schema == state
        with pytest.raises(edits.NothingToUndo):
            edits.redo(project)
        transaction.set_rollback(True)


# --- PostgreSQL ---------------------------------------------------------------------------------


@pytest.mark.postgres
@one_database_per_test(max_examples=examples(100))
@given(first=schemas(max_tables=4), data=st.data())
def test_after_every_step_the_ddl_applies_on_postgresql(pg_db, first, data):
    current, applied = first, generate(first)  # the first schema: tests/generators/test_ddl
    for number, kinds in enumerate(data.draw(plans(6), label="kinds")):
        outcome = step(current, data.draw(changes(current, kinds), label=f"change {number}"))
        if outcome is None:
            continue
        current = outcome.after
        sql = generate(current)
        if sql == applied:
            continue  # the same DDL (a suppression, the review profile changed)
        pg_db.reset()
        pg_db.run(sql)
        applied = sql
