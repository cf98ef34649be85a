"""Which tables a diagram view shows, and the part of the schema it draws."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from designer.generators import mermaid
from designer.operations import AddManyToMany, DeleteEntity, run
from designer.schema.diagram_views import distances, subset, tables_of
from designer.schema.model import DiagramView, QName, Schema
from designer.schema.validation import validate
from tests.strategies import new_id, schemas
from tests.support.examples import examples
from tests.support.migration_cases import BASE, key

# An entity's head in Mermaid's erDiagram: "id", 'id["label"]' or "id {", indented once.
HEAD = re.compile(rf'^{mermaid.INDENT}([^\s\[}}]+)(\[".*"\])?( \{{)?$')


def drawn_entities(text: str) -> set[str]:
    """The Mermaid ids of the entities an erDiagram declares."""
    return {match[1] for line in text.splitlines() if (match := HEAD.match(line))}


def names(tables) -> list[str]:
    return [table.name for table in tables]


def shop(*views: DiagramView) -> Schema:
    return replace(BASE, diagram_views=views)


def view(mode: str, **values) -> DiagramView:
    return DiagramView(id=values.pop("id", new_id()), name="A view", mode=mode, **values)


# --- examples on the shop: customers <- orders <- order_items -> products -----------------


def test_around_orders_one_step_is_its_neighbours_either_way():
    around = view("around", center=key("orders"), hops=1)
    assert names(tables_of(shop(around), around)) == ["customers", "orders", "order_items"]


def test_around_orders_two_steps_reaches_the_products_through_the_items():
    around = view("around", center=key("orders"), hops=2)
    assert names(tables_of(shop(around), around)) == [
        "customers",
        "products",
        "orders",
        "order_items",
    ]


def test_a_many_to_many_link_is_one_step_to_the_partner_and_to_the_junction():
    linked = run(BASE, [AddManyToMany(key("customers"), key("products"))]).after
    around = view("around", center=key("customers"), hops=1)
    shown = names(tables_of(linked, around))
    assert "products" in shown and "customers_products" in shown
    part = subset(replace(linked, diagram_views=(around,)), around.id)
    assert len(part.many_to_many) == 1


def test_chosen_tables_keep_the_schema_order_and_the_relationships_between_them():
    chosen = view("tables", tables=(key("orders"), key("customers")))
    part = subset(shop(chosen), chosen.id)
    assert names(part.tables) == ["customers", "orders"]
    assert [(r.from_table.name, r.to_table.name) for r in part.relationships] == [
        ("orders", "customers")
    ]
    assert part.enums == BASE.enums
    assert part.diagram_views == () and part.suppressions == ()


def test_a_schema_view_shows_the_tables_of_those_schemas():
    moved = replace(
        BASE,
        tables=tuple(
            replace(table, schema="sales") if table.name.startswith("order") else table
            for table in BASE.tables
        ),
    )
    sales = view("schemas", schemas=("sales",))
    assert names(tables_of(moved, sales)) == ["orders", "order_items"]
    assert tables_of(moved, view("schemas", schemas=("nowhere",))) == ()


def test_an_unknown_view_is_none():
    assert subset(shop(), new_id()) is None
    assert subset(shop(view("tables", tables=(key("orders"),))), "junk") is None


def test_a_deleted_table_is_left_out_and_comes_back_with_undo():
    chosen = view("tables", tables=(key("orders"), key("products")))
    around = view("around", center=key("products"), hops=1)
    before = shop(chosen, around)
    outcome = run(before, [DeleteEntity(key("products"))])
    after = outcome.after
    assert after.diagram_views == (chosen, around)  # the views are left alone
    assert names(subset(after, chosen.id).tables) == ["orders"]
    assert subset(after, around.id).tables == ()
    restored = outcome.patch.inverted().apply(after)
    assert names(subset(restored, chosen.id).tables) == ["products", "orders"]


def test_the_mermaid_of_a_view_names_only_its_tables():
    around = view("around", center=key("orders"), hops=1)
    text = mermaid.generate(subset(shop(around), around.id))
    assert drawn_entities(text) == {"customers", "orders", "order_items"}
    assert not re.search(r"^\s*products\b", text, re.MULTILINE)  # (a comment may name it)


# --- properties ------------------------------------------------------------------------------


def reference_around(schema: Schema, center: QName, hops: int) -> set[QName]:
    """The tables within ``hops`` steps, grown one step at a time (no search order)."""
    reached = {center}
    for _ in range(hops):
        grown = set(reached)
        for relationship in schema.relationships:
            ends = {relationship.from_table, relationship.to_table}
            if ends & reached:
                grown |= ends
        for link in schema.many_to_many:
            trio = {link.left, link.right, link.through}
            if trio & reached:
                grown |= trio
        reached = grown & set(schema.tables_by_name)
    return reached


@st.composite
def schemas_with_a_view(draw):
    schema = draw(schemas(max_tables=5))
    assume(schema.tables)
    ids = [table.id for table in schema.tables]
    mode = draw(st.sampled_from(["tables", "schemas", "around"]))
    if mode == "tables":
        chosen = draw(st.lists(st.sampled_from([*ids, new_id()]), min_size=1, unique=True))
        drawn = view(mode, tables=tuple(chosen))
    elif mode == "schemas":
        present = sorted({table.schema for table in schema.tables})
        drawn = view(mode, schemas=tuple(draw(st.lists(st.sampled_from(present), min_size=1))))
    else:
        drawn = view(mode, center=draw(st.sampled_from(ids)), hops=draw(st.integers(1, 5)))
    return replace(schema, diagram_views=(drawn,)), drawn


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.too_slow])
@given(schemas_with_a_view())
def test_the_part_a_view_draws_is_a_valid_schema_naming_only_its_tables(pair):
    schema, drawn = pair
    assume(validate(schema) == [])
    part = subset(schema, drawn.id)
    assert part is not None
    assert validate(part) == []
    shown = tables_of(schema, drawn)
    assert part.tables == shown
    ids = mermaid.entity_ids(part)
    assert drawn_entities(mermaid.generate(part)) == {ids[table.qname] for table in shown}
    kept = {table.qname for table in shown}
    for relationship in part.relationships:
        assert {relationship.from_table, relationship.to_table} <= kept
    if drawn.mode == "tables":
        assert {table.id for table in shown} == set(drawn.tables) & {t.id for t in schema.tables}
    if drawn.mode == "schemas":
        assert {table.schema for table in shown} <= set(drawn.schemas)


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.too_slow])
@given(schemas(max_tables=6), st.data())
def test_around_n_steps_is_the_tables_at_distance_n_or_less(schema, data):
    assume(schema.tables)
    center = data.draw(st.sampled_from(schema.tables))
    hops = data.draw(st.integers(1, 5))
    around = view("around", center=center.id, hops=hops)
    shown = {table.qname for table in tables_of(schema, around)}
    assert shown == reference_around(schema, center.qname, hops)
    found = distances(schema, center.qname, hops)
    assert all(distance <= hops for distance in found.values())
    # One step more reaches nothing new, or only tables at exactly hops + 1.
    further = distances(schema, center.qname, hops + 1)
    assert {name for name, distance in further.items() if distance <= hops} == shown
