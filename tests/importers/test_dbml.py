"""The DBML importer: every construct of the files in tests/importers/dbml, and every
failure as an ImportFailure that says where — never another exception."""

from __future__ import annotations

import contextlib
import html
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer import models
from designer.importers.dbml import (
    MAX_DBML_BYTES,
    DbmlSyntaxError,
    import_dbml,
    looks_like_dbml,
)
from designer.importers.summary import ImportFailure
from designer.schema.model import (
    Action,
    ColumnType,
    Generated,
    IndexMethod,
    QName,
    RelationshipKind,
)
from designer.schema.validation import validate
from designer.store import load_schema
from tests.support.examples import examples

FILES = Path(__file__).parent / "dbml"
SHOP = (FILES / "shop.dbml").read_text()
SALES = "sales"


@pytest.fixture(scope="module")
def shop():
    return import_dbml(SHOP)


def _table(schema, name: str, in_schema: str = "public"):
    return schema.table(QName(in_schema, name))


def _relationship(schema, from_table: QName, columns: tuple[str, ...]):
    return next(
        r for r in schema.relationships if r.from_table == from_table and r.from_columns == columns
    )


def test_the_shop_imports_as_a_valid_design(shop):
    assert validate(shop.schema) == []
    assert shop.schema.name == "shop"
    assert [str(t.qname) for t in shop.schema.tables] == [
        "customers",
        "products",
        "sales.orders",
        "sales.order_items",
        "sales.invoices",
        "categories",
        "products_categories",
    ]


def test_the_project_gives_the_description_and_the_extensions(shop):
    assert shop.schema.description == "The shop's schema.\nCustomers, products and their orders."
    assert shop.schema.extensions == ("pg_trgm",)


def test_columns_keep_type_key_nullability_default_identity_and_note(shop):
    customers = _table(shop.schema, "customers")
    assert customers.primary_key.columns == ("id",)
    assert customers.description == "People who buy."
    ident = customers.column("id")
    assert (ident.type, ident.nullable, ident.generated) == (
        ColumnType("bigint"),
        False,
        Generated.IDENTITY_BY_DEFAULT,
    )
    email = customers.column("email")
    assert (email.type, email.nullable, email.unique, email.description) == (
        ColumnType("varchar", length=255),
        False,
        True,
        "Sign-in address.",
    )
    assert customers.column("full_name").nullable
    assert customers.column("created_at").default == "now()"
    assert customers.column("tier").default == "1"
    assert customers.column("active").default == "true"  # as written
    assert customers.column("country").type == ColumnType("char", length=2)
    assert customers.column("country").default == "'FR'"
    products = _table(shop.schema, "products")
    assert products.column("price").type == ColumnType("numeric", precision=10, scale=2)
    assert products.column("tags").type == ColumnType("text", array=True)
    assert products.description == "Things we sell."  # the Note { ... } form


def test_enums_keep_schema_values_and_notes(shop):
    (enum,) = shop.schema.enums
    assert enum.qname == QName(SALES, "order_status")
    assert enum.values == ("pending", "paid", "shipped", "on hold")
    # DBML enums have no note: the comment above, then the values' notes.
    assert enum.description == "Where an order is in its life.\npending: Waiting for payment"
    status = _table(shop.schema, "orders", SALES).column("status")
    assert status.type == ColumnType("enum", enum=QName(SALES, "order_status"))
    assert status.default == "'pending'"


def test_indexes_keep_columns_expressions_names_methods_uniqueness_and_notes(shop):
    customers = _table(shop.schema, "customers")
    lower, trigram = customers.indexes
    assert lower.elements[0].expression == "lower(email)"
    assert (lower.name, lower.rationale) == ("customers_email_lower_idx", "Case-blind sign-in.")
    assert trigram.method is IndexMethod.GIN
    assert trigram.elements[0].opclass == "gin_trgm_ops"
    products = _table(shop.schema, "products")
    unique, price, title = products.indexes
    assert unique.unique and unique.name == "products_code_title_key"
    assert unique.column_names == ("code", "title")
    assert price.method is IndexMethod.BTREE and price.column_names == ("price",)
    assert title.elements[0].column == "title" and title.elements[0].descending


def test_a_composite_primary_key_comes_from_indexes(shop):
    items = _table(shop.schema, "order_items", SALES)
    assert items.primary_key.columns == ("order_id", "line")
    assert [index.column_names for index in items.indexes] == [("product_id",)]


def test_references_inline_and_in_blocks_with_names_actions_and_kinds(shop):
    schema = shop.schema
    inline = _relationship(schema, QName(SALES, "orders"), ("customer_id",))
    assert (inline.to_table, inline.to_columns) == (QName("public", "customers"), ("id",))
    named = _relationship(schema, QName(SALES, "order_items"), ("order_id",))
    assert (named.name, named.on_delete) == ("order_items_order", Action.CASCADE)
    # ``products.id < order_items.product_id``: the key is on the right-hand side.
    reverse = _relationship(schema, QName(SALES, "order_items"), ("product_id",))
    assert reverse.to_table == QName("public", "products")
    assert (reverse.on_delete, reverse.on_update) == (Action.RESTRICT, Action.CASCADE)
    one = _relationship(schema, QName(SALES, "invoices"), ("order_id",))
    assert one.kind is RelationshipKind.ONE_TO_ONE and one.on_delete is Action.SET_NULL
    # one-to-one: the referencing column is made unique, as the editor does.
    assert _table(schema, "invoices", SALES).column("order_id").unique


def test_a_many_to_many_becomes_the_editors_junction_table(shop):
    (link,) = shop.schema.many_to_many
    assert (link.left, link.right, link.through) == (
        QName("public", "products"),
        QName("public", "categories"),
        QName("public", "products_categories"),
    )
    junction = _table(shop.schema, "products_categories")
    assert junction.primary_key.columns == ("product_id", "category_id")
    sides = [r for r in shop.schema.relationships if r.from_table == junction.qname]
    assert {r.to_table.name for r in sides} == {"products", "categories"}
    assert all(r.on_delete is Action.CASCADE for r in sides)


def test_what_the_model_cannot_hold_is_listed(shop):
    lines = shop.lines()
    assert "skipped: 1 table group: selling (sales.orders, sales.order_items)" in lines
    assert "skipped: 1 table option: customers (header colour #3498DB)" in lines
    assert any("values' notes are kept in its description" in line for line in lines)


def test_a_project_for_another_database_is_a_warning():
    result = import_dbml("Project p {\n  database_type: 'MySQL'\n}\nTable t {\n  d datetime\n}\n")
    assert _table(result.schema, "t").column("d").type == ColumnType("timestamp")
    assert "warning: the DBML is for MySQL: its types are read as PostgreSQL's" in result.lines()
    assert any("datetime read as timestamp" in line for line in result.lines())
    assert result.schema.name == "p"


def test_a_name_given_wins_over_the_projects():
    assert import_dbml("Table t {\n  id int\n}\n", name="mine").schema.name == "mine"
    assert import_dbml("Table t {\n  id int\n}\n").schema.name == "Imported schema"


def test_only_the_chosen_schemas_are_kept():
    result = import_dbml(SHOP, schemas=["public"])
    assert {t.schema for t in result.schema.tables} == {"public"}
    assert any(line.startswith("skipped:") and "sales.orders" in line for line in result.lines())


# --- failures --------------------------------------------------------------------------------


def test_a_syntax_error_names_the_line_and_the_column():
    with pytest.raises(DbmlSyntaxError) as caught:
        import_dbml((FILES / "missing_bracket.dbml").read_text())
    assert (caught.value.line, caught.value.column) == (4, 1)
    assert str(caught.value).startswith("DBML syntax error at line 4, column 1 ('}')")


def test_a_syntax_error_inside_a_setting_points_at_it():
    with pytest.raises(DbmlSyntaxError) as caught:
        import_dbml("Table t {\n  id int [default: -1]\n}\n")
    assert (caught.value.line, caught.value.column) == (2, 20)


def test_a_reference_to_a_missing_table_names_its_line():
    with pytest.raises(ImportFailure, match=r"people not present.*\(line 7\)"):
        import_dbml((FILES / "unknown_table.dbml").read_text())


def test_a_default_that_is_not_one_expression_is_refused_with_its_line():
    with pytest.raises(ImportFailure, match=r"default of users.score \(line 3\).*semicolon"):
        import_dbml((FILES / "bad_default.dbml").read_text())


def test_an_index_key_that_is_not_one_key_is_refused_with_its_line():
    with pytest.raises(ImportFailure, match=r"index key `email, id` of users \(line 6\)"):
        import_dbml((FILES / "bad_index_key.dbml").read_text())


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x00\x01Table", "binary"),
        (b"\xff\xfeTable", "not UTF-8"),
        ("Project p {\n}\n", "no tables or enums"),
        ("Table t {\n}\n", "has no columns"),
        ("Table t {\n  id int\n}\nTable t {\n  id int\n}\n", "cannot be read"),
        ("Table t {\n  id int\n  x int [ref: > t.nope]\n}\n", "cannot be read"),
    ],
)
def test_bad_input_is_an_import_failure(source, message):
    with pytest.raises(ImportFailure, match=message):
        import_dbml(source)


def test_a_file_over_the_limit_is_refused_at_once():
    with pytest.raises(ImportFailure, match="DBML files up to"):
        import_dbml(b"Table t {\n  id int\n}\n" + b"//" * MAX_DBML_BYTES)


def test_deep_nesting_is_an_import_failure():
    deep = "(" * 3000 + ")" * 3000
    with pytest.raises(ImportFailure):
        import_dbml(f"Table t {{\n  id int{deep}\n}}\n")
    with pytest.raises(ImportFailure):
        import_dbml(f"Table t {{\n  id int [default: `{deep}`]\n}}\n")


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_imports_or_fails_as_an_import_failure(text):
    with contextlib.suppress(ImportFailure):
        import_dbml(text)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_dbml_file_imports_or_fails_as_an_import_failure(data):
    """The shop with a few characters cut, doubled or replaced: pydbml meets every kind of
    half-written construct."""
    text = SHOP
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text) - 1))
        change = data.draw(st.sampled_from(["cut", "double", "replace"]))
        if change == "cut":
            text = text[:at] + text[at + data.draw(st.integers(1, 20)) :]
        elif change == "double":
            text = text[:at] + text[at : at + 30] + text[at:]
        else:
            text = text[:at] + data.draw(st.sampled_from("{}[]()<>-:'`\"\n,.")) + text[at + 1 :]
    try:
        result = import_dbml(text)
    except ImportFailure:
        return
    assert validate(result.schema) == []


def test_dbml_is_told_from_sql():
    assert looks_like_dbml(SHOP)
    assert looks_like_dbml(b"Table users {\n  id int\n}")
    assert looks_like_dbml("/* c */ Ref: a.b > c.d")
    assert not looks_like_dbml("CREATE TABLE t (id int);")
    assert not looks_like_dbml("-- Table of users\nCREATE TABLE users (id int);")
    assert not looks_like_dbml('{"format": "pg-schema-designer"}')


# --- the Import page ----------------------------------------------------------------------


def _start(client, **data):
    data.setdefault("target", "new")
    return client.post(reverse("designer:import"), data)


def _page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_a_dbml_file_is_previewed_then_created_all_or_nothing(client):
    upload = SimpleUploadedFile("shop.dbml", SHOP.encode())
    response = _start(client, source="file", file=upload, language="auto")
    assert response.status_code == 302, _page_text(response)[:2000]
    preview = _page_text(client.get(response["Location"]))
    assert "Read from shop.dbml. Nothing is saved yet." in preview
    assert "skipped: 1 table group: selling" in preview
    assert models.Project.objects.count() == 0
    client.post(response["Location"], {"slug": "shop"})
    schema = load_schema(models.Project.objects.get(slug="shop"))
    assert len(schema.tables) == 7 and len(schema.many_to_many) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["auto", "dbml"])
def test_pasted_dbml_is_recognised_or_chosen(client, language):
    text = "// a comment first\nTable t {\n  id bigint [pk]\n}\n"
    response = _start(client, source="paste", sql=text, language=language)
    assert response.status_code == 302, _page_text(response)[:2000]
    assert "Read from pasted DBML." in _page_text(client.get(response["Location"]))
    client.post(response["Location"], {"slug": "pasted"})
    assert [t.name for t in load_schema(models.Project.objects.get(slug="pasted")).tables] == ["t"]


@pytest.mark.django_db
def test_a_dbml_syntax_error_on_the_page_says_where_and_keeps_the_text(client):
    text = (FILES / "missing_bracket.dbml").read_text()
    response = _start(client, source="paste", sql=text, language="auto")
    assert response.status_code == 200
    page = _page_text(response)
    assert "DBML syntax error at line 4, column 1" in page
    assert "email varchar(255) [not null" in page  # what was typed is kept
    assert models.ImportDraft.objects.count() == 0


@pytest.mark.django_db
def test_dbml_text_read_as_sql_when_sql_is_chosen(client):
    response = _start(client, source="paste", sql="Table t {\n  id int\n}\n", language="sql")
    assert response.status_code == 200
    assert "syntax error at line 1" in _page_text(response)
