"""Giving a schema's objects new ids, consistently (for a copy or an import as new)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

from .model import Schema


def with_new_ids(schema: Schema, new_id: Callable[[], str] | None = None) -> Schema:
    """The same schema with every id replaced by a fresh one (references are by name)."""
    make = new_id or (lambda: str(uuid.uuid4()))
    return replace(
        schema,
        enums=tuple(replace(enum, id=make()) for enum in schema.enums),
        tables=tuple(
            replace(
                table,
                id=make(),
                columns=tuple(replace(column, id=make()) for column in table.columns),
                uniques=tuple(replace(unique, id=make()) for unique in table.uniques),
                checks=tuple(replace(check, id=make()) for check in table.checks),
                indexes=tuple(replace(index, id=make()) for index in table.indexes),
            )
            for table in schema.tables
        ),
        relationships=tuple(replace(rel, id=make()) for rel in schema.relationships),
        many_to_many=tuple(replace(m2m, id=make()) for m2m in schema.many_to_many),
    )


def all_ids(schema: Schema) -> list[str]:
    """Every id in the schema, in a fixed order."""
    ids = [enum.id for enum in schema.enums]
    for table in schema.tables:
        ids.append(table.id)
        ids += [column.id for column in table.columns]
        ids += [item.id for item in (*table.uniques, *table.checks, *table.indexes)]
    ids += [rel.id for rel in schema.relationships]
    ids += [m2m.id for m2m in schema.many_to_many]
    return ids
