"""A process that holds an older revision of a schema brings it forward with the change
log's patches instead of reading every record: what another process's changes did, in one
query, exactly as the records say."""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer.demo import demo_schema
from designer.operations import AddCheck, AddField, DeleteConstraint, EditEntity, EditField
from designer.services.edits import create_project
from designer.store import (
    CATCH_UP_LIMIT,
    current_schema,
    load_schema,
    patch_cache,
    schema_cache,
)
from tests.support.edits import change, table

pytestmark = [pytest.mark.store, pytest.mark.django_db]


def _project():
    project = create_project(name="Demo", slug="demo", schema=demo_schema())
    schema_cache.clear()
    return project


def _as_if_made_elsewhere(project, *operations) -> None:
    """Changes made by another process: this one keeps only the revision it held."""
    held = current_schema(project)
    revision = project.revision
    for operation in operations:
        change(project, operation)
    schema_cache.clear()
    patch_cache._items.clear()
    schema_cache.put(project.pk, revision, held)


def test_an_older_revision_is_brought_forward_in_one_query(django_assert_num_queries):
    project = _project()
    todos, users = table(project, "todos"), table(project, "users")
    _as_if_made_elsewhere(
        project,
        EditField(todos.column("title").id, {"name": "headline"}),
        EditEntity(users.id, {"name": "people"}),
        AddField(todos.id, {"name": "priority", "data_type": "integer"}),
        AddCheck(todos.id, "priority > 0", "ck_priority"),
        DeleteConstraint("index", todos.indexes[0].id),
    )
    # the project's revision; the patches of the five changes since the revision held
    with django_assert_num_queries(2):
        caught_up = current_schema(project)
    assert caught_up == load_schema(project)


def test_a_held_schema_that_is_not_where_the_log_starts_is_read_again():
    project = _project()
    todos = table(project, "todos")
    _as_if_made_elsewhere(project, EditField(todos.column("title").id, {"name": "headline"}))
    held = schema_cache.newest_before(project.pk, project.revision)
    assert held is not None
    revision, schema = held
    wrong = replace(schema, tables=schema.tables[:1])
    schema_cache.clear()
    schema_cache.put(project.pk, revision, wrong)  # not what the change started from
    assert current_schema(project) == load_schema(project)


def test_too_far_behind_the_records_are_read(django_assert_num_queries):
    project = _project()
    title = table(project, "todos").column("title").id
    edits = [EditField(title, {"description": f"Version {n}."}) for n in range(CATCH_UP_LIMIT + 1)]
    _as_if_made_elsewhere(project, *edits)
    # the revision; load_schema's eleven; the revision again
    with django_assert_num_queries(13):
        read = current_schema(project)
    assert read == load_schema(project)
