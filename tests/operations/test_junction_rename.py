"""A junction entity's own description (``Links todos and tags (many-to-many).``) names
the linked tables as they are after a rename of either side, in the model and in the
DDL's ``COMMENT ON TABLE``; a description its designer wrote is kept."""

from dataclasses import replace

from designer.demo import demo_schema
from designer.generators.ddl import generate
from designer.operations import AddEntity, AddManyToMany, EditEntity, run
from designer.operations.lookup import with_table
from designer.schema.model import Schema, Table

JUNCTION_ID = "5b0f8a4e-0000-4000-8000-000000000001"


def _ids(schema: Schema) -> dict[str, str]:
    return {table.name: table.id for table in schema.tables}


def _with_tags() -> Schema:
    """The demo with ``tags`` linked to ``todos`` through ``todos_tags``."""
    schema = AddEntity("tags").apply(demo_schema())
    ids = _ids(schema)
    return AddManyToMany(ids["todos"], ids["tags"], id=JUNCTION_ID).apply(schema)


def _junction(schema: Schema) -> Table:
    link = schema.many_to_many[0]
    return schema.tables_by_name[link.through]


def test_the_junction_is_described_from_the_linked_tables():
    schema = _with_tags()
    assert _junction(schema).description == "Links todos and tags (many-to-many)."


def test_renaming_either_side_rewrites_the_junction_description():
    schema = _with_tags()
    ids = _ids(schema)
    schema = EditEntity(ids["tags"], {"name": "labels"}).apply(schema)
    assert _junction(schema).description == "Links todos and labels (many-to-many)."
    schema = EditEntity(ids["todos"], {"name": "tasks"}).apply(schema)
    assert _junction(schema).description == "Links tasks and labels (many-to-many)."
    ddl = generate(schema)
    assert "IS 'Links tasks and labels (many-to-many).';" in ddl
    assert "Links todos" not in ddl and "and tags" not in ddl


def test_renaming_the_junction_itself_keeps_its_description():
    schema = _with_tags()
    junction = _junction(schema)
    schema = EditEntity(junction.id, {"name": "taggings"}).apply(schema)
    assert _junction(schema).name == "taggings"
    assert _junction(schema).description == "Links todos and tags (many-to-many)."


def test_a_description_the_designer_wrote_is_kept():
    schema = _with_tags()
    written = "Which tags a todo has; a todo has at most ten."
    schema = with_table(schema, replace(_junction(schema), description=written))
    schema = EditEntity(_ids(schema)["tags"], {"name": "labels"}).apply(schema)
    assert _junction(schema).description == written
    assert f"IS '{written}';" in generate(schema)


def test_undo_of_the_rename_restores_the_old_description():
    schema = _with_tags()
    outcome = run(schema, [EditEntity(_ids(schema)["tags"], {"name": "labels"})])
    restored = outcome.patch.inverted().apply(outcome.after)
    assert _junction(restored).description == "Links todos and tags (many-to-many)."
    assert restored == schema
