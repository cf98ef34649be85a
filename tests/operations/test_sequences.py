"""Random sequences of operations of every kind, on random schemas.

Each step draws an operation for the schema as it is then (``tests.operations.sequences``)
and applies it alone; a refusal (``OperationError``) leaves the schema as it was, and
anything else raised is a bug. What must hold:

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

import json
import os
from dataclasses import replace

import pytest
from django.db import transaction
from hypothesis import Phase, event, find, given, settings
from hypothesis import strategies as st

from designer.generators.ddl import generate
from designer.operations import (
    OPERATIONS,
    Operation,
    OperationError,
    Outcome,
    Patch,
    from_data,
    run,
)
from designer.schema.model import Schema
from designer.schema.validation import validate
from designer.services import edits
from designer.store import load_schema
from tests.strategies import schemas
from tests.support.postgres import one_database_per_test

from .sequences import KINDS, operations


def examples(default: int) -> int:
    """``default`` examples, or ``SEQUENCE_EXAMPLES`` when it is set (a longer run)."""
    return int(os.environ.get("SEQUENCE_EXAMPLES") or default)


def _through_json(data):
    """What the change log's JSON column gives back."""
    return json.loads(json.dumps(data))


def step(current: Schema, operation: Operation) -> Outcome | None:
    """The outcome of ``operation`` alone, or None when it is refused."""
    try:
        outcome = run(current, [operation])
    except OperationError as error:
        event(f"{operation.kind}: refused ({type(error).__name__})")
        return None
    event(f"{operation.kind}: {'changed' if outcome.changed else 'no change'}")
    return outcome


# --- the pure model ---------------------------------------------------------------------------


@settings(max_examples=examples(150))
@given(first=schemas(), data=st.data())
def test_random_operations_are_undone_and_redone_exactly_by_their_patches(first, data):
    sound = validate(first) == []
    current = first
    patches: list[Patch] = []
    for number in range(data.draw(st.integers(1, 12), label="steps")):
        operation = data.draw(operations(current), label=f"operation {number}")
        assert from_data(_through_json(operation.to_data())) == operation
        outcome = step(current, operation)
        if outcome is None:
            continue
        assert outcome.before is current
        assert outcome.patch.apply(current) == outcome.after
        assert Patch.from_data(_through_json(outcome.patch.to_data())) == outcome.patch
        patches.append(outcome.patch)
        current = outcome.after
        if sound:
            assert validate(current) == [], operation

    last = current
    for patch in reversed(patches):
        current = patch.inverted().apply(current)
    assert current == first
    for patch in patches:
        current = patch.apply(current)
    assert current == last
    whole = Patch.between(first, last)
    assert whole.apply(first) == last and whole.inverted().apply(last) == first


def _accepted(kind: str):
    """A schema and an operation of ``kind`` that applies to it and changes it."""

    @st.composite
    def pairs(draw):
        schema = draw(schemas())
        return schema, draw(operations(schema, kinds=(kind,)))

    def changes(pair) -> bool:
        schema, operation = pair
        try:
            return run(schema, [operation]).changed
        except OperationError:
            return False

    return find(
        pairs(),
        changes,
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
@settings(max_examples=examples(25))
@given(first=schemas(max_tables=4), data=st.data())
def test_random_changes_are_stored_then_undone_and_redone_through_the_records(first, data):
    with transaction.atomic():
        empty = edits.create_project(name="Sequence", slug="empty")
        project = edits.create_project(name="Sequence", slug="sequence", schema=first)
        states = [load_schema(project)]
        assert states[0] == replace(first, name=project.name)
        for number in range(data.draw(st.integers(1, 8), label="steps")):
            operation = data.draw(operations(states[-1]), label=f"operation {number}")
            try:
                applied = edits.apply(project, [operation])
            except OperationError as error:
                event(f"{operation.kind}: refused ({type(error).__name__})")
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
    for number in range(data.draw(st.integers(1, 6), label="steps")):
        operation = data.draw(operations(current), label=f"operation {number}")
        outcome = step(current, operation)
        if outcome is None:
            continue
        current = outcome.after
        sql = generate(current)
        if sql == applied:
            continue  # the same DDL (a suppression, the review profile changed)
        pg_db.reset()
        pg_db.run(sql)
        applied = sql
