"""The quick-add line's parser (designer.schema.quick_add): items, errors, properties,
and PostgreSQL taking the DDL of what it adds."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.generators.ddl import generate
from designer.operations import (
    AddCheck,
    AddEntity,
    AddEnum,
    AddField,
    AddIndex,
    AddManyToMany,
    AddRelationship,
    AddUnique,
    run,
)
from designer.schema.model import Schema
from designer.schema.quick_add import QuickAddError, parse, split_items
from tests.support.examples import examples


def shop() -> tuple[Schema, dict[str, str]]:
    """customers, products and an enum, made by the operations the editor uses."""
    schema = Schema(name="shop")
    ids = {}
    operations = [AddEnum("order_status", ("new", "paid"))]
    for name in ("customers", "products", "orders"):
        operation = AddEntity(name)
        ids[name] = operation.id
        operations.append(operation)
    return run(schema, operations).after, ids


def kinds(operations) -> list[str]:
    return [type(operation).__name__ for operation in operations]


def test_columns_constraints_references_links_and_indexes():
    schema, ids = shop()
    line = (
        "email varchar(255) not null unique, price numeric(10,2) not null check (price >= 0), "
        "status order_status not null default 'new', tags text[], "
        "buyer_id -> customers, -> products?, <-> products, "
        "unique (email, price), check (price < 1000000), "
        "index (status, price) where status <> 'paid', unique index (lower(email))"
    )
    operations = parse(line, schema, ids["orders"])
    assert kinds(operations) == [
        "AddField", "AddField", "AddField", "AddField", "AddRelationship", "AddRelationship",
        "AddManyToMany", "AddUnique", "AddCheck", "AddIndex", "AddIndex",
    ]  # fmt: skip
    email, price, status, tags = (op.values for op in operations[:4])
    assert (email["data_type"], email["length"], email["unique"], email["nullable"]) == (
        "varchar",
        255,
        True,
        False,
    )
    assert (price["precision"], price["scale"], price["check_expression"]) == (10, 2, "price >= 0")
    assert status["data_type"] == "enum" and status["default"] == "'new'"
    assert status["enum_type"] == schema.enums[0].id
    assert tags["is_array"] and tags["data_type"] == "text"
    buyer, product = operations[4], operations[5]
    assert isinstance(buyer, AddRelationship) and buyer.column_name == "buyer_id"
    assert buyer.required and not product.required and product.column_name == ""
    assert isinstance(operations[6], AddManyToMany)
    assert isinstance(operations[7], AddUnique) and operations[7].columns == ("email", "price")
    assert isinstance(operations[8], AddCheck)
    partial, expression = operations[9], operations[10]
    assert isinstance(partial, AddIndex) and partial.where == "status <> 'paid'"
    assert expression.unique and expression.elements[0]["expression"] == "lower(email)"
    after = run(schema, operations).after
    orders = next(table for table in after.tables if table.name == "orders")
    assert {"email", "product_id", "buyer_id"} <= set(orders.columns_by_name)


def test_commas_inside_parentheses_and_quotes_do_not_split():
    items = split_items("a numeric(10,2) default 1.5, b text default 'x,y', \"c,d\" int")
    assert [item.text for item in items] == [
        "a numeric(10,2) default 1.5",
        "b text default 'x,y'",
        '"c,d" int',
    ]


@pytest.mark.parametrize(
    ("line", "item", "words"),
    [
        ("a int, b kilograms", 2, "no type kilograms"),
        ("a int, a text", 2, "already has a field named “a”"),
        ("x -> nowhere", 1, "no entity named nowhere"),
        ("a int,, b int", 2, "Nothing between two commas"),
        ("n int references customers", 1, "n -> table"),
        ("index (a); drop table customers", 1, "without a semicolon"),
        ("primary key (id)", 1, "Only unique (...) and check (...)"),
        ("unique (nope)", 1, "no field named “nope”"),
        ("a int check (b > 0)", 1, "no field named “b”"),
        ("a int generated always as (1) stored", 1, "cannot hold this"),
        ("a int default (", 1, "PostgreSQL cannot read this"),
    ],
)
def test_a_wrong_item_is_named_with_the_reason(line, item, words):
    schema, ids = shop()
    with pytest.raises(QuickAddError) as raised:
        parse(line, schema, ids["orders"])
    assert raised.value.item == item
    assert words in str(raised.value)


def test_an_unterminated_quote_is_said_plainly():
    schema, ids = shop()
    with pytest.raises(QuickAddError, match="cannot read this line"):
        parse("a text default 'oops", schema, ids["orders"])


# -- properties ----------------------------------------------------------------------

NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(
    lambda name: name not in {"id", "created_at", "updated_at"}
)
TYPES = st.sampled_from(
    ["integer", "bigint", "text", "varchar(40)", "numeric(12,3)", "boolean", "date",
     "timestamptz", "uuid", "jsonb", "text[]", "order_status", "char(2)", "time(3)"]
)  # fmt: skip
MODIFIERS = st.lists(
    st.sampled_from(["not null", "null", "unique", "default 0", "check (1 = 1)"]),
    max_size=2,
    unique=True,
)


@st.composite
def valid_lines(draw) -> str:
    names = draw(st.lists(NAMES, min_size=1, max_size=5, unique=True))
    items = []
    for name in names:
        column_type = draw(TYPES)
        modifiers = [
            m
            for m in draw(MODIFIERS)
            if not (m == "default 0" and column_type not in {"integer", "bigint", "numeric(12,3)"})
        ]
        items.append(" ".join([name, column_type, *modifiers]))
    extras = draw(
        st.lists(
            st.sampled_from(
                ["-> customers", "-> products?", "<-> customers",
                 f"unique ({names[0]})", f"index ({names[0]})",
                 f"index ({names[-1]}) where {names[-1]} is not null"]
            ),
            max_size=3,
            unique=True,
        )
    )  # fmt: skip
    return ", ".join(items + extras)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=valid_lines())
def test_valid_lines_give_operations_that_apply(line):
    schema, ids = shop()
    operations = parse(line, schema, ids["orders"])
    assert operations and isinstance(operations[0], AddField)
    run(schema, operations)  # the same as the editor's write path runs them


@settings(max_examples=examples(150), deadline=None)
@given(line=st.text(max_size=80))
def test_any_text_gives_operations_or_the_modules_error(line):
    schema, ids = shop()
    try:
        parse(line, schema, ids["orders"])
    except QuickAddError as error:
        assert error.message


@settings(max_examples=examples(150), deadline=None)
@given(
    line=st.lists(
        st.sampled_from(
            ["a int", "->", "<->", "(", ")", ",", "'", '"', "index", "unique", "check",
             "customers", "?", "where", "x", "numeric(1,2)", "default", ";", "[]"]
        ),
        max_size=12,
    ).map(" ".join)
)  # fmt: skip
def test_sql_looking_noise_gives_operations_or_the_modules_error(line):
    schema, ids = shop()
    try:
        parse(line, schema, ids["orders"])
    except QuickAddError as error:
        assert error.message


@pytest.mark.postgres
def test_the_ddl_of_a_quick_added_design_applies_on_postgresql(pg_db):
    schema, ids = shop()
    line = (
        "email varchar(255) not null unique, price numeric(10,2) not null check (price >= 0), "
        "status order_status not null default 'new', tags text[], -> customers, "
        "<-> products, unique (email, price), index (status) where status <> 'paid', "
        "index using gin (tags), unique index (lower(email))"
    )
    after = run(schema, parse(line, schema, ids["orders"])).after
    pg_db.run(generate(after))
    columns = pg_db.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'orders'"
    )
    assert {"email", "price", "status", "tags", "customer_id"} <= {row[0] for row in columns}
