"""The one entry point for changes: revisions, conflicts, the change log, undo, redo and
"restore this state" — on SQLite and, in `make test`, on PostgreSQL."""

from dataclasses import replace

import pytest

from designer import models
from designer.demo import demo_schema
from designer.generators.ddl import generate
from designer.operations import (
    AddCheck,
    AddEntity,
    AddEnum,
    AddField,
    DeleteEntity,
    DeleteField,
    EditEntity,
    EditField,
    Gone,
    Invalid,
)
from designer.schema.validation import validate
from designer.services import edits
from designer.store import load_schema

pytestmark = [pytest.mark.store, pytest.mark.django_db]


@pytest.fixture
def demo():
    return edits.create_project(name="Demo", slug="demo", schema=demo_schema())


def _table(project, name):
    return next(table for table in load_schema(project).tables if table.name == name)


def _column(project, table, name):
    return _table(project, table).column(name)


# --- revisions and the log ------------------------------------------------------------------


def test_every_change_increments_the_revision_and_is_logged(demo):
    title = _column(demo, "todos", "title")
    applied = edits.apply(demo, [EditField(title.id, {"name": "headline"})])
    assert applied.revision == demo.revision == 2
    change = demo.changes.get(revision=2)
    assert change.summary == "Renamed todos.title to headline"
    assert change.kind == "edit" and change.operations[0]["op"] == "edit_field"
    assert title.id in change.touched and f"{_table(demo, 'todos').id}/" in change.touched
    demo.refresh_from_db()
    assert demo.revision == 2


def test_a_change_that_changes_nothing_is_not_logged(demo):
    title = _column(demo, "todos", "title")
    applied = edits.apply(demo, [EditField(title.id, {"name": "title"})])
    assert applied.change is None and demo.revision == 1 and demo.changes.count() == 1


def test_a_refused_change_leaves_everything_as_it_was(demo):
    todos = _table(demo, "todos")
    with pytest.raises(Invalid) as refused:
        edits.apply(demo, [AddField(todos.id, {"name": "x"}), AddField(todos.id, {"name": "x"})])
    assert refused.value.field == "name"
    assert load_schema(demo) == replace(demo_schema(), name="Demo")
    assert demo.changes.count() == 1


# --- conflicts: the races of the issue, one after the other ----------------------------------


def test_two_edits_of_one_field_from_one_revision_conflict(demo):
    title = _column(demo, "todos", "title")
    edits.apply(demo, [EditField(title.id, {"name": "headline"})], base_revision=1)
    with pytest.raises(edits.Conflict) as conflict:
        edits.apply(demo, [EditField(title.id, {"data_type": "text"})], base_revision=1)
    assert "Renamed todos.title to headline" in conflict.value.message
    assert conflict.value.revision == 2
    column = _column(demo, "todos", "headline")
    assert column.type.base == "varchar"  # the second change never landed half-way
    # Sent again from the revision the conflict showed, it applies over the first.
    edits.apply(demo, [EditField(title.id, {"data_type": "text"})], base_revision=2)
    assert _column(demo, "todos", "headline").type.base == "text"


def test_edits_of_different_objects_from_one_revision_both_apply(demo):
    title = _column(demo, "todos", "title")
    email = _column(demo, "users", "email")
    edits.apply(demo, [EditField(title.id, {"name": "headline"})], base_revision=1)
    edits.apply(demo, [EditField(email.id, {"description": "Where we write."})], base_revision=1)
    assert _column(demo, "users", "email").description == "Where we write."


def test_a_check_naming_a_column_renamed_meanwhile_conflicts(demo):
    todos = _table(demo, "todos")
    title = todos.column("title")
    edits.apply(demo, [EditField(title.id, {"name": "headline"})], base_revision=1)
    with pytest.raises(edits.Conflict):
        edits.apply(demo, [AddCheck(todos.id, "length(title) > 0")], base_revision=1)
    # Typed against the current design, the unknown column is an error at the input.
    with pytest.raises(Invalid) as refused:
        edits.apply(demo, [AddCheck(todos.id, "length(title) > 0")], base_revision=2)
    assert refused.value.field == "expression" and "title" in refused.value.message


def test_an_entity_and_an_enum_type_cannot_share_a_name(demo):
    edits.apply(demo, [AddEntity("status")], base_revision=1)
    with pytest.raises(Invalid) as refused:
        edits.apply(demo, [AddEnum("status", ("open", "done"))], base_revision=1)
    assert refused.value.field == "name"
    assert validate(load_schema(demo)) == []


def test_an_edit_of_a_field_deleted_meanwhile_is_refused(demo):
    title = _column(demo, "todos", "title")
    edits.apply(demo, [DeleteField(title.id)], base_revision=1)
    with pytest.raises(edits.Conflict):
        edits.apply(demo, [EditField(title.id, {"nullable": True})], base_revision=1)
    with pytest.raises(Gone):
        edits.apply(demo, [EditField(title.id, {"nullable": True})], base_revision=2)


def test_a_delete_of_a_field_edited_meanwhile_is_refused(demo):
    user_id = _column(demo, "todos", "user_id")
    edits.apply(demo, [EditField(user_id.id, {"description": "The owner."})], base_revision=1)
    with pytest.raises(edits.Conflict):
        edits.apply(demo, [DeleteField(user_id.id)], base_revision=1)
    assert _table(demo, "todos").indexes  # the field and its index are both still there


def test_an_entity_deleted_meanwhile_takes_no_new_field(demo):
    users = _table(demo, "users")
    edits.apply(demo, [DeleteEntity(users.id)], base_revision=1)
    with pytest.raises(Gone, match="no longer exists"):
        edits.apply(demo, [AddField(users.id, {"name": "nickname"})], base_revision=1)


def test_an_entity_given_a_field_meanwhile_is_not_deleted_blindly(demo):
    users = _table(demo, "users")
    edits.apply(demo, [AddField(users.id, {"name": "nickname"})], base_revision=1)
    with pytest.raises(edits.Conflict):
        edits.apply(demo, [DeleteEntity(users.id)], base_revision=1)


def test_a_very_old_page_is_asked_to_reload(demo, monkeypatch):
    monkeypatch.setattr(edits, "MAX_CHANGES_BEHIND", 2)
    users = _table(demo, "users")
    for n in range(3):
        edits.apply(demo, [EditEntity(users.id, {"description": f"Version {n}."})])
    with pytest.raises(edits.Conflict, match="reload"):
        edits.apply(demo, [AddField(users.id, {"name": "nickname"})], base_revision=1)


def test_two_projects_with_one_slug_is_a_clear_error(demo):
    with pytest.raises(edits.SlugTaken) as taken:
        edits.create_project(name="Other", slug="demo")
    assert taken.value.field == "slug" and models.Project.objects.count() == 1


# --- undo, redo, restore --------------------------------------------------------------------------


def test_undoing_a_field_delete_brings_back_the_same_ids_and_what_went_with_it(demo):
    before = load_schema(demo)
    user_id = _column(demo, "todos", "user_id")
    edits.apply(demo, [DeleteField(user_id.id)])
    after = load_schema(demo)
    assert not after.relationships and not after.tables[1].indexes
    undone = edits.undo(demo)
    assert undone.summary == "Undid: Deleted the field todos.user_id"
    assert load_schema(demo) == before  # ids, index and relationship included
    edits.redo(demo)
    assert load_schema(demo) == after
    assert [c.kind for c in demo.changes.order_by("revision")] == [
        "edit", "edit", "undo", "redo"
    ]  # fmt: skip


def test_undo_and_redo_walk_back_and_forth_like_an_editor(demo):
    states = [load_schema(demo)]
    users = _table(demo, "users")
    for n in range(3):
        edits.apply(demo, [EditEntity(users.id, {"description": f"Version {n}."})])
        states.append(load_schema(demo))
    edits.undo(demo)
    edits.undo(demo)
    assert load_schema(demo) == states[1]
    edits.redo(demo)
    assert load_schema(demo) == states[2]
    edits.apply(demo, [AddEntity("tags")])  # a new change: nothing left to redo
    with pytest.raises(edits.NothingToUndo):
        edits.redo(demo)
    for _ in range(4):
        edits.undo(demo)
    assert load_schema(demo).tables == ()  # back before the demo was put in
    with pytest.raises(edits.NothingToUndo):
        edits.undo(demo)


def test_undo_never_reverts_someone_elses_newer_change_by_surprise(demo):
    users = _table(demo, "users")
    edits.apply(demo, [EditEntity(users.id, {"description": "Mine."})])
    mine = demo.revision
    edits.apply(demo, [AddEntity("theirs")])
    with pytest.raises(edits.Conflict):
        edits.undo(demo, expected=mine)
    assert "theirs" in {table.name for table in load_schema(demo).tables}


def test_the_undo_state_says_what_undo_and_redo_would_do(demo):
    users = _table(demo, "users")
    edits.apply(demo, [EditEntity(users.id, {"name": "people"})])
    undo, redo = edits.undo_state(demo)
    assert undo.summary == "Renamed the entity users to people" and redo is None
    edits.undo(demo)
    undo, redo = edits.undo_state(demo)
    assert undo.revision == 1 and redo.summary == "Undid: Renamed the entity users to people"


def test_restoring_an_old_state_is_a_new_change_that_can_be_undone(demo):
    first = load_schema(demo)
    users = _table(demo, "users")
    edits.apply(demo, [EditEntity(users.id, {"name": "people"})])
    edits.apply(demo, [AddEntity("tags")])
    latest = load_schema(demo)
    restored = edits.restore(demo, 1)
    assert restored.change.kind == "restore"
    assert load_schema(demo) == first
    assert demo.changes.count() == 4  # nothing of the history was rewritten
    edits.undo(demo)
    assert load_schema(demo) == latest


def test_the_schema_of_any_revision_can_be_read_back(demo):
    states = {1: load_schema(demo)}
    todos = _table(demo, "todos")
    for n, name in enumerate(("a", "b", "c"), start=2):
        edits.apply(demo, [AddField(todos.id, {"name": name})])
        states[n] = load_schema(demo)
    for revision, schema in states.items():
        assert edits.schema_at(demo, revision) == schema
    with pytest.raises(Exception, match="no revision"):
        edits.schema_at(demo, 99)


def test_every_state_along_the_way_has_ddl_that_generates(demo):
    users = _table(demo, "users")
    edits.apply(demo, [EditEntity(users.id, {"name": "people"})])
    edits.undo(demo)
    assert "CREATE TABLE users" in generate(load_schema(demo))
