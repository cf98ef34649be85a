"""Two designs compared as DBML can carry them (for the DBML round-trip tests).

``comparable(schema)`` is what a design keeps through DBML: every table, column (name,
type, nullability, default, description), key, reference, index, enum and note, by
name. The only normalisations are what DBML cannot carry (``DBML_LIMITS``): each is
applied to both sides, so a test compares all the rest exactly.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from designer.schema.model import ColumnType, Generated, Index, Schema, Table

# What DBML (as pydbml 1.2 reads it) cannot carry, and how the comparison treats it.
DBML_LIMITS = {
    "check constraints": "left out (written as comments)",
    "partial indexes and INCLUDE columns": "the index is left out (written as a comment)",
    "unique constraints": "read back as unique indexes: compared as uniqueness keys",
    "NULLS NOT DISTINCT": "left out",
    "GENERATED ALWAYS identity": "read back as BY DEFAULT (DBML has only `increment`)",
    "DEFERRABLE references": "left out (written as comments)",
    "relationship attribute names": "left out (the designer's own)",
    "many-to-many attribute names and sides": "compared as an unordered pair",
    "the updated_at trigger convention": "left out",
    "validation rules and sensitive flags": "left out (the designer's own)",
    "note indentation": "leading and trailing blank lines and common indentation go",
    "the design's settings": "key strategy, timestamps default, review: not compared",
    "names and enum values with a double quote or a backtick": "cannot be written",
    "char and bit without a length": "char(1) and bit(1), as PostgreSQL reads them",
}


def _note(text: str) -> str:
    lines = text.strip("\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] for line in lines).strip()


def _type(column_type: ColumnType) -> ColumnType:
    """``char`` and ``bit`` without a length are ``char(1)`` and ``bit(1)`` in PostgreSQL
    (and read back so from SQL)."""
    if column_type.base in {"char", "bit"} and column_type.length is None:
        return replace(column_type, length=1)
    return column_type


def _identity(generated: Generated) -> str:
    if generated is Generated.IDENTITY_ALWAYS:
        return Generated.IDENTITY_BY_DEFAULT.value
    return generated.value


def _a_uniqueness_key(index: Index) -> bool:
    """A unique btree index of plain columns: what a unique constraint becomes."""
    return (
        index.unique
        and index.method.value == "btree"
        and all(
            e.column and not (e.descending or e.nulls.value or e.opclass) for e in index.elements
        )
    )


def _table(table: Table) -> dict[str, Any]:
    # Every uniqueness rule, by its columns and name, whichever form it takes.
    uniques = {((column.name,), None) for column in table.columns if column.unique}
    uniques |= {(tuple(unique.columns), unique.name) for unique in table.uniques}
    indexes = []
    for index in table.indexes:
        if index.where or index.include:
            continue
        if _a_uniqueness_key(index):
            uniques.add((tuple(str(e.column) for e in index.elements), index.name))
            if index.rationale.strip():
                indexes.append((index.column_names, _note(index.rationale)))
            continue
        elements = tuple(
            (e.column, e.expression, e.descending, e.nulls.value, e.opclass) for e in index.elements
        )
        indexes.append(
            (elements, index.name, index.unique, index.method.value, _note(index.rationale))
        )
    return {
        "description": _note(table.description),
        "columns": [
            (
                column.name,
                _type(column.type),
                column.nullable,
                column.default,
                _identity(column.generated),
                _note(column.description),
            )
            for column in table.columns
        ],
        "primary key": table.primary_key,
        "uniques": sorted(uniques, key=repr),
        "indexes": sorted(indexes, key=repr),
    }


def comparable(schema: Schema) -> dict[str, Any]:
    return {
        "description": _note(schema.description),
        "enums": {str(enum.qname): (enum.values, _note(enum.description)) for enum in schema.enums},
        "tables": {str(table.qname): _table(table) for table in schema.tables},
        "references": sorted(
            (
                str(r.from_table),
                r.from_columns,
                str(r.to_table),
                r.to_columns,
                r.name,
                r.kind.value,
                r.on_delete.value,
                r.on_update.value,
            )
            for r in schema.relationships
        ),
        "many to many": sorted(
            (tuple(sorted((str(m.left), str(m.right)))), str(m.through))
            for m in schema.many_to_many
        ),
    }
