"""“Edit as SQL” with issue 16's objects: the whole text now holds domains, sequences,
partitions, NOT VALID constraints and the objects kept as SQL. The unchanged text
changes nothing, whole or one entity at a time; an edit keeps the ids of the objects it
changes (matched by kind and name); an entity's text stays its table's own DDL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer.schema.diff import Kind
from designer.schema.ids import with_new_ids
from designer.schema.model import ObjectKind
from designer.services import edits, sql_edit
from designer.services.sql_edit import SqlEditError, plan_for, text_for
from designer.store import load_schema
from tests.generators.objects_schema import (
    FILMS,
    NOTES,
    PAYMENTS,
    every_kind_schema,
    objects_schema,
)
from tests.services.test_sql_edit import assert_unchanged


def _kinds(plan) -> list[tuple[str, str]]:
    return [(change.kind.value, change.id) for change in plan.changes]


def test_the_unchanged_text_changes_nothing_whole_or_one_entity_at_a_time():
    schema = objects_schema()
    assert_unchanged(schema)
    for table in schema.tables:
        assert_unchanged(schema, table)


def test_every_kind_of_object_survives_the_unchanged_text():
    schema = every_kind_schema()
    # (A text search configuration, kind "other", is left out by the importer today.)
    schema = replace(
        schema, sql_objects=tuple(o for o in schema.sql_objects if o.kind is not ObjectKind.OTHER)
    )
    assert_unchanged(schema)
    owned = replace(schema.sequences[0], owned_by=(FILMS, "ticket_number"))
    schema = replace(schema, sequences=(owned,))
    assert_unchanged(schema)
    for table in schema.tables:
        assert_unchanged(schema, table)


def test_an_entity_s_text_is_its_table_s_own_ddl():
    schema = objects_schema()
    films = text_for(schema, schema.table(FILMS))
    assert "CREATE TABLE films (" in films and "release_year year," in films
    for word in ("CREATE DOMAIN", "CREATE SEQUENCE", "CREATE VIEW", "CREATE FUNCTION"):
        assert word not in films
    notes = text_for(schema, schema.table(NOTES))
    assert notes.rstrip().endswith("REFERENCES films (film_id) ON DELETE CASCADE NOT VALID;")
    partition = text_for(schema, schema.tables[3])
    assert partition.rstrip().endswith(
        "ALTER TABLE payments ATTACH PARTITION payments_default DEFAULT;"
    )


def test_a_domain_s_check_edited_keeps_the_domain_and_its_columns():
    schema = objects_schema()
    text = text_for(schema).replace("VALUE <= 2155", "VALUE <= 2100")
    plan = plan_for(schema, text)
    assert _kinds(plan) == [("domain_changed", "d-year")]
    (domain,) = plan.new.domains
    assert domain.checks[0].expression.lower() == "value >= 1901 and value <= 2100"
    assert plan.new.table(FILMS).column("release_year").type.domain == domain.qname


def test_a_sequence_s_options_edited_keep_its_id():
    schema = objects_schema()
    text = text_for(schema).replace("CACHE 20", "CACHE 50")
    plan = plan_for(schema, text)
    assert [change.id for change in plan.changes] == ["s-ticket"]
    assert plan.new.sequences[0].cache == 50


def test_a_view_edited_keeps_its_id_and_description():
    schema = objects_schema()
    text = text_for(schema).replace("f.title <> '<none>'", "f.title <> ''")
    plan = plan_for(schema, text)
    assert [change.id for change in plan.changes] == ["o-film-list"]
    view = next(o for o in plan.new.sql_objects if o.id == "o-film-list")
    assert "f.title <> ''" in view.sql
    assert view.description == "Films as the shop lists them."
    assert [o.id for o in plan.new.sql_objects] == [o.id for o in schema.sql_objects]


def test_objects_added_and_dropped_in_the_text():
    schema = objects_schema()
    trigger = next(o for o in schema.sql_objects if o.id == "o-trigger")
    text = text_for(schema).replace(trigger.sql, "")
    text = text.replace(
        "COMMIT;", "CREATE VIEW recent_payments AS SELECT * FROM payments;\n\nCOMMIT;"
    )
    plan = plan_for(schema, text)
    kinds = {change.kind for change in plan.changes}
    assert kinds == {Kind.OBJECT_ADDED, Kind.OBJECT_REMOVED}
    assert "o-trigger" not in [o.id for o in plan.new.sql_objects]
    added = plan.new.sql_objects[-1]
    assert (added.name, PAYMENTS in added.reads) == ("recent_payments", True)


def test_a_partition_s_bound_edited_in_its_entity_text_keeps_its_id():
    schema = objects_schema()
    january = schema.tables[2]
    text = text_for(schema, january).replace("2022-02-01", "2022-03-01")
    plan = plan_for(schema, text, january.id)
    edited = next(t for t in plan.new.tables if t.id == january.id)
    assert edited.partition_of == PAYMENTS
    assert "2022-03-01" in (edited.partition_bound or "")
    # A new bound is a detach and an attach (what PostgreSQL needs), of the same table.
    assert _kinds(plan) == [
        ("partition_detached", january.id),
        ("partition_attached", january.id),
    ]


def test_a_not_valid_foreign_key_validated_in_its_entity_text():
    schema = objects_schema()
    notes = schema.table(NOTES)
    text = text_for(schema, notes).replace(" NOT VALID;", ";")
    plan = plan_for(schema, text, notes.id)
    (relationship,) = [r for r in plan.new.relationships if r.id == "r-notes-films"]
    assert relationship.not_valid is False
    assert _kinds(plan) == [("foreign_key_validated", "r-notes-films")]


def test_dropping_a_column_a_view_reads_is_refused_with_the_reason():
    schema = objects_schema()
    films = schema.table(FILMS)
    text = text_for(schema, films).replace("    distributor_token text,\n", "")
    with pytest.raises(SqlEditError) as refused:
        plan_for(schema, text, films.id)
    assert str(refused.value) == (
        "The view film_list reads films.distributor_token, which this text drops or "
        "renames: change its SQL too (or remove it) in the same text."
    )


# --- through the store: one change, one undo -------------------------------------------


@pytest.fixture
def project(db):
    # The store keeps ids as UUIDs: the fixture's readable ids, renewed.
    schema = with_new_ids(objects_schema())
    return edits.create_project(name="Cinema", slug="cinema", schema=schema)


@pytest.mark.store
@pytest.mark.django_db
def test_the_unchanged_text_applied_makes_no_change(project):
    before = load_schema(project)
    assert before.sql_objects and before.domains and before.sequences
    changes = project.changes.count()
    for table in (None, *before.tables):
        text = text_for(before, table)
        plan = sql_edit.plan(project, text, table.id if table else None)
        applied = sql_edit.apply(project, plan, base_revision=project.revision)
        assert plan.empty and applied.change is None
    assert project.changes.count() == changes and load_schema(project) == before


@pytest.mark.store
@pytest.mark.django_db
def test_a_view_and_a_domain_edited_in_the_whole_text_are_one_change_with_their_ids(project):
    before = load_schema(project)
    text = (
        text_for(before)
        .replace("f.title <> '<none>'", "f.title <> ''")
        .replace("VALUE <= 2155", "VALUE <= 2100")
    )
    plan = sql_edit.plan(project, text)
    applied = sql_edit.apply(project, plan, base_revision=project.revision)
    assert applied.change is not None
    after = load_schema(project)
    assert [d.id for d in after.domains] == [d.id for d in before.domains]
    assert [o.id for o in after.sql_objects] == [o.id for o in before.sql_objects]
    view = next(o for o in after.sql_objects if o.name == "film_list")
    assert "f.title <> ''" in view.sql and view.description == "Films as the shop lists them."
    edits.undo(project)
    assert load_schema(project) == before
