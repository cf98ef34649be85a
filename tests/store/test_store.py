"""The records <-> schema model bridge, on SQLite and (in `make test`) on PostgreSQL:
loading in a fixed number of queries, and writing a change by reconciling rows by id."""

import json
import uuid
from dataclasses import replace

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from designer import models
from designer.demo import demo_schema
from designer.importers.summary import ImportResult, ImportSummary
from designer.operations import DeleteField, EditField, Invalid, ReplaceSchema
from designer.schema.design_file import dump
from designer.schema.ids import with_new_ids
from designer.schema.model import Column, ColumnType, PrimaryKey, QName, Relationship, Schema, Table
from designer.services.edits import apply, create_project
from designer.services.imports import save_import
from designer.store import assign_positions, current_schema, load_schema, schema_cache
from tests.strategies import schemas

pytestmark = [pytest.mark.store, pytest.mark.django_db]


def _project(slug="p", schema=None):
    return create_project(name=slug.title(), slug=slug, schema=schema)


def _without_ids(data):
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [_without_ids(v) for v in data]
    return data


def test_a_new_project_holding_a_schema_loads_it_back():
    project = _project(schema=demo_schema())
    assert load_schema(project) == replace(demo_schema(), name=project.name)
    assert project.revision == 1


@settings(max_examples=40)
@given(schema=schemas(), slug=st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True))
def test_any_valid_schema_survives_the_records(schema, slug):
    with transaction.atomic():
        project = _project(slug, schema)
        assert load_schema(project) == replace(schema, name=project.name)
        transaction.set_rollback(True)


@settings(max_examples=30)
@given(first=schemas(), second=schemas())
def test_replacing_any_schema_by_any_other_reconciles_the_records(first, second):
    """Ids the two share keep their rows; the rest is inserted or deleted."""
    with transaction.atomic():
        project = _project("p", first)
        apply(project, [ReplaceSchema(second)])
        assert load_schema(project) == replace(second, name=project.name)
        apply(project, [ReplaceSchema(first)])
        assert load_schema(project) == replace(first, name=project.name)
        transaction.set_rollback(True)


@settings(max_examples=25)
@given(schemas())
def test_records_to_json_to_new_project_to_json_is_equal_up_to_ids(schema):
    with transaction.atomic():
        first = _project("first", schema)
        exported = dump(load_schema(first))
        copy = create_project(name=first.name, slug="copy", schema=with_new_ids(load_schema(first)))
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
def test_load_schema_runs_eleven_queries_whatever_the_size(size, django_assert_num_queries):
    project = _project(schema=_synthetic(size))
    with django_assert_num_queries(11):
        # enums, entities, fields, unique constraints, their columns, checks, indexes,
        # index keys, relationships, relationship columns, suppressions
        schema = load_schema(project)
    assert len(schema.tables) == size


def test_the_current_schema_of_a_cached_revision_costs_one_query(django_assert_num_queries):
    project = _project(schema=demo_schema())
    schema_cache.clear()
    first = current_schema(project)  # read: the revision, the records, the revision again
    with django_assert_num_queries(1):  # the project's row: its revision
        assert current_schema(project) is first


@pytest.mark.parametrize("size", [3, 300])
def test_a_field_edit_writes_the_same_few_rows_whatever_the_size(size):
    project = _project(schema=_synthetic(size))
    column = load_schema(project).tables[1].column("name")
    applied = apply(project, [EditField(column.id, {"name": "label", "nullable": False})])
    assert applied.rows == 3  # the field, the project's revision, the change log


def test_a_replacement_writes_only_the_rows_of_what_differs():
    schema = _synthetic(50)
    project = _project(schema=schema)
    table = schema.tables[7]
    target = DeleteField(table.column("parent_id").id).apply(schema)
    target = replace(
        target,
        tables=tuple(
            replace(t, description="Changed.") if t.id == table.id else t for t in target.tables
        ),
    )
    applied = apply(project, [ReplaceSchema(target)])
    # the entity, its dropped column, the relationship that used it with its column
    # pair (cascaded), the project's row and the change log
    assert applied.rows == 6
    assert load_schema(project) == replace(target, name=project.name)


def test_an_invalid_change_changes_nothing():
    project = _project(schema=demo_schema())
    broken = replace(
        demo_schema(),
        relationships=(replace(demo_schema().relationships[0], from_columns=("missing",)),),
    )
    with pytest.raises(Invalid):
        apply(project, [ReplaceSchema(broken)])
    project.refresh_from_db()
    assert project.revision == 1 and project.changes.count() == 1
    assert load_schema(project) == replace(demo_schema(), name=project.name)


def test_replacing_with_its_own_export_changes_nothing():
    project = _project(schema=demo_schema())
    applied = apply(project, [ReplaceSchema(load_schema(project))])
    assert applied.change is None and applied.rows == 0
    assert load_schema(project) == replace(demo_schema(), name=project.name)


def test_two_fields_can_swap_their_names_in_one_change():
    project = _project(schema=demo_schema())
    schema = load_schema(project)
    users = schema.tables[0]
    email, name = users.column("email"), users.column("full_name")
    swapped = replace(
        users,
        columns=tuple(
            replace(c, name={email.id: "full_name", name.id: "email"}.get(c.id, c.name))
            for c in users.columns
        ),
    )
    target = replace(schema, tables=(swapped, *schema.tables[1:]))
    apply(project, [ReplaceSchema(target)])
    assert load_schema(project) == target


def test_an_import_renames_ids_that_another_project_uses():
    first = _project("first", demo_schema())
    second = _project("second")
    save_import(ImportResult(demo_schema(), ImportSummary()), slug="second", replace=second)
    assert load_schema(second).tables[0].name == "users"
    first_ids = set(models.Field.objects.filter(entity__project=first).values_list("id", flat=True))
    second_ids = set(
        models.Field.objects.filter(entity__project=second).values_list("id", flat=True)
    )
    assert first_ids.isdisjoint(second_ids)


def test_deleting_a_project_deletes_its_records_and_history():
    project = _project(schema=demo_schema())
    project.delete()
    assert models.Field.objects.count() == 0
    assert models.Relationship.objects.count() == 0
    assert models.Change.objects.count() == 0


def test_json_of_the_demo_is_stable():
    project = _project(schema=demo_schema())
    text = json.dumps(dump(load_schema(project)))
    apply(project, [ReplaceSchema(load_schema(project))])
    assert json.dumps(dump(load_schema(project))) == text


def test_the_store_runs_on_the_configured_database():
    import os

    from django.db import connection

    url = os.environ.get("DATABASE_URL", "sqlite")
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")


# --- positions --------------------------------------------------------------------------


def _ids(n: int) -> list[uuid.UUID]:
    return [uuid.UUID(int=i + 1) for i in range(n)]


def test_an_appended_row_takes_the_next_position_and_the_others_stay():
    a, b, c = _ids(3)
    assert assign_positions([a, b, c], {a: 0, b: 1}) == {a: 0, b: 1, c: 2}


def test_a_deletion_moves_nobody():
    a, b, c = _ids(3)
    assert assign_positions([a, c], {a: 0, b: 1, c: 2}) == {a: 0, c: 2}


def test_a_move_writes_only_the_rows_that_moved():
    a, b, c, d = _ids(4)
    assert assign_positions([a, c, b, d], {a: 0, b: 1, c: 2, d: 3}) == {a: 0, c: 1, b: 2, d: 3}


def test_a_row_put_back_fits_in_the_gap_it_left():
    a, b, c = _ids(3)
    assert assign_positions([a, b, c], {a: 0, c: 2}) == {a: 0, b: 1, c: 2}


def test_without_a_gap_everything_is_renumbered_in_order():
    a, b, c = _ids(3)
    assert assign_positions([a, b, c], {a: 0, c: 1}) == {a: 0, b: 1, c: 2}


@given(st.lists(st.integers(0, 30), unique=True), st.randoms())
def test_positions_always_follow_the_order(existing, random):
    rows = _ids(len(existing) + 5)
    old = dict(zip(rows, sorted(existing), strict=False))
    order = rows[:]
    random.shuffle(order)
    assigned = assign_positions(order, old)
    positions = [assigned[pk] for pk in order]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    assert all(position >= 0 for position in positions)


def test_a_type_dropped_and_a_new_one_of_its_name_are_written_in_one_change():
    """Found by the property above: the dropped type waits for its columns, so its name
    must be freed first."""
    from designer.schema.model import EnumType

    first = Schema(enums=(EnumType(str(uuid.uuid4()), "order", ("draft",)),))
    second = Schema(enums=(EnumType(str(uuid.uuid4()), "order", ("draft",)),))
    project = _project(schema=first)
    apply(project, [ReplaceSchema(second)])
    assert load_schema(project) == replace(second, name=project.name)
