"""Synthetic schemas of a given size for the benchmarks (deterministic)."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace

from designer.schema.model import (
    Action,
    Column,
    ColumnType,
    Index,
    IndexElement,
    PrimaryKey,
    QName,
    Relationship,
    Schema,
    Table,
)

_TYPES = [
    ColumnType("varchar", length=255),
    ColumnType("text"),
    ColumnType("integer"),
    ColumnType("bigint"),
    ColumnType("numeric", precision=12, scale=2),
    ColumnType("boolean"),
    ColumnType("date"),
    ColumnType("timestamptz"),
    ColumnType("jsonb"),
    ColumnType("uuid"),
]


def synthetic_schema(tables: int, columns: int, foreign_keys: int, seed: int = 1) -> Schema:
    """``tables`` tables with ``columns`` columns in all and ``foreign_keys`` foreign keys."""
    rng = random.Random(seed)
    ids = (str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in iter(int, 1))
    # The foreign keys add a column each; the rest is spread evenly over the tables.
    own_columns = columns - foreign_keys
    built = []
    for n in range(tables):
        count = own_columns // tables + (1 if n < own_columns % tables else 0)
        body = [
            Column(next(ids), f"field_{k}", rng.choice(_TYPES), nullable=rng.random() < 0.5)
            for k in range(max(count - 3, 0))
        ]
        built.append(
            Table(
                id=next(ids),
                name=f"table_{n:03d}",
                description=f"Synthetic table number {n}.",
                timestamps=True,
                columns=(
                    Column(
                        next(ids),
                        "id",
                        ColumnType("uuid"),
                        nullable=False,
                        default="gen_random_uuid()",
                    ),
                    *body,
                    Column(
                        next(ids),
                        "created_at",
                        ColumnType("timestamptz"),
                        nullable=False,
                        default="now()",
                    ),
                    Column(
                        next(ids),
                        "updated_at",
                        ColumnType("timestamptz"),
                        nullable=False,
                        default="now()",
                    ),
                ),
                primary_key=PrimaryKey(("id",)),
            )
        )
    relationships = []
    for k in range(foreign_keys):
        source = k % tables
        target = rng.randrange(tables)
        name = f"ref_{k // tables}_{built[target].name}_id"
        table = built[source]
        column = Column(next(ids), name, ColumnType("uuid"), nullable=True)
        index = Index(next(ids), (IndexElement(column=name),), rationale="Covers the foreign key.")
        built[source] = replace(
            table, columns=(*table.columns, column), indexes=(*table.indexes, index)
        )
        relationships.append(
            Relationship(
                next(ids),
                QName("public", built[source].name),
                (name,),
                QName("public", built[target].name),
                ("id",),
                on_delete=Action.SET_NULL,
            )
        )
    return Schema(
        name=f"Synthetic {tables}", tables=tuple(built), relationships=tuple(relationships)
    )
