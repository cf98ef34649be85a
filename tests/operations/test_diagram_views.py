"""Diagram views as operations: checked, one change each, undone and redone through the
one write path, kept by the store, the design file, the change log and versions."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from designer import models, store
from designer.operations import (
    AddDiagramView,
    ChangeDiagramView,
    Gone,
    Invalid,
    Patch,
    RemoveDiagramView,
    from_data,
    run,
)
from designer.schema import design_file
from designer.schema.model import DiagramView
from designer.services import edits
from designer.services.diagram_views import ViewDefinition, add_view, change_view, remove_view
from designer.services.versions import restore_version, save_version, version_schema
from tests.support.migration_cases import BASE, key

ORDERS = key("orders")


def around_orders(**values) -> AddDiagramView:
    return AddDiagramView(
        **{"name": "Around orders", "mode": "around", "center": ORDERS, "hops": 1, **values}
    )


# --- the operations, pure ----------------------------------------------------------------


def test_a_view_keeps_only_what_its_mode_uses():
    operation = around_orders(tables=(ORDERS,), schemas=("public",))
    (view,) = run(BASE, [operation]).after.diagram_views
    assert view == DiagramView(operation.id, "Around orders", "around", center=ORDERS, hops=1)


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"name": "  "}, "name", "Give the view a name"),
        ({"name": "x" * 101}, "name", "at most 100"),
        ({"mode": "nearby"}, "mode", "Choose what the view shows"),
        ({"mode": "tables"}, "tables", "at least one entity"),
        ({"mode": "schemas"}, "schemas", "at least one PostgreSQL schema"),
        ({"mode": "schemas", "schemas": ("sales",)}, "schemas", "No entity is in the schema"),
        ({"center": ""}, "center", "Choose the entity"),
        ({"hops": 0}, "hops", "from 1 to 5"),
        ({"hops": 6}, "hops", "from 1 to 5"),
        ({"hops": True}, "hops", "from 1 to 5"),
    ],
)
def test_a_view_that_cannot_be_is_refused_at_its_input(values, field, words):
    with pytest.raises(Invalid) as refused:
        run(BASE, [around_orders(**values)])
    assert refused.value.field == field and words in refused.value.message


def test_a_view_naming_a_deleted_entity_is_refused_as_gone():
    with pytest.raises(Gone):
        run(BASE, [around_orders(center=key("nothing"))])
    with pytest.raises(Gone):
        run(BASE, [AddDiagramView("Mine", "tables", tables=(ORDERS, key("nothing")))])


def test_names_are_unique_whatever_their_case_and_a_view_keeps_its_own():
    first = around_orders()
    schema = run(BASE, [first]).after
    with pytest.raises(Invalid, match="already"):
        run(schema, [around_orders(name="AROUND ORDERS ")])
    renamed = run(schema, [ChangeDiagramView(first.id, "around Orders", "around", center=ORDERS)])
    assert renamed.after.diagram_views[0].name == "around Orders"


def test_change_and_remove_of_a_view_that_is_gone_are_refused():
    with pytest.raises(Gone):
        run(BASE, [ChangeDiagramView(key("nothing"), "X", "around", center=ORDERS)])
    with pytest.raises(Gone):
        run(BASE, [RemoveDiagramView(key("nothing"))])


def test_operations_travel_as_data_and_say_what_they_did():
    add = AddDiagramView("Shop", "tables", tables=(ORDERS, key("customers")))
    assert from_data(json.loads(json.dumps(add.to_data()))) == add
    schema = run(BASE, [add]).after
    change = ChangeDiagramView(add.id, "Sales", "schemas", schemas=("public",))
    assert from_data(json.loads(json.dumps(change.to_data()))) == change
    assert change.describe(schema) == "Changed the diagram view Shop (now Sales)"
    assert RemoveDiagramView(add.id).describe(schema) == "Removed the diagram view Shop"
    assert add.describe(BASE) == "Added the diagram view Shop"


def test_the_patch_of_a_view_touches_that_view_only_and_round_trips_as_data():
    first, second = around_orders(), around_orders(name="Other")
    before = run(BASE, [first, second]).after
    outcome = run(before, [RemoveDiagramView(first.id)])
    assert outcome.patch.touched() == {f"diagram-view:{first.id}"}
    again = Patch.from_data(json.loads(json.dumps(outcome.patch.to_data())))
    assert again == outcome.patch
    assert again.inverted().apply(outcome.after) == before


# --- the design file -------------------------------------------------------------------------


def test_the_design_file_keeps_the_views_and_leaves_the_key_out_without_any():
    assert "diagram_views" not in design_file.dump(BASE)
    schema = run(BASE, [around_orders(), AddDiagramView("Two", "tables", tables=(ORDERS,))]).after
    text = design_file.dumps(schema)
    assert json.loads(text)["diagram_views"][0]["center"] == ORDERS
    assert design_file.loads(text) == schema


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"mode": "near"}, "mode must be one of"),
        ({"hops": 9}, "hops must be from 1 to 5"),
        ({"id": "nope"}, "not a UUID"),
        ({"tables": [1]}, "list of strings"),
        ({"colour": "red"}, "unknown key"),
    ],
)
def test_a_design_file_with_a_broken_view_is_refused_in_one_line(change, words):
    schema = run(BASE, [around_orders()]).after
    data = design_file.dump(schema)
    data["diagram_views"][0].update(change)
    with pytest.raises(design_file.DesignFileError, match=words):
        design_file.load(data)


def test_a_view_id_in_another_spelling_is_read_in_the_records_spelling():
    schema = run(BASE, [around_orders()]).after
    data = design_file.dump(schema)
    data["diagram_views"][0]["id"] = data["diagram_views"][0]["id"].upper()
    data["diagram_views"][0]["center"] = ORDERS.replace("-", "")
    (view,) = design_file.load(data).diagram_views
    assert view == schema.diagram_views[0]


# --- through the one write path -----------------------------------------------------------


@pytest.fixture
def project(db):
    return edits.create_project(name="Shop", slug="shop", schema=BASE)


def _fresh(project) -> models.Project:
    return models.Project.objects.get(pk=project.pk)


def test_a_view_is_one_change_kept_on_the_project_row_undone_and_redone(project):
    definition = ViewDefinition("Around orders", "around", center=ORDERS, hops=1)
    applied = add_view(project, definition)
    (view,) = applied.schema.diagram_views
    assert _fresh(project).diagram_views == [design_file.diagram_view_data(view)]
    assert project.diagram_views == _fresh(project).diagram_views  # the caller's copy too
    assert store.load_schema(_fresh(project)).diagram_views == (view,)
    assert store.current_schema(_fresh(project)).diagram_views == (view,)

    change_view(project, view.id, replace(definition, name="Orders", hops=2))
    assert store.current_schema(project).diagram_views[0].hops == 2
    edits.undo(project)
    assert store.current_schema(project).diagram_views == (view,)
    edits.undo(project)
    assert store.current_schema(project).diagram_views == ()
    assert _fresh(project).diagram_views == []
    edits.redo(project)
    assert store.load_schema(_fresh(project)).diagram_views == (view,)
    remove_view(project, view.id)
    assert _fresh(project).diagram_views == []


def test_a_view_costs_the_schema_reader_no_query(project, django_assert_num_queries):
    add_view(project, ViewDefinition("Shop", "tables", tables=(ORDERS,)))
    fresh = _fresh(project)
    with django_assert_num_queries(11):  # one per record type, as without views
        assert len(store.load_schema(fresh).diagram_views) == 1


def test_a_change_based_on_an_old_revision_conflicts_only_on_the_same_view(project):
    first = add_view(project, ViewDefinition("One", "tables", tables=(ORDERS,)))
    second = add_view(project, ViewDefinition("Two", "tables", tables=(ORDERS,)))
    one, two = second.schema.diagram_views
    seen = first.revision
    change_view(project, two.id, ViewDefinition("Two", "around", center=ORDERS))
    # Another view, changed on the revision seen before: applies.
    change_view(
        project, one.id, ViewDefinition("Uno", "tables", tables=(ORDERS,)), base_revision=seen
    )
    # The view changed meanwhile: a conflict, nothing is overwritten.
    with pytest.raises(edits.Conflict):
        remove_view(project, two.id, base_revision=seen)


def test_restoring_an_old_revision_restores_its_views(project):
    add_view(project, ViewDefinition("Shop", "tables", tables=(ORDERS, key("products"))))
    revision = project.revision
    remove_view(project, store.current_schema(project).diagram_views[0].id)
    edits.restore(project, revision)
    assert [view.name for view in store.current_schema(project).diagram_views] == ["Shop"]


def test_versions_carry_the_views_and_restoring_one_brings_them_back(project):
    add_view(project, ViewDefinition("Shop", "schemas", schemas=("public",)))
    version = save_version(project, "v1")
    assert version_schema(version).diagram_views == store.current_schema(project).diagram_views
    remove_view(project, store.current_schema(project).diagram_views[0].id)
    restore_version(project, version)
    assert [view.name for view in store.current_schema(project).diagram_views] == ["Shop"]
