"""The saved queries in the store: written and read back through the one write path
(``edits.apply`` with the query operations, or ``ReplaceSchema``), undone and redone like
any change — on SQLite and, in `make test`, on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer import models
from designer.demo import demo_schema
from designer.operations import AddQuery, ChangeQuery, RemoveQuery, ReplaceSchema
from designer.schema.design_file import query_data
from designer.schema.model import Frequency, SavedQuery
from designer.services.edits import apply, create_project, redo, undo
from designer.store import current_schema, load_schema

pytestmark = [pytest.mark.store, pytest.mark.django_db]

QUERY_ID = "5a0c3a8e-2f41-4c0e-9d1b-7e6f5a4b3c2d"


def _project(schema=None):
    return create_project(name="Demo", slug="demo", schema=schema or demo_schema())


def _fresh(project):
    return models.Project.objects.get(pk=project.pk)


def test_a_new_project_keeps_its_queries_in_order():
    project = _project()
    assert load_schema(_fresh(project)).queries == demo_schema().queries
    assert _fresh(project).queries == [query_data(q) for q in demo_schema().queries]


def test_adding_changing_and_removing_a_query_are_changes_of_the_design():
    project = _project()
    apply(
        project,
        [AddQuery("Recent todos", "SELECT id FROM todos ORDER BY created_at DESC LIMIT 20",
                  Frequency.PER_MINUTE.value, "The dashboard.", id=QUERY_ID)],
    )  # fmt: skip
    added = load_schema(_fresh(project)).queries
    assert added[-1] == SavedQuery(
        QUERY_ID,
        "Recent todos",
        "SELECT id FROM todos ORDER BY created_at DESC LIMIT 20",
        Frequency.PER_MINUTE,
        "The dashboard.",
    )
    assert added[:-1] == demo_schema().queries
    assert current_schema(_fresh(project)).queries == added

    apply(project, [ChangeQuery(QUERY_ID, "Recent todos", "SELECT id, title FROM todos",
                                Frequency.RARE.value, "")])  # fmt: skip
    changed = load_schema(_fresh(project)).queries[-1]
    assert (changed.sql, changed.frequency, changed.note) == (
        "SELECT id, title FROM todos",
        Frequency.RARE,
        "",
    )

    apply(project, [RemoveQuery(QUERY_ID)])
    assert load_schema(_fresh(project)).queries == demo_schema().queries


def test_undo_and_redo_bring_a_removed_query_back_and_take_it_again():
    project = _project()
    first = demo_schema().queries[0]
    apply(project, [RemoveQuery(first.id)])
    assert first not in load_schema(_fresh(project)).queries
    undo(_fresh(project))
    assert load_schema(_fresh(project)).queries == demo_schema().queries
    redo(_fresh(project))
    assert load_schema(_fresh(project)).queries == demo_schema().queries[1:]


def test_replacing_the_schema_writes_and_reads_its_queries():
    project = _project(replace(demo_schema(), queries=()))
    assert load_schema(_fresh(project)).queries == ()
    hostile = SavedQuery(
        QUERY_ID,
        "Ünïcode “name” <b>",
        "SELECT id FROM users WHERE email = $1 -- a comment\n",
        Frequency.DAILY,
        "line one\nline two",
    )
    schema = replace(demo_schema(), queries=(hostile, *demo_schema().queries))
    apply(project, [ReplaceSchema(schema)])
    assert load_schema(_fresh(project)).queries == schema.queries
    apply(project, [ReplaceSchema(replace(schema, queries=()))])
    assert load_schema(_fresh(project)).queries == ()
    assert _fresh(project).queries == []
