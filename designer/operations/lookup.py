"""Finding a schema's objects by id and putting changed copies back.

Operations name objects by id (ids outlive renames); the schema model links tables,
relationships and types by name. These helpers bridge the two: each ``find_*`` returns
the object (with its position) or raises ``Gone``; each ``with_*`` returns a new schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TypeVar

from designer.schema.model import (
    Column,
    EnumType,
    ManyToMany,
    Relationship,
    Schema,
    Table,
)

from .base import Gone

T = TypeVar("T")


def _position(items: Sequence[T], identifier: str) -> int | None:
    for position, item in enumerate(items):
        if item.id == identifier:  # type: ignore[attr-defined]
            return position
    return None


def find_table(schema: Schema, table_id: str, what: str = "entity") -> tuple[int, Table]:
    position = _position(schema.tables, table_id)
    if position is None:
        raise Gone(f"That {what} no longer exists: someone deleted it.")
    return position, schema.tables[position]


def find_column(schema: Schema, column_id: str) -> tuple[Table, int, Column]:
    """The table holding the column, the column's position and the column."""
    for table in schema.tables:
        for position, column in enumerate(table.columns):
            if column.id == column_id:
                return table, position, column
    raise Gone("That field no longer exists: someone deleted it.")


def find_in_table(schema: Schema, attribute: str, object_id: str, what: str) -> tuple[Table, int]:
    """The table whose ``attribute`` (uniques, checks, indexes) holds ``object_id``."""
    for table in schema.tables:
        position = _position(getattr(table, attribute), object_id)
        if position is not None:
            return table, position
    raise Gone(f"That {what} no longer exists: someone deleted it.")


def find_relationship(schema: Schema, relationship_id: str) -> tuple[int, Relationship]:
    position = _position(schema.relationships, relationship_id)
    if position is None:
        raise Gone("That relationship no longer exists: someone deleted it.")
    return position, schema.relationships[position]


def find_many_to_many(schema: Schema, m2m_id: str) -> tuple[int, ManyToMany]:
    position = _position(schema.many_to_many, m2m_id)
    if position is None:
        raise Gone("That many-to-many relationship no longer exists: someone deleted it.")
    return position, schema.many_to_many[position]


def find_enum(schema: Schema, enum_id: str) -> tuple[int, EnumType]:
    position = _position(schema.enums, enum_id)
    if position is None:
        raise Gone("That enum type no longer exists: someone deleted it.")
    return position, schema.enums[position]


def replaced(items: tuple[T, ...], position: int, item: T) -> tuple[T, ...]:
    return (*items[:position], item, *items[position + 1 :])


def without(items: tuple[T, ...], position: int) -> tuple[T, ...]:
    return (*items[:position], *items[position + 1 :])


def with_table(schema: Schema, table: Table) -> Schema:
    """``schema`` with the table of ``table.id`` replaced by ``table``."""
    position, _ = find_table(schema, table.id)
    return replace(schema, tables=replaced(schema.tables, position, table))


def with_column(table: Table, column: Column) -> Table:
    position = _position(table.columns, column.id)
    assert position is not None
    return replace(table, columns=replaced(table.columns, position, column))


def map_relationships(
    schema: Schema, change: Callable[[Relationship], Relationship]
) -> tuple[Relationship, ...]:
    """The relationships with ``change`` applied, keeping the unchanged ones as they are."""
    return tuple(change(relationship) for relationship in schema.relationships)


def columns_named(table: Table, names: Iterable[str]) -> frozenset[str]:
    """The ids of the table's columns among ``names`` (unknown names are left out)."""
    found = table.columns_by_name
    return frozenset(found[name].id for name in names if name in found)
