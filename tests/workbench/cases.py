"""The query workbench's fixture set: small, realistic designs with one query each, the
rows to load, and what the analysis (``designer.workbench.analysis``) must say about
every table the query reads — the index it suggests, or the existing index that serves.

``tests/workbench/test_proof_postgres.py`` proves each case on a real PostgreSQL (the
plan before and after the suggestion); ``tests/workbench/test_cases_static.py`` checks
the cases themselves. Data distributions are chosen so that an index is PostgreSQL's own
choice once it exists (a selective predicate, a small LIMIT); where a case needs a
particular distribution its data says why.

Index keys are written as the DDL writes them, one string a key: ``"created_at DESC"``,
``"lower(email)"``, ``"name gin_trgm_ops"``, ``"published_at DESC NULLS LAST"``.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from pglast import parse_sql
from pglast.stream import RawStream

from designer.schema.model import (
    Column,
    ColumnType,
    Generated,
    Index,
    IndexElement,
    IndexMethod,
    KeyStrategy,
    NullsOrder,
    PrimaryKey,
    QName,
    Relationship,
    Schema,
    Table,
    UniqueConstraint,
)

_NAMESPACE = uuid.UUID("2f7d0a57-7f0c-4a4e-9a43-1b3c6e0d9a11")


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


# -- index keys as text ----------------------------------------------------------------

_KEY = re.compile(
    r"^(?P<target>\S+?)(?: (?P<opclass>\w+_ops))?(?: (?P<dir>ASC|DESC))?"
    r"(?: NULLS (?P<nulls>FIRST|LAST))?$"
)


def element(text: str) -> IndexElement:
    """``"created_at DESC NULLS LAST"`` as a model index key."""
    match = _KEY.match(text)
    if match is None:
        raise ValueError(f"not an index key: {text!r}")
    target = match["target"]
    is_column = re.fullmatch(r"[a-z_][a-z0-9_]*", target) is not None
    return IndexElement(
        column=target if is_column else None,
        expression=None if is_column else target,
        descending=match["dir"] == "DESC",
        nulls=NullsOrder(match["nulls"].lower()) if match["nulls"] else NullsOrder.DEFAULT,
        opclass=match["opclass"],
    )


def _normal_expression(text: str) -> str:
    """An index expression as pglast deparses it, without spaces."""
    (statement,) = parse_sql(f"SELECT {text}")
    return re.sub(r"\s+", "", RawStream()(statement.stmt.targetList[0].val))


def key_text(item: IndexElement) -> str:
    """An index key in the one spelling the cases use: NULLS only when it is not the
    direction's default (ASC NULLS LAST, DESC NULLS FIRST), no ``ASC``, the expression
    without spaces or outer parentheses, the operator class without a schema."""
    text = item.column if item.column is not None else _normal_expression(item.expression or "")
    if item.opclass:
        text += " " + item.opclass.split(".")[-1]
    if item.descending:
        text += " DESC"
    default_nulls = NullsOrder.FIRST if item.descending else NullsOrder.LAST
    if item.nulls is not NullsOrder.DEFAULT and item.nulls is not default_nulls:
        text += f" NULLS {item.nulls.value.upper()}"
    return text


def reversed_key(text: str) -> str:
    """The key scanned backwards: ``a`` ↔ ``a DESC``, ``a DESC NULLS LAST`` ↔ ``a NULLS FIRST``."""
    item = element(text)
    default_nulls = NullsOrder.FIRST if item.descending else NullsOrder.LAST
    nulls = default_nulls if item.nulls is NullsOrder.DEFAULT else item.nulls
    flipped = NullsOrder.LAST if nulls is NullsOrder.FIRST else NullsOrder.FIRST
    return key_text(
        IndexElement(item.column, item.expression, not item.descending, flipped, item.opclass)
    )


# -- designs ---------------------------------------------------------------------------


def _col(table: str, name: str, base: str, nullable: bool = True, **type_args) -> Column:
    return Column(_id(table, name), name, ColumnType(base, **type_args), nullable=nullable)


def _id_column(table: str) -> Column:
    return Column(
        _id(table, "id"),
        "id",
        ColumnType("bigint"),
        nullable=False,
        generated=Generated.IDENTITY_BY_DEFAULT,
    )


# Each table's columns after its ``id`` (bigint identity primary key).
_COLUMNS: dict[str, list[tuple]] = {
    "customers": [
        ("email", "varchar", False, {"length": 255}),
        ("name", "varchar", False, {"length": 100}),
        ("country", "varchar", False, {"length": 2}),
        ("created_at", "timestamptz", False, {}),
        ("deleted_at", "timestamptz", True, {}),
    ],
    "orders": [
        ("customer_id", "bigint", False, {}),
        ("status", "varchar", False, {"length": 20}),
        ("total", "numeric", False, {"precision": 12, "scale": 2}),
        ("created_at", "timestamptz", False, {}),
        ("shipped_at", "timestamptz", True, {}),
        ("note", "text", True, {}),
    ],
    "order_items": [
        ("order_id", "bigint", False, {}),
        ("product_id", "bigint", False, {}),
        ("quantity", "integer", False, {}),
        ("unit_price", "numeric", False, {"precision": 12, "scale": 2}),
    ],
    "products": [
        ("sku", "varchar", False, {"length": 40}),
        ("name", "varchar", False, {"length": 200}),
        ("category", "varchar", False, {"length": 40}),
        ("price", "numeric", False, {"precision": 12, "scale": 2}),
        ("active", "boolean", False, {}),
    ],
    "users": [
        ("email", "varchar", False, {"length": 255}),
        ("username", "varchar", False, {"length": 50}),
        ("created_at", "timestamptz", False, {}),
        ("deleted_at", "timestamptz", True, {}),
    ],
    "events": [
        ("user_id", "bigint", False, {}),
        ("kind", "varchar", False, {"length": 40}),
        ("occurred_at", "timestamptz", False, {}),
        ("processed", "boolean", False, {}),
    ],
    "tickets": [
        ("status", "varchar", False, {"length": 20}),
        ("priority", "integer", False, {}),
        ("assignee_id", "bigint", True, {}),
        ("title", "varchar", False, {"length": 200}),
        ("created_at", "timestamptz", False, {}),
    ],
    "articles": [
        ("author_id", "bigint", False, {}),
        ("title", "varchar", False, {"length": 200}),
        ("body", "text", True, {}),
        ("published_at", "timestamptz", True, {}),
    ],
    "todos": [
        ("user_id", "bigint", False, {}),
        ("title", "varchar", False, {"length": 200}),
        ("completed", "boolean", False, {}),
        ("due_date", "date", True, {}),
    ],
}

# Foreign keys: (from table, column, to table); added when both tables are in a design.
_FOREIGN_KEYS = [
    ("orders", "customer_id", "customers"),
    ("order_items", "order_id", "orders"),
    ("order_items", "product_id", "products"),
    ("events", "user_id", "users"),
    ("tickets", "assignee_id", "users"),
    ("articles", "author_id", "users"),
    ("todos", "user_id", "users"),
]


@dataclass(frozen=True)
class Idx:
    """An index the design already has (the DDL names it ``ix_<table>_<keys>``)."""

    keys: tuple[str, ...]
    where: str | None = None
    include: tuple[str, ...] = ()
    method: IndexMethod = IndexMethod.BTREE


def ix(*keys: str, where: str | None = None, include: tuple[str, ...] = (), gin=False) -> Idx:
    return Idx(keys, where, include, IndexMethod.GIN if gin else IndexMethod.BTREE)


def table(
    name: str,
    *,
    indexes: tuple[Idx, ...] = (),
    unique: tuple[str | tuple[str, ...], ...] = (),
    case: str = "",
) -> Table:
    """A table of ``_COLUMNS`` with a bigint identity key, ``unique`` columns or column
    tuples (a UNIQUE constraint each) and ``indexes``. Ids depend on ``case`` too (every
    case its own)."""
    columns = (
        _id_column(f"{case}.{name}"),
        *(
            _col(f"{case}.{name}", column, base, nullable, **args)
            for column, base, nullable, args in _COLUMNS[name]
        ),
    )
    return Table(
        id=_id(case, name),
        name=name,
        columns=columns,
        primary_key=PrimaryKey(("id",)),
        uniques=tuple(
            UniqueConstraint(_id(case, name, "unique", *columns), columns)
            for columns in (item if isinstance(item, tuple) else (item,) for item in unique)
        ),
        indexes=tuple(
            Index(
                id=_id(case, name, "index", str(position)),
                elements=tuple(element(key) for key in item.keys),
                method=item.method,
                where=item.where,
                include=item.include,
            )
            for position, item in enumerate(indexes)
        ),
    )


def design(case: str, *tables: Table, extensions: tuple[str, ...] = ()) -> Schema:
    names = {item.name for item in tables}
    relationships = tuple(
        Relationship(
            id=_id(case, "fk", source, column),
            from_table=QName("public", source),
            from_columns=(column,),
            to_table=QName("public", target),
            to_columns=("id",),
        )
        for source, column, target in _FOREIGN_KEYS
        if source in names and target in names
    )
    return Schema(
        name=case,
        key_strategy=KeyStrategy.IDENTITY,
        timestamps_default=False,
        extensions=extensions,
        tables=tables,
        relationships=relationships,
    )


# -- generated rows --------------------------------------------------------------------
# ``g`` runs 1..n; ids are given explicitly so that foreign keys line up.


def customers_rows(n: int = 5000) -> str:
    # Emails are unique; 1 name in 500 contains "Smith" (hex digits never do); 2% are
    # soft-deleted.
    return f"""
INSERT INTO customers (id, email, name, country, created_at, deleted_at)
SELECT g, 'customer' || g || '@example.com',
       CASE WHEN g % 500 = 0 THEN 'Anna Smith ' || g
            ELSE 'Customer ' || substr(md5(g::text), 1, 10) END,
       (ARRAY['DE','FR','US','GB','NL','IT','ES','PL','SE','DK'])[1 + g % 10],
       timestamptz '2022-01-01' + g * interval '7 minutes',
       CASE WHEN g % 50 = 0 THEN timestamptz '2024-06-01' END
FROM generate_series(1, {n}) g;"""


def orders_rows(n: int = 50000, customers: int = 5000) -> str:
    # Status: 1% 'open', 4% 'pending', 5% 'cancelled', 90% 'delivered'; created_at
    # every 20 minutes from 2023-01-01 (about two years); each customer has n/customers.
    return f"""
INSERT INTO orders (id, customer_id, status, total, created_at, shipped_at, note)
SELECT g, 1 + g % {customers},
       CASE WHEN g % 100 = 0 THEN 'open' WHEN g % 100 < 5 THEN 'pending'
            WHEN g % 100 < 10 THEN 'cancelled' ELSE 'delivered' END,
       (g % 997) + 0.99,
       timestamptz '2023-01-01' + g * interval '20 minutes',
       CASE WHEN g % 100 >= 10 THEN timestamptz '2023-01-02' + g * interval '20 minutes' END,
       CASE WHEN g % 7 = 0 THEN 'gift wrap please' END
FROM generate_series(1, {n}) g;"""


def products_rows(n: int = 50000) -> str:
    # SKUs 'SKU-000001'...; 1 name in 500 contains 'blue' (hex digits never do).
    return f"""
INSERT INTO products (id, sku, name, category, price, active)
SELECT g, 'SKU-' || lpad(g::text, 6, '0'),
       CASE WHEN g % 500 = 0 THEN 'Navy blue mug ' || g
            ELSE 'Item ' || substr(md5(g::text), 1, 10) END,
       'category-' || (g % 20), (g % 1000) + 0.99, g % 20 <> 0
FROM generate_series(1, {n}) g;"""


def order_items_rows(n: int = 50000, orders: int = 20000, products: int = 2000) -> str:
    # 2-3 items an order, no product twice in one order (while n <= orders * 7).
    return f"""
INSERT INTO order_items (id, order_id, product_id, quantity, unit_price)
SELECT g, 1 + g % {orders}, 1 + (g * 7 + g / {orders}) % {products}, 1 + g % 5,
       (g % 300) + 0.5
FROM generate_series(1, {n}) g;"""


def users_rows(n: int = 50000) -> str:
    # Emails in mixed case ('User42@Example.com'), so lower(email) matters; 5% deleted.
    return f"""
INSERT INTO users (id, email, username, created_at, deleted_at)
SELECT g, 'User' || g || '@Example.com', 'user_' || g,
       timestamptz '2021-01-01' + g * interval '30 minutes',
       CASE WHEN g % 20 = 0 THEN timestamptz '2024-01-01' END
FROM generate_series(1, {n}) g;"""


def events_rows(n: int = 50000, users: int = 1000) -> str:
    # 50 events a user, 10 kinds spread over each user's events, one a minute from
    # 2024-01-01; 1% not yet processed.
    return f"""
INSERT INTO events (id, user_id, kind, occurred_at, processed)
SELECT g, 1 + g % {users},
       (ARRAY['login','logout','view','click','search','cart','purchase','refund',
              'share','review'])[1 + (g / {users}) % 10],
       timestamptz '2024-01-01' + g * interval '1 minute', g % 100 <> 0
FROM generate_series(1, {n}) g;"""


def tickets_rows(n: int = 50000, users: int = 500) -> str:
    # 1% 'open', 4% 'in_progress', 95% 'closed'; 1 in 97 unassigned; priority 1..5.
    return f"""
INSERT INTO tickets (id, status, priority, assignee_id, title, created_at)
SELECT g,
       CASE WHEN g % 100 = 0 THEN 'open' WHEN g % 100 < 5 THEN 'in_progress'
            ELSE 'closed' END,
       1 + g % 5, CASE WHEN g % 97 <> 0 THEN 1 + g % {users} END,
       'Ticket ' || g, timestamptz '2023-01-01' + g * interval '15 minutes'
FROM generate_series(1, {n}) g;"""


def articles_rows(n: int = 50000, users: int = 200) -> str:
    # 10% drafts (published_at NULL), one published an hour from 2020-01-01.
    return f"""
INSERT INTO articles (id, author_id, title, body, published_at)
SELECT g, 1 + g % {users}, 'Article ' || g, repeat('lorem ipsum ', 20),
       CASE WHEN g % 10 <> 0 THEN timestamptz '2020-01-01' + g * interval '1 hour' END
FROM generate_series(1, {n}) g;"""


def todos_rows(n: int = 50000, users: int = 1000) -> str:
    # 50 todos a user, 10% of them not completed.
    return f"""
INSERT INTO todos (id, user_id, title, completed, due_date)
SELECT g, 1 + g % {users}, 'Todo ' || g, g % 10 <> 0, date '2024-01-01' + g % 365
FROM generate_series(1, {n}) g;"""


# -- cases -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """An acceptable suggested index: keys in order (the first ``any_order`` of them are
    equality keys, in any order; from ``sort_from`` on they give the ORDER BY and may all
    be reversed), its partial WHERE, its INCLUDE columns (``None``: not checked)."""

    keys: tuple[str, ...]
    any_order: int = 0
    sort_from: int | None = None
    where: str | None = None
    include: tuple[str, ...] | None = None
    method: str = "btree"
    extension: str | None = None


@dataclass(frozen=True)
class Expect:
    """What the analysis must say about one table of the query (by its name)."""

    table: str
    # Served: the name of the existing index that serves (the DDL's name).
    served_by: str | None = None
    # Suggested: the acceptable shapes (any one of them).
    shapes: tuple[Shape, ...] = ()
    # The plan after must read this table by an index-only scan of the suggestion.
    index_only: bool = False
    # Indexes of this table the plan may use before the suggestion (ones that do not
    # serve the access well: a shorter prefix). Any other index of it is a failure.
    before_may_use: tuple[str, ...] = ()
    # Served with an ORDER BY: whether the index gives the order (``IndexUse.sorted``).
    sorted: bool | None = None
    # Whether the plan must use the serving index (False for a side PostgreSQL may
    # rightly read otherwise, e.g. a small parent table hashed in a join).
    plan_uses: bool = True

    @property
    def suggests(self) -> bool:
        return bool(self.shapes)


def suggest(table: str, *keys: str, index_only: bool = False, before=(), **shape) -> Expect:
    return Expect(
        table, shapes=(Shape(keys, **shape),), index_only=index_only, before_may_use=before
    )


def served(table: str, index: str, plan_uses: bool = True, sorted: bool | None = None) -> Expect:
    return Expect(table, served_by=index, plan_uses=plan_uses, sorted=sorted)


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    schema: Schema
    sql: str
    expects: tuple[Expect, ...]
    data: str
    params: tuple[str, ...] = ()  # SQL literals for $1, $2, ... (EXPLAIN substitutes them)
    # Keyset pagination: the analysis must find a deep OFFSET and rewrite it; the proof
    # EXPLAINs the rewrite with these literals for its parameters.
    rewrite_params: tuple[str, ...] | None = None


def _case(id: str, title: str, tables: tuple, sql: str, expects, data: str, **options) -> Case:
    built = tuple(table(item, case=id) if isinstance(item, str) else item(id) for item in tables)
    extensions = options.pop("extensions", ())
    return Case(
        id=id,
        title=title,
        schema=design(id, *built, extensions=extensions),
        sql=sql,
        expects=tuple(expects),
        data=data,
        **options,
    )


def t(name: str, *indexes: Idx, unique: tuple[str | tuple[str, ...], ...] = ()):
    """A table with existing indexes / unique columns, built later with the case's id."""
    return lambda case: table(name, indexes=indexes, unique=unique, case=case)


CASES: tuple[Case, ...] = (
    # -- equality ------------------------------------------------------------------------
    _case(
        "eq_customer_email",
        "equality on a column with no index: a customer by email",
        (t("customers"), "orders"),
        "SELECT id, name FROM customers WHERE email = $1",
        [suggest("customers", "email")],
        customers_rows(50000),
        params=("'customer4242@example.com'",),
    ),
    _case(
        "eq_orders_by_customer_star",
        "equality on a foreign key column, SELECT * (no INCLUDE)",
        ("customers", "orders"),
        "SELECT * FROM orders WHERE customer_id = $1",
        [suggest("orders", "customer_id", include=())],
        customers_rows() + orders_rows(),
        params=("42",),
    ),
    _case(
        "eq_two_columns",
        "two equality columns: a user's events of one kind",
        ("users", "events"),
        "SELECT id, occurred_at FROM events WHERE user_id = $1 AND kind = $2",
        [suggest("events", "user_id", "kind", any_order=2)],
        users_rows(1000) + events_rows(),
        params=("17", "'purchase'"),
    ),
    _case(
        "eq_in_list",
        "IN list on a foreign key column",
        ("customers", "orders"),
        "SELECT id, total FROM orders WHERE customer_id IN ($1, $2, $3)",
        [suggest("orders", "customer_id")],
        customers_rows() + orders_rows(),
        params=("11", "222", "3333"),
    ),
    _case(
        "eq_is_null_queue",
        "IS NULL with a sort: the unassigned tickets, oldest first",
        ("users", "tickets"),
        "SELECT id, title FROM tickets WHERE assignee_id IS NULL ORDER BY created_at LIMIT 50",
        [
            Expect(
                "tickets",
                shapes=(
                    Shape(("created_at",), sort_from=0, where="assignee_id IS NULL"),
                    Shape(("assignee_id", "created_at"), sort_from=1),
                ),
            )
        ],
        users_rows(500) + tickets_rows(),
    ),
    # -- range ---------------------------------------------------------------------------
    _case(
        "range_day_of_orders",
        "range on a timestamp: one day of orders",
        ("customers", "orders"),
        "SELECT id, total FROM orders WHERE created_at >= $1 AND created_at < $2",
        [suggest("orders", "created_at")],
        customers_rows() + orders_rows(),
        params=("'2023-06-01'", "'2023-06-02'"),
    ),
    _case(
        "range_between_count",
        "BETWEEN on an amount, count(*) (index-only)",
        ("customers", "orders"),
        "SELECT count(*) FROM orders WHERE total BETWEEN $1 AND $2",
        [suggest("orders", "total", index_only=True)],
        customers_rows() + orders_rows(),
        params=("10", "12"),
    ),
    _case(
        "range_count_since",
        "range on a timestamp, count only: an index-only scan",
        ("users", "events"),
        "SELECT count(*) FROM events WHERE occurred_at >= $1 AND occurred_at < $2",
        [suggest("events", "occurred_at", index_only=True)],
        users_rows(1000) + events_rows(),
        params=("'2024-01-10'", "'2024-01-11'"),
    ),
    # -- sort ----------------------------------------------------------------------------
    _case(
        "sort_latest_orders",
        "ORDER BY … DESC LIMIT: the latest orders",
        ("customers", "orders"),
        "SELECT id, total, created_at FROM orders ORDER BY created_at DESC LIMIT 20",
        [suggest("orders", "created_at DESC", sort_from=0)],
        customers_rows() + orders_rows(),
    ),
    _case(
        "sort_nulls_last_vs_plain_index",
        "DESC NULLS LAST sort: the plain index (NULLS FIRST backwards) does not serve",
        ("users", t("articles", ix("published_at"))),
        "SELECT id, title FROM articles ORDER BY published_at DESC NULLS LAST LIMIT 10",
        [suggest("articles", "published_at DESC NULLS LAST", sort_from=0)],
        users_rows(200) + articles_rows(),
    ),
    _case(
        "sort_nulls_last_not_null_column",
        "DESC NULLS LAST on a NOT NULL column: PostgreSQL still wants the index's NULLS "
        "order, so the plain index does not serve",
        ("customers", t("orders", ix("created_at"))),
        "SELECT id, total FROM orders ORDER BY created_at DESC NULLS LAST LIMIT 20",
        [suggest("orders", "created_at DESC NULLS LAST", sort_from=0)],
        customers_rows() + orders_rows(),
    ),
    _case(
        "sort_two_keys",
        "two sort keys, both descending",
        ("products",),
        "SELECT id, name FROM products ORDER BY price DESC, id DESC LIMIT 20",
        [suggest("products", "price DESC", "id DESC", sort_from=0)],
        products_rows(),
    ),
    _case(
        "sort_mixed_directions",
        "mixed directions: highest priority first, then oldest",
        ("users", "tickets"),
        "SELECT id, title FROM tickets ORDER BY priority DESC, created_at LIMIT 20",
        [suggest("tickets", "priority DESC", "created_at", sort_from=0)],
        users_rows(500) + tickets_rows(),
    ),
    # -- composite -----------------------------------------------------------------------
    _case(
        "comp_eq_then_sort",
        "equality then sort: a customer's latest orders",
        ("customers", "orders"),
        "SELECT id, total, created_at FROM orders WHERE customer_id = $1 "
        "ORDER BY created_at DESC LIMIT 20",
        [suggest("orders", "customer_id", "created_at DESC", sort_from=1)],
        # 50 customers with 1,000 orders each: the sort is worth an index.
        customers_rows(50) + orders_rows(customers=50),
        params=("7",),
    ),
    _case(
        "comp_eq_then_range",
        "equality then range: a user's recent events",
        ("users", "events"),
        "SELECT id, kind FROM events WHERE user_id = $1 AND occurred_at >= $2",
        [suggest("events", "user_id", "occurred_at")],
        users_rows(1000) + events_rows(),
        params=("17", "'2024-01-20'"),
    ),
    _case(
        "comp_eq_eq_range_sort",
        "two equalities, a range and its sort",
        ("users", "events"),
        "SELECT id FROM events WHERE user_id = $1 AND kind = $2 AND occurred_at > $3 "
        "ORDER BY occurred_at LIMIT 10",
        [suggest("events", "user_id", "kind", "occurred_at", any_order=2, sort_from=2)],
        users_rows(1000) + events_rows(),
        params=("17", "'view'", "'2024-01-05'"),
    ),
    _case(
        "comp_prefix_exists",
        "an existing index is a prefix of the suggestion (equality only; the sort is not served)",
        ("customers", t("orders", ix("customer_id"))),
        "SELECT id, total, created_at FROM orders WHERE customer_id = $1 "
        "ORDER BY created_at DESC LIMIT 20",
        [
            suggest(
                "orders",
                "customer_id",
                "created_at DESC",
                sort_from=1,
                before=("ix_orders_customer_id",),
            )
        ],
        customers_rows(50) + orders_rows(customers=50),
        params=("7",),
    ),
    # -- partial -------------------------------------------------------------------------
    _case(
        "partial_open_tickets",
        "constant status predicate (1% open): a partial index",
        ("users", "tickets"),
        "SELECT id, title FROM tickets WHERE status = 'open' ORDER BY created_at LIMIT 50",
        [
            Expect(
                "tickets",
                shapes=(
                    Shape(("created_at",), sort_from=0, where="status = 'open'"),
                    Shape(("status", "created_at"), sort_from=1),
                ),
            )
        ],
        users_rows(500) + tickets_rows(),
    ),
    _case(
        "partial_not_deleted",
        "deleted_at IS NULL with an equality: a partial index",
        ("users", "events"),
        "SELECT id, email FROM users WHERE deleted_at IS NULL AND username = $1",
        [
            Expect(
                "users",
                shapes=(
                    Shape(("username",), where="deleted_at IS NULL"),
                    Shape(("username", "deleted_at"), any_order=2),
                ),
            )
        ],
        users_rows(),
        params=("'user_4242'",),
    ),
    _case(
        "partial_boolean_false",
        "completed = false with an equality: a user's open todos",
        ("users", "todos"),
        "SELECT id, title FROM todos WHERE user_id = $1 AND completed = false",
        [
            Expect(
                "todos",
                shapes=(
                    Shape(("user_id",), where="completed = false"),
                    Shape(("user_id", "completed"), any_order=2),
                ),
            )
        ],
        users_rows(1000) + todos_rows(),
        params=("17",),
    ),
    _case(
        "partial_not_implied_by_parameter",
        "a partial index WHERE status = 'open' does not serve status = $1",
        ("users", t("tickets", ix("created_at", where="status = 'open'"))),
        "SELECT id, title FROM tickets WHERE status = $1 ORDER BY created_at LIMIT 50",
        [suggest("tickets", "status", "created_at", sort_from=1)],
        users_rows(500) + tickets_rows(),
        # 'in_progress' (4%): the partial index cannot answer it, as for any $1.
        params=("'in_progress'",),
    ),
    _case(
        "partial_other_constant",
        "a partial index for another status (WHERE status = 'open') does not serve "
        "status = 'in_progress', and is no duplicate of the partial index it needs",
        ("users", t("tickets", ix("created_at", where="status = 'open'"))),
        "SELECT id, title FROM tickets WHERE status = 'in_progress' ORDER BY created_at LIMIT 50",
        [
            Expect(
                "tickets",
                shapes=(
                    Shape(("created_at",), sort_from=0, where="status = 'in_progress'"),
                    Shape(("status", "created_at"), sort_from=1),
                ),
            )
        ],
        users_rows(500) + tickets_rows(),
    ),
    _case(
        "partial_index_no_duplicate",
        "a partial index WHERE deleted_at IS NULL does not serve a lookup that includes "
        "deleted users, and (username) is no duplicate of it",
        (t("users", ix("username", where="deleted_at IS NULL")), "events"),
        "SELECT id, email FROM users WHERE username = $1",
        [suggest("users", "username")],
        users_rows(),
        params=("'user_4242'",),
    ),
    # -- expression ----------------------------------------------------------------------
    _case(
        "expr_lower_email",
        "a function wraps the column: lower(email) = $1 (the unique index does not serve)",
        (t("users", unique=("email",)), "events"),
        "SELECT id, username FROM users WHERE lower(email) = $1",
        [suggest("users", "lower(email)")],
        users_rows(),
        params=("'user4242@example.com'",),
    ),
    _case(
        "expr_upper_sku",
        "upper(sku) = $1: an expression index",
        ("products",),
        "SELECT id, name, price FROM products WHERE upper(sku) = $1",
        [suggest("products", "upper(sku)")],
        products_rows(),
        params=("'SKU-004242'",),
    ),
    # -- covering ------------------------------------------------------------------------
    _case(
        "cover_include",
        "a few columns read: INCLUDE them for an index-only scan",
        ("customers", "orders"),
        "SELECT status, total FROM orders WHERE customer_id = $1",
        [suggest("orders", "customer_id", include=("status", "total"), index_only=True)],
        customers_rows() + orders_rows(),
        params=("42",),
    ),
    _case(
        "cover_sorted_list",
        "equality, sort and two columns read: a covering sorted index",
        ("users", "events"),
        "SELECT kind, occurred_at FROM events WHERE user_id = $1 ORDER BY occurred_at DESC "
        "LIMIT 10",
        [
            suggest(
                "events",
                "user_id",
                "occurred_at DESC",
                sort_from=1,
                include=("kind",),
                index_only=True,
            )
        ],
        users_rows(1000) + events_rows(),
        params=("17",),
    ),
    # -- LIKE ----------------------------------------------------------------------------
    _case(
        "like_prefix_sku",
        "LIKE 'prefix%' on varchar in a non-C collation: text_pattern_ops "
        "(the UNIQUE index with the default operator class does not serve)",
        (t("products", unique=("sku",)),),
        "SELECT id, name FROM products WHERE sku LIKE 'SKU-0042%'",
        [
            Expect(
                "products",
                shapes=(
                    Shape(("sku text_pattern_ops",)),
                    Shape(("sku varchar_pattern_ops",)),
                ),
            )
        ],
        products_rows(),
    ),
    _case(
        "pattern_ops_not_for_sort",
        "an index with text_pattern_ops serves LIKE 'abc%' but not ORDER BY sku",
        (t("products", ix("sku text_pattern_ops")),),
        "SELECT id, name FROM products ORDER BY sku LIMIT 10",
        [suggest("products", "sku", sort_from=0)],
        products_rows(),
    ),
    _case(
        "like_infix_trigram",
        "LIKE '%word%': a pg_trgm GIN index",
        ("products",),
        "SELECT id, name FROM products WHERE name LIKE '%blue%'",
        [suggest("products", "name gin_trgm_ops", method="gin", extension="pg_trgm")],
        products_rows(),
    ),
    _case(
        "ilike_infix_trigram",
        "ILIKE '%word%': a pg_trgm GIN index",
        ("customers",),
        "SELECT id, email FROM customers WHERE name ILIKE '%smith%'",
        [suggest("customers", "name gin_trgm_ops", method="gin", extension="pg_trgm")],
        customers_rows(50000),
    ),
    # -- joins ---------------------------------------------------------------------------
    _case(
        "join_fk_unindexed",
        "a foreign-key join with no index on the referencing side",
        (t("customers", unique=("email",)), "orders"),
        "SELECT o.id, o.total FROM customers c JOIN orders o ON o.customer_id = c.id "
        "WHERE c.email = $1",
        [served("customers", "uq_customers_email"), suggest("orders", "customer_id")],
        customers_rows() + orders_rows(),
        params=("'customer4242@example.com'",),
    ),
    _case(
        "join_items_of_order",
        "an order's items with their products (the product by its primary key)",
        ("orders", "products", "order_items", "customers"),
        "SELECT p.name, i.quantity, i.unit_price FROM order_items i "
        "JOIN products p ON p.id = i.product_id WHERE i.order_id = $1",
        [suggest("order_items", "order_id"), served("products", "pk_products")],
        customers_rows(1000)
        + orders_rows(20000, customers=1000)
        + products_rows(2000)
        + order_items_rows(),
        params=("4242",),
    ),
    _case(
        "join_three_tables",
        "three tables: a customer's latest orders with their items",
        ("customers", "orders", "products", "order_items"),
        "SELECT o.id, o.created_at, i.quantity, p.name FROM orders o "
        "JOIN order_items i ON i.order_id = o.id JOIN products p ON p.id = i.product_id "
        "WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT 20",
        [
            suggest("orders", "customer_id", "created_at DESC", sort_from=1),
            Expect(
                "order_items",
                shapes=(
                    Shape(("order_id",)),
                    # Both join keys, the orders' first (the side that drives the
                    # nested loop), the one other column read included: covering.
                    Shape(("order_id", "product_id"), include=("quantity",)),
                ),
            ),
            served("products", "pk_products"),
        ],
        customers_rows(1000)
        + orders_rows(20000, customers=1000)
        + products_rows(2000)
        + order_items_rows(),
        params=("42",),
    ),
    _case(
        "join_user_events_sorted",
        "join by a unique username, then the user's latest events",
        (t("users", unique=("username",)), "events"),
        "SELECT e.kind, e.occurred_at FROM users u JOIN events e ON e.user_id = u.id "
        "WHERE u.username = $1 ORDER BY e.occurred_at DESC LIMIT 10",
        [
            served("users", "uq_users_username"),
            suggest("events", "user_id", "occurred_at DESC", sort_from=1),
        ],
        users_rows(1000) + events_rows(),
        params=("'user_17'",),
    ),
    # -- keyset pagination ---------------------------------------------------------------
    _case(
        "keyset_deep_offset",
        "a deep OFFSET: the keyset rewrite is served by the suggested index",
        ("customers", "orders"),
        "SELECT id, total, created_at FROM orders ORDER BY created_at DESC, id DESC "
        "LIMIT 20 OFFSET 20000",
        [suggest("orders", "created_at DESC", "id DESC", sort_from=0)],
        customers_rows() + orders_rows(),
        rewrite_params=("'2023-10-01 12:00+00'", "19000"),
    ),
    # -- already served: no suggestion ---------------------------------------------------
    _case(
        "served_primary_key",
        "equality on the primary key",
        ("customers", "orders"),
        "SELECT * FROM orders WHERE id = $1",
        [served("orders", "pk_orders")],
        customers_rows() + orders_rows(),
        params=("4242",),
    ),
    _case(
        "served_primary_key_in",
        "IN list on the primary key",
        ("customers", "orders"),
        "SELECT id, status FROM orders WHERE id IN ($1, $2, $3)",
        [served("orders", "pk_orders")],
        customers_rows() + orders_rows(),
        params=("11", "4242", "30000"),
    ),
    _case(
        "served_in_list_not_sorted",
        "an IN list of several customers is served by (customer_id, created_at), but the "
        "rows do not come in created_at order: PostgreSQL sorts them",
        ("customers", t("orders", ix("customer_id", "created_at"))),
        "SELECT id, total FROM orders WHERE customer_id IN ($1, $2, $3) "
        "ORDER BY created_at LIMIT 20",
        [served("orders", "ix_orders_customer_id_created_at", sorted=False)],
        customers_rows() + orders_rows(),
        params=("11", "222", "3333"),
    ),
    _case(
        "served_unique_email",
        "equality on a UNIQUE column",
        (t("customers", unique=("email",)), "orders"),
        "SELECT id, name FROM customers WHERE email = $1",
        [served("customers", "uq_customers_email")],
        customers_rows(50000),
        params=("'customer4242@example.com'",),
    ),
    _case(
        "served_by_longer_index",
        "the suggestion (customer_id) would be a prefix of an existing index",
        ("customers", t("orders", ix("customer_id", "created_at"))),
        "SELECT id, total FROM orders WHERE customer_id = $1",
        [served("orders", "ix_orders_customer_id_created_at")],
        customers_rows() + orders_rows(),
        params=("42",),
    ),
    _case(
        "served_sort_backwards",
        "ORDER BY created_at DESC LIMIT served by a plain index scanned backwards",
        ("customers", t("orders", ix("created_at"))),
        "SELECT id, total FROM orders ORDER BY created_at DESC LIMIT 20",
        [served("orders", "ix_orders_created_at", sorted=True)],
        customers_rows() + orders_rows(),
    ),
    _case(
        "served_partial",
        "the query's constant implies the partial index's WHERE",
        ("users", t("tickets", ix("created_at", where="status = 'open'"))),
        "SELECT id, title FROM tickets WHERE status = 'open' ORDER BY created_at LIMIT 50",
        [served("tickets", "ix_tickets_created_at", sorted=True)],
        users_rows(500) + tickets_rows(),
    ),
    _case(
        "served_partial_in_list",
        "status = 'open' implies the partial index's WHERE status IN ('open', 'in_progress')",
        (
            "users",
            t("tickets", ix("created_at", where="status IN ('open', 'in_progress')")),
        ),
        "SELECT id, title FROM tickets WHERE status = 'open' ORDER BY created_at LIMIT 50",
        [served("tickets", "ix_tickets_created_at", sorted=True)],
        users_rows(500) + tickets_rows(),
    ),
    _case(
        "served_expression",
        "an expression index on lower(email)",
        (t("users", ix("lower(email)")), "events"),
        "SELECT id, username FROM users WHERE lower(email) = $1",
        [served("users", "ix_users_lower_email")],
        users_rows(),
        params=("'user4242@example.com'",),
    ),
    _case(
        "served_equality_any_order",
        "equality columns in the other order than the index's",
        ("users", t("events", ix("kind", "user_id"))),
        "SELECT id, occurred_at FROM events WHERE user_id = $1 AND kind = $2",
        [served("events", "ix_events_kind_user_id")],
        users_rows(1000) + events_rows(),
        params=("17", "'purchase'"),
    ),
    _case(
        "served_eq_range_sort",
        "equality, range and sort served by one composite index",
        ("users", t("events", ix("user_id", "occurred_at"))),
        "SELECT id, kind FROM events WHERE user_id = $1 AND occurred_at >= $2 "
        "ORDER BY occurred_at LIMIT 10",
        [served("events", "ix_events_user_id_occurred_at", sorted=True)],
        users_rows(1000) + events_rows(),
        params=("17", "'2024-01-20'"),
    ),
    _case(
        "served_composite_unique",
        "an order's items: the leading column of a UNIQUE (order_id, product_id) serves",
        (
            "customers",
            "orders",
            "products",
            t("order_items", unique=(("order_id", "product_id"),)),
        ),
        "SELECT product_id, quantity FROM order_items WHERE order_id = $1",
        [served("order_items", "uq_order_items_order_id_product_id")],
        customers_rows(1000)
        + orders_rows(20000, customers=1000)
        + products_rows(2000)
        + order_items_rows(),
        params=("4242",),
    ),
    _case(
        "served_join_fk_indexed",
        "a foreign-key join whose referencing column has its index",
        (t("customers", unique=("email",)), t("orders", ix("customer_id"))),
        "SELECT o.id, o.total FROM customers c JOIN orders o ON o.customer_id = c.id "
        "WHERE c.email = $1",
        [served("customers", "uq_customers_email"), served("orders", "ix_orders_customer_id")],
        customers_rows() + orders_rows(),
        params=("'customer4242@example.com'",),
    ),
    _case(
        "served_trigram",
        "LIKE '%word%' served by an existing pg_trgm GIN index",
        (t("products", ix("name gin_trgm_ops", gin=True)),),
        "SELECT id, name FROM products WHERE name LIKE '%blue%'",
        [served("products", "ix_products_name")],
        products_rows(),
        extensions=("pg_trgm",),
    ),
)

CASES_BY_ID = {case.id: case for case in CASES}
