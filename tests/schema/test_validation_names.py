"""Names in a PostgreSQL schema: one namespace for tables, indexes, the indexes of keys
and the sequences of serial and identity columns; one per table for constraints; and
the names the convention gives, which a chosen name must not take from their object.

Each refusal comes back from the operation the editor's form sends, at the input the
form shows it beside (``OperationError.field``), and only for the object the change
touched. (``test_validation_applies`` proves on PostgreSQL that the refused ones fail
there.)
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer.demo import demo_schema
from designer.generators.ddl import creation_plan
from designer.operations import (
    AddField,
    AddIndex,
    AddUnique,
    EditEntity,
    EditField,
    EditProject,
    Invalid,
    run,
)
from designer.schema.model import Index, IndexElement, QName
from designer.schema.validation import Scope, validate


def _demo():
    schema = demo_schema()
    return schema, schema.table(QName("public", "users")), schema.table(QName("public", "todos"))


def _refusal(schema, operation) -> Invalid:
    with pytest.raises(Invalid) as refused:
        run(schema, [operation])
    return refused.value


def test_a_unique_constraint_named_like_the_primary_key_is_refused_at_its_name():
    schema, users, _ = _demo()
    assert creation_plan(schema).names.primary_key(users) == "pk_users"
    error = _refusal(schema, AddUnique(users.id, ("email",), name="pk_users"))
    assert error.field == "name"
    assert error.message == (
        "The unique constraint pk_users cannot be named 'pk_users': the convention gives that "
        "name to the primary key of users (leave the name empty, or choose another)."
    )


def test_an_index_named_like_a_table_is_refused_at_its_name():
    schema, users, _ = _demo()
    error = _refusal(schema, AddIndex(users.id, ({"column": "email"},), name="todos"))
    assert error.field == "name"
    assert "The index todos on users cannot be named 'todos': the table todos has that name" in (
        error.message
    )


def test_a_table_renamed_like_an_index_is_refused_at_its_name():
    schema, users, todos = _demo()
    index = todos.indexes[0]
    named = replace(todos, indexes=(replace(index, name="todo_lists"), *todos.indexes[1:]))
    schema = replace(schema, tables=(users, named))
    assert validate(schema) == []
    error = _refusal(schema, EditEntity(users.id, {"name": "todo_lists"}))
    assert error.field == "name"
    assert "The table todo_lists cannot be named 'todo_lists'" in error.message


def test_a_primary_key_named_like_an_index_is_refused_at_the_key_name():
    schema, users, todos = _demo()
    index_name = creation_plan(schema).names.index(todos.indexes[0].id)
    named = replace(todos, indexes=(replace(todos.indexes[0], name=index_name),))
    schema = replace(schema, tables=(users, named))
    error = _refusal(schema, EditEntity(users.id, {"pk_name": index_name}))
    assert error.field == "pk_name"


def test_a_serial_column_whose_sequence_name_is_taken_is_refused_at_generated():
    schema, users, _ = _demo()
    schema = run(schema, [AddIndex(users.id, ({"column": "email"},), name="users_number_seq")])
    schema = schema.after
    values = {"name": "number", "data_type": "bigint", "nullable": False}
    assert run(schema, [AddField(users.id, values)]).changed
    error = _refusal(schema, AddField(users.id, {**values, "generated": "serial"}))
    # Both objects of the name are in the table the change touched: each is named, at
    # its own input (the form shows the one it has).
    fields = {field: message for message, field in error.errors}
    assert "The sequence of users.number cannot be named 'users_number_seq'" in fields["generated"]
    assert "The index users_number_seq on users cannot be named" in fields["name"]


def test_a_clash_is_reported_on_the_object_the_change_touched_only():
    schema, users, todos = _demo()
    clashing = replace(
        users, indexes=(*users.indexes, Index("ix-1", (IndexElement(column="email"),), "todos"))
    )
    schema = replace(schema, tables=(clashing, todos))
    touched = [problem.where for problem in validate(schema, Scope(frozenset({users.id})))]
    assert touched == ["table users, index todos"]
    everything = sorted(problem.where for problem in validate(schema))
    assert everything == ["table todos", "table users, index todos"]


def test_an_imported_clash_leaves_the_rest_editable():
    schema, users, todos = _demo()
    clashing = replace(
        users, indexes=(*users.indexes, Index("ix-1", (IndexElement(column="email"),), "todos"))
    )
    schema = replace(schema, tables=(clashing, todos))
    title = todos.column("title")
    assert run(schema, [EditField(title.id, {"description": "What to do."})]).changed


@pytest.mark.parametrize(
    ("extensions", "message"),
    [
        (("postgis",), "The extension 'postgis' is not one that comes with PostgreSQL"),
        (("earthdistance",), "The extension earthdistance needs cube listed before it"),
        (("earthdistance", "cube"), "The extension earthdistance needs cube listed before it"),
    ],
)
def test_an_extension_must_come_with_postgresql_and_after_what_it_needs(extensions, message):
    error = _refusal(demo_schema(), EditProject({"extensions": extensions}))
    assert error.field == "extensions"
    assert message in error.message


def test_contrib_extensions_in_order_are_accepted():
    outcome = run(demo_schema(), [EditProject({"extensions": ("cube", "earthdistance")})])
    assert outcome.after.extensions == ("cube", "earthdistance")
