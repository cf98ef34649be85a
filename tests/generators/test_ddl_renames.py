"""The DDL's comment above a foreign key's index (and on its column) names the tables as
they are now: the texts ``standards`` wrote follow a rename of either table or column."""

from dataclasses import replace

from designer.demo import demo_schema
from designer.generators.ddl import generate
from designer.operations import (
    AddEntity,
    AddManyToMany,
    AddRelationship,
    EditEntity,
    EditField,
)
from designer.operations.lookup import with_table
from designer.schema.model import Schema


def _apply(schema: Schema, *operations) -> Schema:
    for operation in operations:
        schema = operation.apply(schema)
    return schema


def _ids(schema: Schema) -> dict[str, str]:
    return {table.name: table.id for table in schema.tables}


def _with_lists() -> Schema:
    """The demo with ``lists`` ← ``todos`` (a foreign key with its covering index)."""
    schema = AddEntity("lists").apply(demo_schema())
    ids = _ids(schema)
    return AddRelationship(ids["todos"], ids["lists"]).apply(schema)


def _fk_index(schema: Schema):
    """The index the relationship to ``lists`` added to ``todos``."""
    todos = next(t for t in schema.tables if t.name == "todos")
    return next(i for i in todos.indexes if i.elements[0].column == "list_id")


def test_renaming_the_referenced_table_renames_it_in_the_comment():
    schema = _with_lists()
    assert "Covers the foreign key todos(list_id) → lists" in generate(schema)
    schema = EditEntity(_ids(schema)["lists"], {"name": "boards"}).apply(schema)
    ddl = generate(schema)
    assert "→ lists" not in ddl and "References lists.id." not in ddl
    assert "COMMENT ON COLUMN todos.list_id IS 'References boards.id.';" in ddl
    assert "Covers the foreign key todos(board_id) → boards" not in ddl  # column kept
    assert "Covers the foreign key todos(list_id) → boards: joins from boards" in ddl


def test_renaming_the_referencing_table_and_the_column_follow_too():
    schema = _with_lists()
    schema = EditEntity(_ids(schema)["todos"], {"name": "tasks"}).apply(schema)
    assert "instead of scanning tasks." in generate(schema)
    tasks = next(t for t in schema.tables if t.name == "tasks")
    column = next(c for c in tasks.columns if c.name == "list_id")
    schema = EditField(column.id, {"name": "board_list_id"}).apply(schema)
    ddl = generate(schema)
    assert "Covers the foreign key tasks(board_list_id) → lists" in ddl
    assert "todos" not in ddl.split("-- Covers")[1].split(";")[0]


def test_a_rationale_the_designer_rewrote_is_kept():
    schema = _with_lists()
    todos = next(t for t in schema.tables if t.name == "todos")
    index = _fk_index(schema)
    rewritten = replace(index, rationale="Covers the lists of todos.")
    indexes = tuple(rewritten if i is index else i for i in todos.indexes)
    schema = with_table(schema, replace(todos, indexes=indexes))
    schema = EditEntity(_ids(schema)["lists"], {"name": "boards"}).apply(schema)
    assert _fk_index(schema).rationale == "Covers the lists of todos."


def test_a_junction_index_follows_a_rename_of_either_side():
    schema = AddEntity("tags").apply(demo_schema())
    ids = _ids(schema)
    schema = AddManyToMany(ids["todos"], ids["tags"]).apply(schema)
    schema = EditEntity(ids["tags"], {"name": "labels"}).apply(schema)
    ddl = generate(schema)
    assert "Covers the foreign key to labels: the primary key starts with the todos" in ddl
    assert "to tags" not in ddl


def test_the_demo_is_unchanged_by_a_rename_that_touches_no_generated_rationale():
    schema = demo_schema()
    renamed = EditEntity(_ids(schema)["users"], {"name": "people"}).apply(schema)
    todos = next(t for t in renamed.tables if t.name == "todos")
    assert todos.indexes == next(t for t in schema.tables if t.name == "todos").indexes
