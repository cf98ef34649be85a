"""One-click fixes: ``apply_fix(schema, fix)`` returns the schema with the fix applied.

Pure and immutable: the schema is copied with ``dataclasses.replace``; objects the fix
creates (an index, a column) get fresh uuid4 ids (or ids from ``new_id``, for tests).
A fix names what it changes by id, so it still applies after renames; when its object no
longer exists, or the fix no longer fits, ``FixError`` says so and nothing changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

from designer.schema.model import (
    Column,
    ColumnType,
    Generated,
    Index,
    IndexElement,
    KeyStrategy,
    PrimaryKey,
    Schema,
    Table,
)

from .findings import (
    AddIndex,
    AddPrimaryKey,
    AddTimestamps,
    DropIndex,
    Fix,
    MarkSensitive,
    SetColumnType,
    SetNotNull,
    SetOnDelete,
    UseIdentity,
)

NewId = Callable[[], str]
_TRIGGER_TYPES = frozenset({"timestamptz", "timestamp"})


class FixError(ValueError):
    """The fix does not apply to this schema; the message says why."""


def apply_fix(schema: Schema, fix: Fix, new_id: NewId | None = None) -> Schema:
    """``schema`` with ``fix`` applied (a new schema; the argument is unchanged)."""
    make_id = new_id or (lambda: str(uuid.uuid4()))
    match fix:
        case SetOnDelete():
            return _set_on_delete(schema, fix)
        case AddIndex():
            return _change_table(schema, fix.table, lambda t: _add_index(t, fix, make_id))
        case DropIndex():
            return _change_table(schema, fix.table, lambda t: _drop_index(t, fix))
        case AddTimestamps():
            return _change_table(schema, fix.table, lambda t: _add_timestamps(t, make_id))
        case AddPrimaryKey():
            return _change_table(schema, fix.table, lambda t: _add_key(t, fix, make_id))
        case MarkSensitive():
            return _change_column(schema, fix.table, fix.column, _mark_sensitive)
        case SetNotNull():
            return _change_column(schema, fix.table, fix.column, _set_not_null)
        case UseIdentity():
            return _change_column(schema, fix.table, fix.column, _use_identity)
        case SetColumnType():
            return _change_column(
                schema, fix.table, fix.column, lambda c: replace(c, type=fix.type)
            )
    raise FixError(f"unknown fix {type(fix).__name__}")


# --- finding what to change --------------------------------------------------------------


def _change_table(schema: Schema, table_id: str, change: Callable[[Table], Table]) -> Schema:
    for position, table in enumerate(schema.tables):
        if table.id == table_id:
            tables = list(schema.tables)
            tables[position] = change(table)
            return replace(schema, tables=tuple(tables))
    raise FixError(f"the table {table_id} no longer exists")


def _change_column(
    schema: Schema, table_id: str, column_id: str, change: Callable[[Column], Column]
) -> Schema:
    def in_table(table: Table) -> Table:
        for position, column in enumerate(table.columns):
            if column.id == column_id:
                columns = list(table.columns)
                columns[position] = change(column)
                return replace(table, columns=tuple(columns))
        raise FixError(f"the column {column_id} is no longer in {table.name}")

    return _change_table(schema, table_id, in_table)


def _column_name(table: Table, column_id: str) -> str:
    for column in table.columns:
        if column.id == column_id:
            return column.name
    raise FixError(f"the column {column_id} is no longer in {table.name}")


# --- the fixes -------------------------------------------------------------------------------


def _set_on_delete(schema: Schema, fix: SetOnDelete) -> Schema:
    for position, relationship in enumerate(schema.relationships):
        if relationship.id == fix.relationship:
            relationships = list(schema.relationships)
            relationships[position] = replace(relationship, on_delete=fix.action)
            return replace(schema, relationships=tuple(relationships))
    raise FixError(f"the relationship {fix.relationship} no longer exists")


def _add_index(table: Table, fix: AddIndex, make_id: NewId) -> Table:
    if not fix.columns:
        raise FixError("an index needs at least one column")
    elements = tuple(IndexElement(column=_column_name(table, key)) for key in fix.columns)
    index = Index(id=make_id(), elements=elements, rationale=fix.rationale)
    return replace(table, indexes=(*table.indexes, index))


def _drop_index(table: Table, fix: DropIndex) -> Table:
    kept = tuple(index for index in table.indexes if index.id != fix.index)
    if len(kept) == len(table.indexes):
        raise FixError(f"the index {fix.index} is no longer on {table.name}")
    return replace(table, indexes=kept)


def _timestamp(make_id: NewId, name: str, description: str) -> Column:
    return Column(
        make_id(),
        name,
        ColumnType("timestamptz"),
        nullable=False,
        default="now()",
        description=description,
    )


def _add_timestamps(table: Table, make_id: NewId) -> Table:
    """Adds what is missing, and the trigger when ``updated_at`` can take ``now()``."""
    added = []
    if "created_at" not in table.columns_by_name:
        added.append(_timestamp(make_id, "created_at", "When the row was inserted."))
    if "updated_at" not in table.columns_by_name:
        added.append(
            _timestamp(make_id, "updated_at", "When the row was last changed (kept by a trigger).")
        )
    columns = (*table.columns, *added)
    updated_at = next(column for column in columns if column.name == "updated_at")
    fits = updated_at.type.base in _TRIGGER_TYPES and not updated_at.type.array
    return replace(table, columns=columns, timestamps=table.timestamps or fits)


def _add_key(table: Table, fix: AddPrimaryKey, make_id: NewId) -> Table:
    if table.primary_key is not None and table.primary_key.columns:
        raise FixError(f"{table.name} already has a primary key")
    if "id" in table.columns_by_name:
        raise FixError(f"{table.name} already has a column named id")
    if fix.strategy is KeyStrategy.UUID:
        key = Column(
            make_id(),
            "id",
            ColumnType("uuid"),
            nullable=False,
            default="gen_random_uuid()",
            description="Primary key.",
        )
    else:
        key = Column(
            make_id(),
            "id",
            ColumnType("bigint"),
            nullable=False,
            generated=Generated.IDENTITY_BY_DEFAULT,
            description="Primary key.",
        )
    name = table.primary_key.name if table.primary_key else None
    return replace(table, columns=(key, *table.columns), primary_key=PrimaryKey(("id",), name))


def _mark_sensitive(column: Column) -> Column:
    return replace(column, sensitive=True)


def _set_not_null(column: Column) -> Column:
    return replace(column, nullable=False)


def _use_identity(column: Column) -> Column:
    if column.generated is not Generated.SERIAL:
        raise FixError(f"{column.name} is not serial")
    return replace(column, generated=Generated.IDENTITY_BY_DEFAULT)
