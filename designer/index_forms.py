"""The form that edits an existing index in place (the entity panel's inline edit).

It reads as the form that adds an index (``designer.forms.IndexForm``: the same inputs,
the same parsing of keys, WHERE and INCLUDE), starts from the index as it is, and
makes a ``ChangeIndex`` that keeps the index's id, so comments on it stay with it.
"""

from __future__ import annotations

from . import models
from .forms import IndexForm
from .generators.ddl import index_key
from .operations.base import Operation
from .operations.constraints import ChangeIndex
from .schema.model import IndexElement, NullsOrder
from .schema.sqltext import quote_ident


def keys_text(index: models.Index) -> str:
    """The index's keys as typed in the form: ``user_id, created_at DESC, (lower(email))``."""
    return ", ".join(
        index_key(
            IndexElement(
                column=key.field.name if key.field_id else None,
                expression=None if key.field_id else key.expression,
                descending=key.descending,
                nulls=NullsOrder(key.nulls),
                opclass=key.opclass or None,
            )
        )
        for key in index.keys.all()
        if not key.included
    )


def include_text(index: models.Index) -> str:
    """The index's INCLUDE columns as typed in the form: ``title, due_date``."""
    return ", ".join(quote_ident(key.field.name) for key in index.keys.all() if key.included)


class IndexEditForm(IndexForm):
    """An index's keys, options, name and rationale, as they are, to change."""

    def __init__(self, *args, index: models.Index, **kwargs):
        kwargs.setdefault("initial", initial_values(index))
        super().__init__(*args, entity=index.entity, **kwargs)
        self.index = index

    def operations(self) -> list[Operation]:
        return [ChangeIndex(str(self.index.pk), **self.index_definition())]


def initial_values(index: models.Index) -> dict[str, object]:
    """What the form shows before anything is typed: the index as it is."""
    return {
        "keys": keys_text(index),
        "unique": index.unique,
        "method": index.method,
        "where": index.where,
        "include": include_text(index),
        "rationale": index.rationale,
        "name": index.name,
    }
