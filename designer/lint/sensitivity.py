"""Sensitive fields: credentials and personal data marked so they stay out of Read schemas."""

from __future__ import annotations

from collections.abc import Iterator

from designer.schema.model import ObjectKind, Table
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


_READERS = frozenset({ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW})


@rule(
    "view-reads-sensitive",
    title="A view or materialized view that reads a column marked sensitive.",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def view_reads_sensitive(context: Context, table: Table) -> Iterator[Issue]:
    for column in table.columns:
        if not column.sensitive:
            continue
        for item in context.schema.objects_reading(table.qname, column.name):
            if item.kind not in _READERS:
                continue
            yield Issue(
                message=(
                    f"The {item.kind.value} {item.name} reads {table.name}.{column.name}, "
                    "which is marked sensitive."
                ),
                why=(
                    "Sensitive columns stay out of the generated Read schemas, but whoever "
                    f"may SELECT from {item.name} sees the value: a view is an API of its "
                    "own, and a materialized view keeps a copy of the value too."
                ),
                fix=(
                    f"Leave {column.name} out of {item.name} (or mask it), or grant SELECT on "
                    f"{item.name} only to the roles that may read {column.name}."
                ),
                target=Target(table=table.id, columns=(column.id,)),
            )
