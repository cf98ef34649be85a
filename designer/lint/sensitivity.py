"""Sensitive fields: credentials and personal data marked so they stay out of Read schemas."""

from __future__ import annotations

from collections.abc import Iterator

from designer.schema.model import Table
from designer.schema.types import TYPES, Category

from .context import Context
from .findings import Issue, MarkSensitive, Severity, Target
from .registry import rule
from .vocabulary import looks_sensitive

# Numbers, flags and dates describe a secret (``password_changed_at``); they are not one.
_NOT_SECRETS = frozenset(
    {Category.INTEGER, Category.NUMERIC, Category.BOOLEAN, Category.TEMPORAL, Category.ENUM}
)


@rule(
    "sensitive-not-marked",
    title="A sensitive-looking field (password, token, secret, api_key, ssn...) not marked "
    "sensitive.",
    strict=Severity.WARNING,
    relaxed=Severity.WARNING,
)
def not_marked(context: Context, table: Table) -> Iterator[Issue]:
    for column in table.columns:
        if column.sensitive or not looks_sensitive(column.name):
            continue
        info = TYPES.get(column.type.base)
        if column.type.is_enum or (info is not None and info.category in _NOT_SECRETS):
            continue
        yield Issue(
            message=f"{table.name}.{column.name} looks sensitive but is not marked sensitive.",
            why=(
                "Fields not marked sensitive go into the generated Read schemas, so an API "
                "built on them returns the value to every client that can read the row — a "
                "password hash or a token in a JSON response is a breach."
            ),
            fix=f"Mark {column.name} sensitive (it then never appears in Read schemas).",
            target=Target(table=table.id, columns=(column.id,)),
            auto_fixes=(MarkSensitive(table.id, column.id, label=f"Mark {column.name} sensitive"),),
        )
