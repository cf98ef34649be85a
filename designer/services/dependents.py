"""What deleting an entity or a field takes along, in words, for the confirmation
(computed on the pure model by ``designer.operations.references``, which the deletion
itself follows)."""

from __future__ import annotations

from ..models import Project
from ..operations import Gone
from ..operations.lookup import find_column, find_table
from ..operations.references import Dependents, column_dependents, table_dependents
from ..schema.model import Relationship, Schema
from ..store import current_schema


def _relationship(relationship: Relationship) -> str:
    return (
        f"{relationship.from_table.name}.{', '.join(relationship.from_columns)} → "
        f"{relationship.to_table.name}.{', '.join(relationship.to_columns)}"
    )


def _index(table: str, index) -> str:
    if index.name:
        return f"index {index.name}"
    keys = ", ".join(element.column or element.expression or "" for element in index.elements)
    return f"index on {table} ({keys})"


def _words(gone: Dependents, prefix: bool, table: str = "") -> list[str]:
    label = (lambda kind, text: f"{kind} {text}") if prefix else (lambda kind, text: text)
    lines = [label("relationship", _relationship(r)) for r in gone.relationships]
    lines += [
        label(
            "many-to-many",
            f"{m2m.left.name} ↔ {m2m.right.name} (many-to-many through {m2m.through.name})",
        )
        for m2m in gone.many_to_many
    ]
    lines += [_index(table, index) for index in gone.indexes]
    lines += [
        f"unique constraint {unique.name or '(' + ', '.join(unique.columns) + ')'}"
        for unique in gone.uniques
    ]
    lines += [f"check constraint {check.name or check.expression}" for check in gone.checks]
    lines += [f"the check of {column.name} ({column.check})" for column in gone.column_checks]
    return lines


def entity_dependents(project: Project, entity_id: str, schema: Schema | None = None) -> list[str]:
    """The relationships of other entities that go with the entity."""
    schema = schema or current_schema(project)
    try:
        _, table = find_table(schema, str(entity_id))
    except Gone:
        return []
    gone = table_dependents(schema, table)
    others = Dependents(
        relationships=tuple(r for r in gone.relationships if not r.is_self_reference),
        many_to_many=gone.many_to_many,
    )
    return _words(others, prefix=False)


def field_dependents(project: Project, field_id: str, schema: Schema | None = None) -> list[str]:
    """What deleting the field also removes or changes."""
    schema = schema or current_schema(project)
    try:
        table, _, column = find_column(schema, str(field_id))
    except Gone:
        return []
    return _words(column_dependents(schema, table, column), prefix=True, table=table.name)
