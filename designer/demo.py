"""The demo project: the seeds' own example, users and their todos.

The ids are derived from names (UUID v5), so the demo's design file and every artifact
generated from it are the same on every machine.
"""

from __future__ import annotations

import uuid

from .schema.model import (
    Action,
    Column,
    ColumnType,
    Frequency,
    Index,
    IndexElement,
    KeyStrategy,
    PrimaryKey,
    QName,
    Relationship,
    SavedQuery,
    Schema,
    Table,
    Validation,
)

DEMO_SLUG = "demo"
DEMO_NAME = "Todo app (demo)"
_NAMESPACE = uuid.UUID("6f1c1f3e-8a8e-4c53-9a3c-5d0e7b1f2a10")


def _id(name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, name))


def _timestamps(table: str) -> tuple[Column, Column]:
    return (
        Column(
            _id(f"{table}.created_at"),
            "created_at",
            ColumnType("timestamptz"),
            nullable=False,
            default="now()",
            description="When the row was inserted.",
        ),
        Column(
            _id(f"{table}.updated_at"),
            "updated_at",
            ColumnType("timestamptz"),
            nullable=False,
            default="now()",
            description="When the row was last changed (kept by a trigger).",
        ),
    )


def demo_schema() -> Schema:
    users = Table(
        id=_id("users"),
        name="users",
        description="People who sign in and own todo items.",
        timestamps=True,
        columns=(
            Column(
                _id("users.id"),
                "id",
                ColumnType("uuid"),
                nullable=False,
                default="gen_random_uuid()",
                description="Primary key.",
            ),
            Column(
                _id("users.email"),
                "email",
                ColumnType("varchar", length=255),
                nullable=False,
                unique=True,
                description="Sign-in address; unique across users.",
                validation=Validation(max_length=255, pattern=r"^[^@\s]+@[^@\s]+$"),
            ),
            Column(
                _id("users.password_hash"),
                "password_hash",
                ColumnType("varchar", length=255),
                nullable=False,
                sensitive=True,
                description="Password hash (never the password); kept out of API responses.",
                validation=Validation(max_length=255),
            ),
            Column(
                _id("users.full_name"),
                "full_name",
                ColumnType("varchar", length=100),
                description="Display name.",
                validation=Validation(max_length=100),
            ),
            *_timestamps("users"),
        ),
        primary_key=PrimaryKey(("id",)),
    )
    todos = Table(
        id=_id("todos"),
        name="todos",
        description="Things a user has to do; each belongs to exactly one user.",
        timestamps=True,
        columns=(
            Column(
                _id("todos.id"),
                "id",
                ColumnType("uuid"),
                nullable=False,
                default="gen_random_uuid()",
                description="Primary key.",
            ),
            Column(
                _id("todos.user_id"),
                "user_id",
                ColumnType("uuid"),
                nullable=False,
                description="The owner; the todo is deleted with its user.",
            ),
            Column(
                _id("todos.title"),
                "title",
                ColumnType("varchar", length=200),
                nullable=False,
                check="char_length(title) > 0",
                description="Short summary shown in lists.",
                validation=Validation(min_length=1, max_length=200),
            ),
            Column(
                _id("todos.description"),
                "description",
                ColumnType("text"),
                description="Optional details, free text.",
            ),
            Column(
                _id("todos.completed"),
                "completed",
                ColumnType("boolean"),
                nullable=False,
                default="false",
                description="Whether the todo is done.",
            ),
            Column(
                _id("todos.due_date"),
                "due_date",
                ColumnType("date"),
                description="Optional day by which it should be done.",
            ),
            *_timestamps("todos"),
        ),
        primary_key=PrimaryKey(("id",)),
        indexes=(
            Index(
                id=_id("todos.ix_user_id_completed"),
                elements=(IndexElement(column="user_id"), IndexElement(column="completed")),
                rationale=(
                    "Serves the main list query (a user's open or done todos: "
                    "WHERE user_id = $1 AND completed = $2) and, through its leading column, "
                    "the foreign key to users for joins and ON DELETE CASCADE."
                ),
            ),
        ),
    )
    return Schema(
        name=DEMO_NAME,
        description="An example design: users and their todo items, as an expert designs them.",
        pg_version=15,
        key_strategy=KeyStrategy.UUID,
        timestamps_default=True,
        tables=(users, todos),
        relationships=(
            Relationship(
                id=_id("todos.user_id->users.id"),
                from_table=QName("public", "todos"),
                from_columns=("user_id",),
                to_table=QName("public", "users"),
                to_columns=("id",),
                on_delete=Action.CASCADE,
                on_update=Action.NO_ACTION,
                from_attribute="user",
                to_attribute="todos",
            ),
        ),
        queries=_queries(),
    )


def _queries() -> tuple[SavedQuery, ...]:
    """The queries the todo app runs most: its main list, sign-in and a reminder job."""
    return (
        SavedQuery(
            id=_id("query.open_todos_of_a_user"),
            name="Open todos of a user",
            sql=(
                "SELECT id, title, due_date FROM todos WHERE user_id = $1 AND completed = false "
                "ORDER BY due_date LIMIT 50"
            ),
            frequency=Frequency.PER_REQUEST,
            note="The main list: a user's open todos, soonest due first.",
        ),
        SavedQuery(
            id=_id("query.sign_in"),
            name="Sign in",
            sql="SELECT id, password_hash FROM users WHERE lower(email) = lower($1)",
            frequency=Frequency.PER_REQUEST,
            note="Finds the account by its email address, whatever its case.",
        ),
        SavedQuery(
            id=_id("query.todos_due_today"),
            name="Todos due today",
            sql=(
                "SELECT id, user_id, title FROM todos WHERE due_date = current_date "
                "AND NOT completed"
            ),
            frequency=Frequency.HOURLY,
            note="The reminder job: open todos due today, to notify their owners.",
        ),
    )
