"""The records <-> schema model bridge, on SQLite and (in `make test`) on PostgreSQL."""

import json
from dataclasses import replace

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from designer import models
from designer.demo import demo_schema
from designer.schema.design_file import dump
from designer.schema.ids import with_new_ids
from designer.schema.model import Column, ColumnType, PrimaryKey, QName, Relationship, Schema, Table
from designer.store import create_project, load_schema, replace_schema, save_schema
from tests.strategies import schemas

pytestmark = [pytest.mark.store, pytest.mark.django_db]


def _project(slug="p"):
    return models.Project.objects.create(name=slug.title(), slug=slug)


def _without_ids(data):
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [_without_ids(v) for v in data]
    return data


def test_save_then_load_gives_the_same_schema():
    project = _project()
    save_schema(project, demo_schema())
    assert load_schema(project) == replace(demo_schema(), name=project.name)


@settings(max_examples=40)
@given(schema=schemas(), slug=st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True))
def test_any_valid_schema_survives_the_records(schema, slug):
    with transaction.atomic():
        project = _project(slug)
        save_schema(project, schema)
        assert load_schema(project) == replace(schema, name=project.name)
        transaction.set_rollback(True)


@settings(max_examples=25)
@given(schemas())
def test_records_to_json_to_new_project_to_json_is_equal_up_to_ids(schema):
    with transaction.atomic():
        first = _project("first")
        save_schema(first, schema)
        exported = dump(load_schema(first))
        copy = create_project(name=first.name, slug="copy", schema=load_schema(first))
        again = dump(load_schema(copy))
        assert _without_ids(again) == _without_ids(exported)
        assert again != exported  # the ids were renamed
        transaction.set_rollback(True)


def _synthetic(n: int) -> Schema:
    tables = []
    relationships = []
    for i in range(n):
        columns = (
            Column(
                f"00000000-0000-4000-8000-{i:06d}000001", "id", ColumnType("uuid"), nullable=False
            ),
            Column(
                f"00000000-0000-4000-8000-{i:06d}000002", "name", ColumnType("varchar", length=100)
            ),
            Column(f"00000000-0000-4000-8000-{i:06d}000003", "parent_id", ColumnType("uuid")),
        )
        tables.append(
            Table(
                f"00000000-0000-4000-8000-{i:06d}000000",
                f"t{i}",
                columns,
                primary_key=PrimaryKey(("id",)),
            )
        )
        if i:
            relationships.append(
                Relationship(
                    f"00000000-0000-4000-9000-{i:06d}000000",
                    QName("public", f"t{i}"),
                    ("parent_id",),
                    QName("public", f"t{i - 1}"),
                    ("id",),
                )
            )
    return with_new_ids(Schema(tables=tuple(tables), relationships=tuple(relationships)))


@pytest.mark.parametrize("size", [3, 300])
def test_load_schema_runs_ten_queries_whatever_the_size(size, django_assert_num_queries):
    project = _project()
    save_schema(project, _synthetic(size))
    with django_assert_num_queries(10):
        # enums, entities, fields, unique constraints, their columns, checks, indexes,
        # index keys, relationships, relationship columns
        schema = load_schema(project)
    assert len(schema.tables) == size


def test_save_schema_is_all_or_nothing():
    project = _project()
    save_schema(project, demo_schema())
    broken = replace(
        demo_schema(),
        relationships=(replace(demo_schema().relationships[0], from_columns=("missing",)),),
    )
    with pytest.raises(KeyError):
        save_schema(project, with_new_ids(broken))
    assert load_schema(project) == replace(demo_schema(), name=project.name)


def test_replace_keeps_the_ids_of_its_own_export():
    project = _project()
    save_schema(project, demo_schema())
    replace_schema(project, load_schema(project))
    assert load_schema(project) == replace(demo_schema(), name=project.name)


def test_replace_renames_ids_that_another_project_uses():
    first, second = _project("first"), _project("second")
    save_schema(first, demo_schema())
    replace_schema(second, demo_schema())
    assert load_schema(second).tables[0].name == "users"
    first_ids = set(models.Field.objects.filter(entity__project=first).values_list("id", flat=True))
    second_ids = set(
        models.Field.objects.filter(entity__project=second).values_list("id", flat=True)
    )
    assert first_ids.isdisjoint(second_ids)


def test_deleting_a_project_deletes_its_records():
    project = _project()
    save_schema(project, demo_schema())
    project.delete()
    assert models.Field.objects.count() == 0
    assert models.Relationship.objects.count() == 0


def test_json_of_the_demo_is_stable():
    project = _project()
    save_schema(project, demo_schema())
    text = json.dumps(dump(load_schema(project)))
    save_schema(project, load_schema(project))
    assert json.dumps(dump(load_schema(project))) == text


def test_the_store_runs_on_the_configured_database():
    import os

    from django.db import connection

    url = os.environ.get("DATABASE_URL", "sqlite")
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")
