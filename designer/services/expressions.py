"""The SQL expressions of a table, kept as text: its fields' checks, its check
constraints, its index keys and predicates. They name the table's columns (and may
qualify them with the table's name), so a rename must be written into them."""

from __future__ import annotations

from collections.abc import Callable

from ..models import CheckConstraint, Entity, Field, Index, IndexColumn
from ..schema.expressions import ExpressionError


def rewrite_expressions(entity: Entity, rewrite: Callable[[str], str]) -> None:
    """Apply ``rewrite`` to every expression of ``entity``'s table that could name its
    columns: the fields' checks, the check constraints, index keys and predicates."""

    def rewritten(objects, attribute: str) -> list:
        changed = []
        for item in objects:
            text = getattr(item, attribute)
            try:
                new_text = rewrite(text)
            except ExpressionError:
                continue  # not an expression we wrote; validation reports it
            if new_text != text:
                setattr(item, attribute, new_text)
                changed.append(item)
        return changed

    fields = entity.fields.exclude(check_expression="")
    Field.objects.bulk_update(rewritten(fields, "check_expression"), ["check_expression"])
    checks = entity.check_constraints.all()
    CheckConstraint.objects.bulk_update(rewritten(checks, "expression"), ["expression"])
    Index.objects.bulk_update(rewritten(entity.indexes.exclude(where=""), "where"), ["where"])
    keys = IndexColumn.objects.filter(index__entity=entity).exclude(expression="")
    IndexColumn.objects.bulk_update(rewritten(keys, "expression"), ["expression"])
