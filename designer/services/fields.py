"""Adding, reordering and deleting fields."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Q

from ..models import Entity, Field, Index, Relationship, UniqueConstraint


def next_field_position(entity: Entity) -> int:
    highest = entity.fields.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


@transaction.atomic
def move_field(field: Field, offset: int) -> bool:
    """Move a field up (-1) or down (+1) among its entity's fields; False at either end."""
    fields = list(field.entity.fields.order_by("position", "name"))
    index = next(i for i, candidate in enumerate(fields) if candidate.id == field.id)
    target = index + offset
    if not 0 <= target < len(fields):
        return False
    fields[index], fields[target] = fields[target], fields[index]
    for position, candidate in enumerate(fields):
        candidate.position = position
    Field.objects.bulk_update(fields, ["position"])
    return True


def _relationships_using(field: Field):
    return Relationship.objects.filter(
        Q(column_pairs__from_field=field) | Q(column_pairs__to_field=field)
    ).distinct()


def field_dependents(field: Field) -> list[str]:
    """What deleting the field also removes or changes, in words."""
    from .entities import describe_relationship

    dependents = [
        f"relationship {describe_relationship(relationship)}"
        for relationship in _relationships_using(field).select_related("from_entity", "to_entity")
    ]
    indexes = Index.objects.filter(keys__field=field).distinct()
    dependents += [f"index {index.name or 'on ' + field.entity.name}" for index in indexes]
    uniques = UniqueConstraint.objects.filter(constraint_columns__field=field).distinct()
    dependents += [f"unique constraint {unique.name or '(unnamed)'}" for unique in uniques]
    return dependents


@transaction.atomic
def delete_field(field: Field) -> None:
    """Delete a field with the relationships, indexes and unique constraints using it.

    As in PostgreSQL's DROP COLUMN ... CASCADE, an index or constraint that uses the
    column goes as a whole rather than losing one of its columns.
    """
    _relationships_using(field).delete()
    Index.objects.filter(keys__field=field).delete()
    UniqueConstraint.objects.filter(constraint_columns__field=field).delete()
    field.delete()
