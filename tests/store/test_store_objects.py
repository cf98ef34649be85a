"""Domains, sequences, partitions, NOT VALID constraints and the objects kept as SQL text
survive the records, the change log (undo, redo) and the design file."""

from dataclasses import replace

import pytest

from designer.operations import ReplaceSchema
from designer.schema import design_file
from designer.schema.ids import object_ids, with_new_ids
from designer.services.edits import apply, create_project, redo, undo
from designer.store import current_schema, load_schema, schema_cache
from tests.support.carrying import carrying_schema

pytestmark = [pytest.mark.store, pytest.mark.django_db]


def test_the_new_objects_survive_the_records():
    schema = carrying_schema()
    project = create_project(name="Carrying", slug="carrying", schema=schema)
    assert load_schema(project) == schema


def test_the_new_objects_survive_the_design_file():
    schema = carrying_schema()
    assert design_file.loads(design_file.dumps(schema)) == schema
    data = design_file.dump(schema)
    assert data["tables"][1]["partition_by"] == "RANGE (paid_on)"
    assert data["tables"][2]["partition_of"] == {"schema": "public", "name": "payment"}
    assert data["tables"][0]["checks"][0]["not_valid"] is True
    assert "not_valid" not in data["relationships"][0]
    assert data["tables"][0]["columns"][2]["type"]["domain"] == {"schema": "public", "name": "year"}


def test_a_design_without_them_keeps_its_file():
    plain = replace(
        carrying_schema(),
        domains=(),
        sequences=(),
        sql_objects=(),
        tables=(),
        relationships=(),
    )
    data = design_file.dump(plain)
    assert not {"domains", "sequences", "sql_objects"} & set(data)


def test_a_change_to_them_is_undone_and_redone():
    schema = carrying_schema()
    project = create_project(name="Carrying", slug="carrying", schema=schema)
    view = schema.sql_objects[0]
    changed = replace(
        schema,
        sql_objects=(replace(view, description="Changed."),),
        sequences=(replace(schema.sequences[0], cache=20),),
        domains=(replace(schema.domains[0], default="2026"),),
    )
    apply(project, [ReplaceSchema(changed)])
    schema_cache.clear()
    assert current_schema(project) == changed
    undo(project)
    schema_cache.clear()
    assert current_schema(project) == schema
    redo(project)
    schema_cache.clear()
    assert current_schema(project) == changed


def test_new_ids_are_given_to_them_too():
    schema = carrying_schema()
    copy = with_new_ids(schema)
    assert not set(object_ids(copy)) & set(object_ids(schema))
    assert len(object_ids(copy)) == 4
