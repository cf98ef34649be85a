"""Small designs for the analysis tests: users, todos (a foreign key to users), a wide
table, a view, and a table in another schema; indexes given per test."""

from __future__ import annotations

from dataclasses import replace

from designer.schema.model import (
    Column,
    ColumnType,
    EnumType,
    Index,
    IndexElement,
    IndexMethod,
    NullsOrder,
    ObjectKind,
    PrimaryKey,
    QName,
    Relationship,
    Schema,
    SqlObject,
    Table,
)


def column(name: str, base: str = "text", **options) -> Column:
    return Column(f"col-{name}", name, ColumnType(base, **options.pop("type", {})), **options)


def index(*keys: str | IndexElement, id: str = "ix", **options) -> Index:
    elements = tuple(IndexElement(column=key) if isinstance(key, str) else key for key in keys)
    return Index(id, elements, **options)


def desc(name: str, nulls: str = "") -> IndexElement:
    return IndexElement(column=name, descending=True, nulls=NullsOrder(nulls))


def expression(text: str) -> IndexElement:
    return IndexElement(expression=text)


def trigram(name: str) -> IndexElement:
    return IndexElement(column=name, opclass="gin_trgm_ops")


USERS = Table(
    "t-users",
    "users",
    (
        Column("u-id", "id", ColumnType("uuid"), nullable=False),
        Column("u-email", "email", ColumnType("text"), unique=True),
        Column("u-name", "name", ColumnType("varchar", length=100)),
        Column("u-created", "created_at", ColumnType("timestamptz")),
        Column("u-deleted", "deleted_at", ColumnType("timestamptz")),
    ),
    primary_key=PrimaryKey(("id",)),
)

TODOS = Table(
    "t-todos",
    "todos",
    (
        Column("t-id", "id", ColumnType("uuid"), nullable=False),
        Column("t-user", "user_id", ColumnType("uuid")),
        Column("t-title", "title", ColumnType("text")),
        Column("t-completed", "completed", ColumnType("boolean")),
        Column("t-status", "status", ColumnType("enum", enum=QName("public", "todo_status"))),
        Column("t-due", "due_date", ColumnType("date")),
        Column("t-created", "created_at", ColumnType("timestamptz")),
        Column("t-priority", "priority", ColumnType("integer")),
    ),
    primary_key=PrimaryKey(("id",)),
)

WIDE = Table(
    "t-wide",
    "events",
    (
        *(Column(f"e-{n}", f"field_{n}", ColumnType("text")) for n in range(12)),
        Column("e-id", "id", ColumnType("bigint"), nullable=False),
    ),
    primary_key=PrimaryKey(("id",)),
)

AUDIT = Table(
    "t-audit",
    "entries",
    (
        Column("a-id", "id", ColumnType("bigint"), nullable=False),
        Column("a-what", "what", ColumnType("text")),
    ),
    schema="audit",
    primary_key=PrimaryKey(("id",)),
)

TODOS_USER = Relationship(
    "r-todos-user", QName("public", "todos"), ("user_id",), QName("public", "users"), ("id",)
)

VIEW = SqlObject(
    "v-open", ObjectKind.VIEW, "open_todos", "CREATE VIEW open_todos AS SELECT * FROM todos;"
)


def design(*, users: tuple[Index, ...] = (), todos: tuple[Index, ...] = (), **changes) -> Schema:
    """The test design, with these indexes on users and todos."""
    return Schema(
        enums=(EnumType("e-status", "todo_status", ("open", "done")),),
        tables=(
            replace(USERS, indexes=users),
            replace(TODOS, indexes=todos),
            WIDE,
            AUDIT,
        ),
        relationships=(TODOS_USER,),
        sql_objects=(VIEW,),
        **changes,
    )


__all__ = ["IndexMethod", "column", "desc", "design", "expression", "index", "trigram"]
