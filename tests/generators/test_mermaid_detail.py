"""The diagram's detail levels -- all columns, keys only, names only -- checked by the
vendored Mermaid itself in real Chromium (``tests.support.mermaid``, as in
``test_mermaid.py``): each level's text is drawn and what Mermaid shows is read back
from the SVG. Also the erd view's ``detail`` parameter (anything unknown is all columns).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import replace

import pytest
from hypothesis import given, settings

from designer.demo import demo_schema
from designer.generators.mermaid import DETAIL_LEVELS, MermaidOptions, entity_ids, generate
from designer.schema.model import (
    Column,
    ColumnType,
    DiagramView,
    Index,
    IndexElement,
    PrimaryKey,
    Relationship,
    Schema,
    Table,
    UniqueConstraint,
)
from designer.services.edits import create_project
from designer.store import load_schema
from tests.strategies import schemas
from tests.support.examples import examples
from tests.support.mermaid import Drawing, mermaid_page


@pytest.fixture(scope="module")
def mermaid(browser):
    """A page with the vendored Mermaid and the app's erd.js, shared by the module."""
    with mermaid_page(browser) as page:
        yield page


def _draw(mermaid, text: str) -> Drawing:
    mermaid.render(text)
    return mermaid.drawn()


def _id(name: str) -> str:
    """A stable UUID (the store keeps the design's ids as the records' ids)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"detail/{name}"))


def _column(name: str, base: str = "text", **kwargs) -> Column:
    return Column(_id(f"column/{name}/{uuid.uuid4()}"), name, ColumnType(base), **kwargs)


def _shop() -> Schema:
    """Keys of every kind: a primary key, a foreign key, a unique column, a unique
    constraint over two columns, a full unique index -- and a partial unique index,
    which is not a key -- beside plain columns with descriptions; and a table with no
    key at all."""
    customers = Table(
        id=_id("customers"),
        name="customers",
        columns=(
            _column("id", "uuid", nullable=False),
            _column("email", unique=True, description="Where receipts go."),
            _column("nickname"),
            _column("notes", description="Anything the shop wants to remember."),
        ),
        primary_key=PrimaryKey(("id",)),
    )
    orders = Table(
        id=_id("orders"),
        name="orders",
        columns=(
            _column("id", "uuid", nullable=False),
            _column("customer_id", "uuid", nullable=False),
            _column("number", "integer"),
            _column("year", "integer"),
            _column("code"),
            _column("coupon"),
            _column("placed_at", "timestamptz"),
        ),
        primary_key=PrimaryKey(("id",)),
        uniques=(UniqueConstraint(_id("number-year"), ("number", "year")),),
        indexes=(
            Index(_id("code"), (IndexElement("code"),), unique=True),
            Index(_id("coupon"), (IndexElement("coupon"),), unique=True, where="coupon <> ''"),
        ),
    )
    log = Table(id=_id("log"), name="log", columns=(_column("line"), _column("at", "timestamptz")))
    placed_by = Relationship(
        id=_id("orders-customer"),
        from_table=orders.qname,
        from_columns=("customer_id",),
        to_table=customers.qname,
        to_columns=("id",),
    )
    return Schema(tables=(customers, orders, log), relationships=(placed_by,))


def _names(drawing: Drawing, entity: str) -> list[str]:
    return [name for _type, name, _keys, _comment in drawing.entity(entity).attributes]


def _keys(drawing: Drawing, entity: str) -> dict[str, str]:
    return {name: keys for _type, name, keys, _comment in drawing.entity(entity).attributes}


def test_all_columns_draws_every_column_with_its_markers_and_description(mermaid):
    drawing = _draw(mermaid, generate(_shop(), MermaidOptions(detail="all")))
    assert _names(drawing, "customers") == ["id", "email", "nickname", "notes"]
    assert _names(drawing, "orders") == [
        "id", "customer_id", "number", "year", "code", "coupon", "placed_at",
    ]  # fmt: skip
    assert _names(drawing, "log") == ["line", "at"]
    assert drawing.entity("customers").attributes[1] == (
        "text",
        "email",
        "UK",
        "Where receipts go.",
    )
    assert len(drawing.edges) == 1


def test_keys_only_draws_the_primary_foreign_and_unique_key_columns(mermaid):
    text = generate(_shop(), MermaidOptions(detail="keys"))
    drawing = _draw(mermaid, text)
    assert _keys(drawing, "customers") == {"id": "PK", "email": "UK"}
    # The unique constraint's and the full unique index's columns are keys; the partial
    # unique index's is not, nor are the plain columns.
    assert _keys(drawing, "orders") == {
        "id": "PK", "customer_id": "FK", "number": "UK", "year": "UK", "code": "UK",
    }  # fmt: skip
    # A table without a key column is drawn bare, and the relationships are all there.
    assert drawing.entity("log").attributes == ()
    assert [(edge.start_entity, edge.end_entity, edge.label) for edge in drawing.edges] == [
        ("customers", "orders", "customer_id")
    ]
    # The key columns keep their descriptions.
    assert drawing.entity("customers").attributes[1][3] == "Where receipts go."
    assert "notes" not in text and "nickname" not in text and "placed_at" not in text


def test_names_only_draws_bare_entities_and_every_relationship(mermaid):
    text = generate(_shop(), MermaidOptions(detail="names"))
    drawing = _draw(mermaid, text)
    assert [(entity.name, entity.attributes) for entity in drawing.entities] == [
        ("customers", ()), ("orders", ()), ("log", ()),
    ]  # fmt: skip
    assert len(drawing.edges) == 1


def test_attributes_false_is_still_names_only():
    for schema in (_shop(), demo_schema()):
        bare = generate(schema, MermaidOptions(attributes=False))
        assert bare == generate(schema, MermaidOptions(detail="names"))
        # attributes=False wins over a detail level (older callers pass only that).
        assert bare == generate(schema, MermaidOptions(attributes=False, detail="keys"))
    assert MermaidOptions().level == "all"


def test_an_unknown_detail_level_is_refused():
    with pytest.raises(ValueError, match="detail must be one of all, keys, names"):
        MermaidOptions(detail="columns")


def test_the_levels_keep_the_same_entity_ids_and_focus(mermaid):
    schema = _shop()
    customers = schema.tables[0].qname
    for detail in DETAIL_LEVELS:
        drawing = _draw(mermaid, generate(schema, MermaidOptions(focus=customers, detail=detail)))
        assert [entity.id for entity in drawing.entities] == ["customers", "orders"]


@settings(max_examples=examples(30))
@given(schemas())
def test_every_level_of_a_generated_schema_parses_and_keys_are_a_subset(mermaid, schema):
    texts = [generate(schema, MermaidOptions(detail=detail)) for detail in DETAIL_LEVELS]
    assert mermaid.parse_many(texts) == [None] * len(texts)
    # Each level's lines, an entity's head without the brace that opens its attributes.
    every, keys, names = (
        [line.removesuffix(" {") for line in text.splitlines() if line != "    }"] for text in texts
    )
    # Keys only: lines of the full text, each attribute with a marker; the same
    # entities and relationships at every level.
    assert set(keys) <= set(every)
    assert set(names) <= set(every)
    heads = [line for line in every if not line.startswith("        ")]
    assert [line for line in keys if not line.startswith("        ")] == heads
    assert names == heads
    attribute_lines = [line for line in keys if line.startswith("        ")]
    assert all(any(f" {m}" in line for m in ("PK", "FK", "UK")) for line in attribute_lines)
    assert not [line for line in names if line.startswith("        ")]
    assert len(entity_ids(schema)) == len(schema.tables)


# -- the erd view -------------------------------------------------------------------


@pytest.fixture
def shop_project(db):
    return create_project(name="Shop", slug="shop", schema=_shop())


def _erd_text(client, **params) -> str:
    response = client.get("/projects/shop/erd/", params)
    assert response.status_code == 200
    return response.context["text"]


@pytest.mark.django_db
def test_the_erd_view_draws_the_detail_level_asked_for(client, shop_project):
    assert "nickname" in _erd_text(client)
    assert "nickname" in _erd_text(client, detail="all")
    keys = _erd_text(client, detail="keys")
    assert "email UK" in keys and "nickname" not in keys
    assert "{" not in _erd_text(client, detail="names").replace("o{", "")


@pytest.mark.django_db
@pytest.mark.parametrize("detail", ["columns", "", "NAMES", "<script>", "k" * 5000])
def test_an_unknown_detail_level_in_the_request_is_all_columns(client, shop_project, detail):
    assert _erd_text(client, detail=detail) == _erd_text(client, detail="all")


@pytest.mark.django_db
def test_the_erd_view_caches_each_level_apart(client, shop_project):
    texts = {detail: _erd_text(client, detail=detail) for detail in DETAIL_LEVELS}
    assert len(set(texts.values())) == 3
    # Asked again, in another order: each level still its own text.
    for detail in reversed(DETAIL_LEVELS):
        assert _erd_text(client, detail=detail) == texts[detail]


@pytest.mark.django_db
def test_the_erd_view_offers_every_entity_to_the_search(client, shop_project):
    response = client.get("/projects/shop/erd/", {"detail": "names"})
    names = response.context["names"]
    assert [entry["name"] for entry in names] == ["customers", "orders", "log"]
    assert [entry["entity"] for entry in names] == ["customers", "orders", "log"]
    for entry in names:
        uuid.UUID(entry["url"].rstrip("/").rsplit("/", 1)[1])  # an entity's own URL
    assert b'id="erd-names"' in response.content


# -- a saved diagram view -----------------------------------------------------------


@pytest.fixture
def viewed_project(db):
    schema = _shop()
    orders = DiagramView(id=_id("view"), name="Orders", mode="tables", tables=(_id("orders"),))
    return create_project(name="Shop", slug="shop", schema=replace(schema, diagram_views=(orders,)))


def _entities(text: str) -> list[str]:
    """The entity ids a diagram's text declares, in order."""
    return re.findall(r"^    ([A-Za-z0-9_]+)(?:\[|\s*\{|$)", text, flags=re.MULTILINE)


@pytest.mark.django_db
def test_the_erd_view_draws_a_saved_view_in_the_detail_asked_for(client, viewed_project):
    view = _id("view")
    assert _entities(_erd_text(client)) == ["customers", "orders", "log"]
    assert _entities(_erd_text(client, view=view)) == ["orders"]
    keys = _erd_text(client, view=view, detail="keys")
    assert _entities(keys) == ["orders"] and "placed_at" not in keys and "code UK" in keys
    # Focus applies within the view: an entity outside it leaves the whole view drawn.
    customers = str(load_schema(viewed_project).tables[0].id)
    assert _erd_text(client, view=view, focus="1", entity=customers) == _erd_text(client, view=view)
    # Every entity is still offered to the search; the one outside has no diagram id.
    names = client.get("/projects/shop/erd/", {"view": view}).context["names"]
    assert [(entry["name"], entry["entity"]) for entry in names] == [
        ("customers", ""), ("orders", "orders"), ("log", ""),
    ]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["", "no-such-view", "<script>", "v" * 5000])
def test_an_unknown_view_draws_the_whole_design(client, viewed_project, view):
    assert _erd_text(client, view=view) == _erd_text(client)
