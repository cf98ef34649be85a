"""Small schemas for the rule tests: a well-designed base and terse builders.

``good()`` is a schema every rule should pass in the strict profile (users, projects and
their tasks, the seeds' conventions throughout); a test changes one thing and checks that
exactly the rule it is about notices.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import replace

from designer.lint import Finding, lint
from designer.schema.expressions import parse_index_keys
from designer.schema.model import (
    Action,
    CheckConstraint,
    Column,
    ColumnType,
    EnumType,
    Generated,
    Index,
    ManyToMany,
    ObjectKind,
    PrimaryKey,
    QName,
    Relationship,
    SavedQuery,
    Schema,
    SqlObject,
    Table,
)
from designer.schema.validation import validate

_TYPE = re.compile(r"(?P<base>[a-z ]+?)(?:\((?P<args>[\d, ]+)\))?(?P<array>\[\])?")


def new_id() -> str:
    return str(uuid.uuid4())


def column_type(text: str) -> ColumnType:
    """``varchar(255)``, ``numeric(12,2)``, ``uuid[]`` as a ColumnType."""
    match = _TYPE.fullmatch(text)
    assert match, text
    base = match["base"]
    args = [int(part) for part in (match["args"] or "").split(",") if part.strip()]
    array = bool(match["array"])
    if base in {"varchar", "char", "bit", "varbit"}:
        return ColumnType(base, length=args[0] if args else None, array=array)
    precision = args[0] if args else None
    scale = args[1] if len(args) > 1 else None
    return ColumnType(base, precision=precision, scale=scale, array=array)


def col(name: str, type: str = "varchar(100)", **options) -> Column:
    return Column(new_id(), name, column_type(type), **options)


def key(name: str = "id") -> Column:
    return col(name, "uuid", nullable=False, default="gen_random_uuid()")


def stamps() -> tuple[Column, Column]:
    return (
        col("created_at", "timestamptz", nullable=False, default="now()"),
        col("updated_at", "timestamptz", nullable=False, default="now()"),
    )


def table(name: str, *columns: Column, pk: tuple[str, ...] | None = ("id",), **options) -> Table:
    """A table with ``id`` first and the timestamps last (unless given or turned off)."""
    timestamps = options.pop("timestamps", True)
    body = list(columns)
    if pk == ("id",) and "id" not in {c.name for c in body}:
        body.insert(0, key())
    if timestamps and "updated_at" not in {c.name for c in body}:
        body += stamps()
    return Table(
        id=new_id(),
        name=name,
        columns=tuple(body),
        timestamps=timestamps,
        primary_key=PrimaryKey(pk) if pk else None,
        **options,
    )


def index(keys: str, **options) -> Index:
    """An index from keys written as in SQL: ``"user_id, created_at DESC"``."""
    return Index(new_id(), parse_index_keys(keys), **options)


def fk(
    source: str,
    columns: str | tuple[str, ...],
    target: str,
    to: str | tuple[str, ...] = "id",
    on_delete: Action = Action.CASCADE,
    **options,
) -> Relationship:
    columns = (columns,) if isinstance(columns, str) else columns
    to = (to,) if isinstance(to, str) else to
    return Relationship(
        new_id(),
        QName("public", source),
        columns,
        QName("public", target),
        to,
        on_delete=on_delete,
        **options,
    )


def schema(*tables: Table, relationships=(), **options) -> Schema:
    return Schema(name="Test", tables=tables, relationships=tuple(relationships), **options)


def good() -> Schema:
    """users, projects and tasks (a task belongs to a project, optionally assigned)."""
    users = table(
        "users",
        col("email", "varchar(320)", nullable=False, unique=True),
        col("password_hash", "varchar(255)", nullable=False, sensitive=True),
        col("display_name", "varchar(100)"),
    )
    projects = table(
        "projects",
        col("owner_id", "uuid", nullable=False),
        col("name", "varchar(100)", nullable=False),
        col("settings", "jsonb", nullable=False, default="'{}'"),
        indexes=(index("owner_id"),),
    )
    tasks = table(
        "tasks",
        col("project_id", "uuid", nullable=False),
        col("assignee_id", "uuid"),
        col("title", "varchar(200)", nullable=False),
        col("notes", "text"),
        col("done", "boolean", nullable=False, default="false"),
        col("due_on", "date"),
        indexes=(index("project_id, done"), index("assignee_id")),
    )
    return schema(
        users,
        projects,
        tasks,
        relationships=(
            fk("projects", "owner_id", "users", on_delete=Action.RESTRICT),
            fk("tasks", "project_id", "projects", on_delete=Action.CASCADE),
            fk("tasks", "assignee_id", "users", on_delete=Action.SET_NULL),
        ),
    )


# --- changing one thing ------------------------------------------------------------------


def change_table(base: Schema, table_name: str, /, **changes) -> Schema:
    return replace(
        base,
        tables=tuple(replace(t, **changes) if t.name == table_name else t for t in base.tables),
    )


def change_column(base: Schema, table_name: str, column: str, **changes) -> Schema:
    found = base.table(QName("public", table_name))
    columns = tuple(replace(c, **changes) if c.name == column else c for c in found.columns)
    return change_table(base, table_name, columns=columns)


def add_columns(base: Schema, table_name: str, *columns: Column) -> Schema:
    found = base.table(QName("public", table_name))
    return change_table(base, table_name, columns=(*found.columns, *columns))


def add_tables(base: Schema, *tables: Table, relationships=(), many_to_many=()) -> Schema:
    return replace(
        base,
        tables=(*base.tables, *tables),
        relationships=(*base.relationships, *relationships),
        many_to_many=(*base.many_to_many, *many_to_many),
    )


def change_relationship(base: Schema, from_column: str, **changes) -> Schema:
    return replace(
        base,
        relationships=tuple(
            replace(r, **changes) if r.from_columns == (from_column,) else r
            for r in base.relationships
        ),
    )


def enum(name: str, *values: str) -> EnumType:
    return EnumType(new_id(), name, values)


def junction(name: str, left: str, right: str) -> tuple[Table, list[Relationship], ManyToMany]:
    """A junction table ``name`` between ``left`` and ``right`` by the book."""
    left_column, right_column = f"{left[:-1]}_id", f"{right[:-1]}_id"
    link = table(
        name,
        col(left_column, "uuid", nullable=False),
        col(right_column, "uuid", nullable=False),
        pk=(left_column, right_column),
        indexes=(index(right_column),),
    )
    relationships = [fk(name, left_column, left), fk(name, right_column, right)]
    m2m = ManyToMany(new_id(), QName("public", left), QName("public", right), link.qname)
    return link, relationships, m2m


# --- asking the review ---------------------------------------------------------------------


def review(subject: Schema, rule: str, profile: str = "strict") -> list[Finding]:
    """The findings of one rule; the schema must be one PostgreSQL accepts."""
    assert validate(subject) == [], validate(subject)
    return [finding for finding in lint(subject, profile) if finding.rule == rule]


def fires(subject: Schema, rule: str, profile: str = "strict") -> Finding:
    """The one finding ``rule`` reports on ``subject``."""
    found = review(subject, rule, profile)
    assert len(found) == 1, [finding.message for finding in found]
    return found[0]


def quiet(subject: Schema, rule: str, profile: str = "strict") -> bool:
    found = review(subject, rule, profile)
    assert found == [], [finding.message for finding in found]
    return True


def classic_mistakes() -> Schema:
    """One schema with every mistake the review knows, each at least once."""
    user = table(
        "user",  # a keyword, and singular among plurals
        col("id", "integer", nullable=False, generated=Generated.SERIAL),
        col("email", "text"),
        col("password_hash", "varchar"),
        col("phone1", "varchar(20)"),
        col("phone2", "varchar(20)"),
        col("FavoriteColor", "varchar(20)"),
        col("profile", "json"),
        col("balance", "money"),
        col("country", "char(2)"),
        col("active", "boolean", nullable=False, default="true"),
        col("tag_ids", "uuid[]"),
        col("created_at", "timestamp", nullable=False, default="now()"),
        col("updated_at", "timestamptz"),
        timestamps=False,
        indexes=(index("active"),),
    )
    orders = table(
        "orders",
        col("user_id", "bigint", nullable=False),
        col("customer_email", "varchar(320)"),
        col("Customer_email", "varchar(320)"),  # the same name but for case
    )
    invoices = table(
        "invoices",
        col("order_ref", "uuid", nullable=False),
        col("coupon_id", "uuid"),
        col("customer_email", "varchar(320)"),
        indexes=(index("order_ref"), index("coupon_id")),
    )
    coupons = table(
        "coupons",
        col("code", "varchar(20)", nullable=False, unique=True),
        col("secret", "varchar(64)", sensitive=True),
        checks=(CheckConstraint(new_id(), "char_length(code) >= 4", not_valid=True),),
    )
    # A view reading a sensitive column.
    view = SqlObject(
        new_id(),
        ObjectKind.VIEW,
        "coupon_list",
        "CREATE VIEW coupon_list AS SELECT code, secret FROM coupons;",
        depends_on=(QName("public", "coupons"),),
        reads=(QName("public", "coupons"),),
        columns=("code", "secret"),
    )
    audit = table("audit_entries", col("message", "text"), pk=None, timestamps=False)
    reminders = table(
        "subscription_renewal_reminders",
        col("notification_channel_preference_code", "varchar(20)", unique=True),
    )
    measures = [col(f"measure_{n}", "integer") for n in range(6)]
    products = table(
        "products",
        col("id", "uuid", nullable=False, default="gen_random_uuid()", unique=True),
        col("sku", "varchar(20)", nullable=False),
        *measures,
        indexes=(
            index("sku"),
            index("sku"),
            index("id"),
            index("measure_0, measure_1"),
            index("measure_0"),
            *(index(column.name) for column in measures[2:]),
        ),
    )
    return schema(
        user,
        orders,
        invoices,
        coupons,
        audit,
        reminders,
        products,
        sql_objects=(view,),
        # The saved queries: one reads products by sku (the measure indexes serve none of
        # them); one names a table the design does not have.
        queries=(
            SavedQuery(new_id(), "Product by sku", "SELECT id FROM products WHERE sku = $1"),
            SavedQuery(new_id(), "Old report", "SELECT total FROM order_lines"),
        ),
        relationships=(
            fk("orders", "user_id", "user", on_delete=Action.SET_NULL),
            fk("invoices", "order_ref", "orders", on_delete=Action.NO_ACTION),
            fk("invoices", "coupon_id", "coupons", on_delete=Action.SET_DEFAULT),
        ),
    )
