"""Adding, renaming, reordering and deleting fields.

The SQL expressions of a table (column checks, check constraints, index expressions and
partial-index predicates) are kept as text and name its columns, so a field's rename is
written into them and its deletion takes with it what reads it, as PostgreSQL's
``RENAME COLUMN`` and ``DROP COLUMN`` do.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Q

from ..models import CheckConstraint, Entity, Field, Index, Relationship, UniqueConstraint
from ..schema.expressions import ExpressionError, column_references, rename_column
from .expressions import rewrite_expressions


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


@transaction.atomic
def save_field(form, old_name: str) -> Field:
    """Save a valid ``FieldForm``; a rename is written into the expressions that read it."""
    field = form.save()
    if old_name and old_name != field.name:
        rewrite_expressions(field.entity, lambda text: rename_column(text, old_name, field.name))
    return field


def _reads(text: str, name: str) -> bool:
    try:
        return name in column_references(text)
    except ExpressionError:
        return False


def _expressions_reading(field: Field) -> tuple[list[Field], list[CheckConstraint], list[Index]]:
    """Column checks (of other fields), check constraints and indexes whose expressions
    read ``field``."""
    entity, name = field.entity, field.name
    checked = [
        other
        for other in entity.fields.exclude(pk=field.pk).exclude(check_expression="")
        if _reads(other.check_expression, name)
    ]
    checks = [check for check in entity.check_constraints.all() if _reads(check.expression, name)]

    def reads(index: Index) -> bool:
        texts = [index.where, *(key.expression for key in index.keys.all())]
        return any(_reads(text, name) for text in texts if text)

    indexes = [index for index in entity.indexes.prefetch_related("keys") if reads(index)]
    return checked, checks, indexes


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
    checked, checks, reading = _expressions_reading(field)
    indexes = {index.pk: index for index in Index.objects.filter(keys__field=field)}
    indexes.update((index.pk, index) for index in reading)
    dependents += [f"index {index.name or 'on ' + field.entity.name}" for index in indexes.values()]
    uniques = UniqueConstraint.objects.filter(constraint_columns__field=field).distinct()
    dependents += [f"unique constraint {unique.name or '(unnamed)'}" for unique in uniques]
    dependents += [f"check constraint {check.name or check.expression}" for check in checks]
    dependents += [f"the check of {other.name} ({other.check_expression})" for other in checked]
    return dependents


@transaction.atomic
def delete_field(field: Field) -> None:
    """Delete a field with the relationships, indexes and constraints using it.

    As in PostgreSQL's DROP COLUMN ... CASCADE, an index or constraint that uses the
    column goes as a whole rather than losing one of its columns; so does another
    field's check that reads it.
    """
    checked, checks, indexes = _expressions_reading(field)
    for other in checked:
        other.check_expression = ""
    Field.objects.bulk_update(checked, ["check_expression"])
    CheckConstraint.objects.filter(pk__in=[check.pk for check in checks]).delete()
    Index.objects.filter(pk__in=[index.pk for index in indexes]).delete()
    _relationships_using(field).delete()
    Index.objects.filter(keys__field=field).delete()
    UniqueConstraint.objects.filter(constraint_columns__field=field).delete()
    field.delete()
