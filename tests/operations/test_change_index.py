"""``ChangeIndex``: an index changed in place (keys, options, name, rationale), its id
and position kept, checked as ``AddIndex`` checks a new one, one step of the history
that undo takes back; comments on the index stay with it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from designer import models
from designer.demo import demo_schema
from designer.generators.ddl import generate
from designer.operations import AddIndex, Invalid, run
from designer.operations.base import Gone
from designer.operations.constraints import ChangeIndex
from designer.schema.model import IndexMethod, Schema, Table
from designer.services.edits import apply, create_project, undo
from designer.store import load_schema
from tests.support.examples import examples

INDEX_ID = "2f6ad3c1-0000-4000-8000-000000000001"


def _todos(schema: Schema) -> Table:
    return next(t for t in schema.tables if t.name == "todos")


def _with_second_index() -> Schema:
    """The demo, ``todos`` holding its own index then ``ix_title`` on (title)."""
    schema = demo_schema()
    add = AddIndex(_todos(schema).id, ({"column": "title"},), name="ix_title", id=INDEX_ID)
    return add.apply(schema)


def _change(**values) -> ChangeIndex:
    return ChangeIndex(INDEX_ID, **{"elements": ({"column": "title"},), **values})


def test_the_index_changes_in_place_with_its_id():
    schema = _with_second_index()
    change = _change(
        elements=({"column": "user_id"}, {"expression": "lower(title)", "descending": True}),
        unique=True,
        where="completed = false",
        include=("due_date",),
        rationale="  One open todo per title and user. ",
        name="ux_open_title",
    )
    after = change.apply(schema)
    before_indexes, indexes = _todos(schema).indexes, _todos(after).indexes
    assert [i.id for i in indexes] == [i.id for i in before_indexes]  # same place, same id
    index = indexes[1]
    assert index.unique and index.where == "completed = false"
    assert index.include == ("due_date",) and index.name == "ux_open_title"
    assert index.rationale == "One open todo per title and user."
    assert [(e.column, e.expression, e.descending) for e in index.elements] == [
        ("user_id", None, False),
        (None, "lower(title)", True),
    ]
    ddl = generate(after)
    assert (
        "CREATE UNIQUE INDEX ux_open_title ON todos (user_id, (lower(title)) DESC) "
        "INCLUDE (due_date) WHERE completed = false;" in ddl
    )
    assert "ix_title" not in ddl
    assert indexes[0] == before_indexes[0]


def test_it_can_turn_an_index_back_into_a_plain_one():
    schema = _change(unique=True, where="completed = false", name="ux").apply(_with_second_index())
    index = _todos(_change(method=IndexMethod.HASH.value).apply(schema)).indexes[1]
    assert not index.unique and index.where is None and index.name is None
    assert index.method is IndexMethod.HASH


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"elements": ({"column": "nope"},)}, "keys", "todos has no field named “nope”"),
        ({"elements": ({"expression": "lower(titel)"},)}, "keys", "titel"),
        ({"where": "users.email = 'x'"}, "where", ""),
        ({"include": ("ghost",)}, "include", "todos has no field named “ghost”"),
    ],
)
def test_what_add_index_refuses_change_index_refuses(values, field, message):
    schema = _with_second_index()
    with pytest.raises(Invalid) as error:
        run(schema, [_change(**values)])
    assert error.value.field == field
    assert message in error.value.message


def test_postgresql_rules_are_checked_as_for_a_new_index():
    with pytest.raises(Invalid, match="Only btree indexes can be unique"):
        run(_with_second_index(), [_change(unique=True, method="hash")])


def test_a_deleted_index_is_gone():
    with pytest.raises(Gone):
        ChangeIndex("2f6ad3c1-0000-4000-8000-0000000000ff", ({"column": "title"},)).apply(
            demo_schema()
        )


def test_describe_targets_and_json():
    schema = _with_second_index()
    change = _change(elements=({"column": "user_id"},), where="completed")
    assert change.describe(schema) == "Changed the index ix_title of todos"
    todos = _todos(schema)
    assert change.targets(schema) == {
        INDEX_ID,
        todos.column("user_id").id,
        todos.column("completed").id,
    }
    data = json.loads(json.dumps(change.to_data()))
    assert data["op"] == "change_index"
    assert ChangeIndex.from_fields({k: v for k, v in data.items() if k != "op"}) == change


def test_undo_gives_back_the_index_as_it_was():
    schema = _with_second_index()
    outcome = run(schema, [_change(unique=True, name="ux_title", rationale="Unique titles.")])
    assert outcome.patch.inverted().apply(outcome.after) == schema


@given(
    unique=st.booleans(),
    descending=st.booleans(),
    where=st.sampled_from(["", "completed", "due_date IS NOT NULL"]),
    include=st.sampled_from([(), ("due_date",), ("description", "completed")]),
    name=st.sampled_from(["", "ix_a", "ux_b"]),
)
@settings(max_examples=examples(40), deadline=None)
def test_any_change_keeps_the_id_and_undoes_exactly(unique, descending, where, include, name):
    schema = _with_second_index()
    change = _change(
        elements=({"column": "title", "descending": descending},),
        unique=unique,
        where=where,
        include=include,
        name=name,
    )
    outcome = run(schema, [change])
    assert [i.id for i in _todos(outcome.after).indexes] == [i.id for i in _todos(schema).indexes]
    assert outcome.patch.inverted().apply(outcome.after) == schema


@pytest.mark.django_db
def test_through_the_write_path_one_undo_and_comments_survive(django_user_model):
    user = django_user_model.objects.create_user("ann")
    project = create_project(name="Demo", slug="demo", schema=_with_second_index(), actor=user)
    index = models.Index.objects.get(pk=INDEX_ID)
    thread_target = index.pk
    applied = apply(project, [_change(unique=True, name="ux_title")], actor=user)
    assert applied.change.summary == "Changed the index ix_title of todos"
    index.refresh_from_db()  # the same record: what points at it (comments) stays
    assert index.pk == thread_target and index.unique and index.name == "ux_title"
    assert _todos(load_schema(project)).indexes[1].name == "ux_title"
    undo(project, actor=user)
    restored = _todos(load_schema(project)).indexes[1]
    assert restored.id == INDEX_ID and restored.name == "ix_title" and not restored.unique
