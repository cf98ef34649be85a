"""SQLModel models of Todo app (demo), written by pg schema designer.

An example design: users and their todo items, as an expert designs them.

``SQLModel.metadata.create_all(engine)`` builds what the DDL builds: the same
tables, named constraints, indexes, comments and ``updated_at`` triggers; Alembic's
autogenerate (``target_metadata = SQLModel.metadata``) compares them with a database
built by the DDL and finds no difference. Each table has a
``<Name>Base`` of shared fields, the table model, and ``<Name>Create`` /
``<Name>Update`` / ``<Name>Read`` for an API (sensitive fields never in Read).
"""

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

# The DDL's constraint names; Field(primary_key=, unique=, foreign_key=) follow them.
NAMING_CONVENTION = {
    "pk": "pk_%(table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s",
}
# SQLModel.metadata, as SQLModel's tutorial and Alembic's target_metadata use it.
SQLModel.metadata.naming_convention = {**SQLModel.metadata.naming_convention, **NAMING_CONVENTION}
metadata = SQLModel.metadata


class TableBase(SQLModel):
    """The base of the table models: SQLModel.metadata, the columns in the design's order."""

    # The table's columns in the design's order (fields from <Name>Base come first).
    __column_order__: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __table_cls__(cls, name: str, meta: sa.MetaData, *items: Any, **options: Any) -> sa.Table:
        order = {column: index for index, column in enumerate(cls.__column_order__)}
        columns = [item for item in items if isinstance(item, sa.Column)]
        columns.sort(key=lambda column: order.get(column.name, len(order)))
        others = [item for item in items if not isinstance(item, sa.Column)]
        return sa.Table(name, meta, *columns, *others, **options)


def utc_now() -> datetime:
    """The current time with its time zone, as a ``timestamptz`` holds it."""
    return datetime.now(UTC)


def keep_updated_at(model: type[SQLModel], trigger: str, table: str) -> None:
    """Create ``trigger`` on ``table`` (SQL names) right after the table is created."""
    statement = (
        f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()"
    )
    # DDL() fills %(name)s placeholders: a literal % is written %%.
    sql = sa.DDL(statement.replace("%", "%%"))
    sa.event.listen(sa.inspect(model).local_table, "after_create", sql)


# The function every updated_at trigger calls (the DDL's own text).
UPDATE_UPDATED_AT_COLUMN = """\
CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END;
$$;
"""

sa.event.listen(metadata, "before_create", sa.DDL(UPDATE_UPDATED_AT_COLUMN))
sa.event.listen(
    metadata,
    "after_create",
    sa.DDL(
        (
            "COMMENT ON INDEX ix_todos_user_id_completed IS 'Serves the main list query (a user''s "
            "open or done todos: WHERE user_id = $1 AND completed = $2) and, through its leading "
            "column, the foreign key to users for joins and ON DELETE CASCADE.';"
        ),
    ),
)


class UserBase(SQLModel):
    """The fields of a user that the table and the API share."""

    email: str = Field(
        max_length=255,
        schema_extra={"pattern": r"^[^@\s]+@[^@\s]+$"},
        unique=True,
        nullable=False,
        sa_column_kwargs={"comment": "Sign-in address; unique across users."},
    )
    full_name: str | None = Field(
        default=None,
        max_length=100,
        sa_column_kwargs={"comment": "Display name."},
    )


class User(UserBase, TableBase, table=True):
    """People who sign in and own todo items."""

    __tablename__ = "users"
    __column_order__ = ("id", "email", "password_hash", "full_name", "created_at", "updated_at")
    __table_args__ = {"comment": "People who sign in and own todo items."}

    id: uuid.UUID = Field(
        default_factory=uuid.uuid4,
        primary_key=True,
        sa_column_kwargs={
            "server_default": sa.text("gen_random_uuid()"),
            "comment": "Primary key.",
        },
    )
    password_hash: str = Field(
        max_length=255,
        nullable=False,
        sa_column_kwargs={
            "comment": "Password hash (never the password); kept out of API responses.",
        },
    )
    created_at: datetime = Field(
        default_factory=utc_now,
        nullable=False,
        sa_column_kwargs={
            "server_default": sa.text("now()"),
            "comment": "When the row was inserted.",
        },
    )
    updated_at: datetime = Field(
        default_factory=utc_now,
        nullable=False,
        sa_column_kwargs={
            "server_default": sa.text("now()"),
            "comment": "When the row was last changed (kept by a trigger).",
        },
    )

    todos: list["Todo"] = Relationship(
        back_populates="user",
        cascade_delete=True,
        passive_deletes=True,
    )


class UserCreate(UserBase):
    """What a client sends to create a user."""

    password_hash: str = Field(max_length=255)


class UserUpdate(SQLModel):
    """A change to a user: every field optional."""

    email: str | None = Field(
        default=None,
        max_length=255,
        schema_extra={"pattern": r"^[^@\s]+@[^@\s]+$"},
    )
    password_hash: str | None = Field(default=None, max_length=255)
    full_name: str | None = Field(default=None, max_length=100)


class UserRead(UserBase):
    """A user as the API returns it."""

    id: uuid.UUID
    created_at: datetime
    updated_at: datetime


class TodoBase(SQLModel):
    """The fields of a todo that the table and the API share."""

    title: str = Field(
        min_length=1,
        max_length=200,
        nullable=False,
        sa_column_kwargs={"comment": "Short summary shown in lists."},
    )
    description: str | None = Field(
        default=None,
        sa_type=sa.Text(),
        sa_column_kwargs={"comment": "Optional details, free text."},
    )
    completed: bool = Field(
        default=False,
        nullable=False,
        sa_column_kwargs={
            "server_default": sa.text("false"),
            "comment": "Whether the todo is done.",
        },
    )
    due_date: date | None = Field(
        default=None,
        sa_column_kwargs={"comment": "Optional day by which it should be done."},
    )


class Todo(TodoBase, TableBase, table=True):
    """Things a user has to do; each belongs to exactly one user."""

    __tablename__ = "todos"
    __column_order__ = (
        "id",
        "user_id",
        "title",
        "description",
        "completed",
        "due_date",
        "created_at",
        "updated_at",
    )
    __table_args__ = (
        sa.CheckConstraint("char_length(title) > 0", name="ck_todos_title"),
        sa.Index("ix_todos_user_id_completed", "user_id", "completed"),
        {"comment": "Things a user has to do; each belongs to exactly one user."},
    )

    id: uuid.UUID = Field(
        default_factory=uuid.uuid4,
        primary_key=True,
        sa_column_kwargs={
            "server_default": sa.text("gen_random_uuid()"),
            "comment": "Primary key.",
        },
    )
    user_id: uuid.UUID = Field(
        foreign_key="users.id",
        ondelete="CASCADE",
        nullable=False,
        sa_column_kwargs={"comment": "The owner; the todo is deleted with its user."},
    )
    created_at: datetime = Field(
        default_factory=utc_now,
        nullable=False,
        sa_column_kwargs={
            "server_default": sa.text("now()"),
            "comment": "When the row was inserted.",
        },
    )
    updated_at: datetime = Field(
        default_factory=utc_now,
        nullable=False,
        sa_column_kwargs={
            "server_default": sa.text("now()"),
            "comment": "When the row was last changed (kept by a trigger).",
        },
    )

    user: User | None = Relationship(back_populates="todos")


class TodoCreate(TodoBase):
    """What a client sends to create a todo."""

    user_id: uuid.UUID


class TodoUpdate(SQLModel):
    """A change to a todo: every field optional."""

    user_id: uuid.UUID | None = None
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    completed: bool | None = None
    due_date: date | None = None


class TodoRead(TodoBase):
    """A todo as the API returns it."""

    id: uuid.UUID
    user_id: uuid.UUID
    created_at: datetime
    updated_at: datetime


keep_updated_at(User, "trg_users_updated_at", "users")
keep_updated_at(Todo, "trg_todos_updated_at", "todos")
