"""``created_at`` / ``updated_at``: present, complete, and ``updated_at`` kept by its trigger."""

from __future__ import annotations

from collections.abc import Iterator

from designer.schema.model import Table

from .context import Context
from .findings import AddTimestamps, Issue, Severity, Target
from .registry import rule

STAMPS = ("created_at", "updated_at")
# Types the trigger's ``NEW.updated_at = now()`` fits.
_TRIGGER_TYPES = frozenset({"timestamptz", "timestamp"})


def _add_timestamps(table: Table) -> AddTimestamps:
    return AddTimestamps(table.id, label="Add created_at / updated_at with the trigger")


@rule(
    "timestamps-missing",
    title="A table without created_at and updated_at.",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def missing(context: Context, table: Table) -> Iterator[Issue]:
    absent = [name for name in STAMPS if name not in table.columns_by_name]
    if not absent:
        return
    yield Issue(
        message=f"{table.name} has no {' and no '.join(absent)}.",
        why=(
            "When a row was created and last changed is the first question in every "
            "support case, audit and incremental sync; it cannot be recovered later."
        ),
        fix=(
            f"Add {', '.join(absent)} timestamptz NOT NULL DEFAULT now(), with the "
            "update_updated_at_column() trigger keeping updated_at current."
        ),
        target=Target(table=table.id),
        auto_fixes=(_add_timestamps(table),),
    )


@rule(
    "updated-at-no-trigger",
    title="updated_at without the trigger that keeps it current.",
    strict=Severity.WARNING,
    relaxed=Severity.WARNING,
)
def no_trigger(context: Context, table: Table) -> Iterator[Issue]:
    column = table.columns_by_name.get("updated_at")
    if column is None or table.has_updated_at_trigger:
        return
    fits = column.type.base in _TRIGGER_TYPES and not column.type.array
    yield Issue(
        message=f"{table.name}.updated_at is not kept by the updated_at trigger.",
        why=(
            "Without the trigger updated_at holds whatever the application remembers to "
            "write: one forgotten code path or a manual UPDATE and it lies."
        ),
        fix=(
            f"Turn on timestamps for {table.name} so that the DDL adds "
            f"trg_{table.name}_updated_at calling update_updated_at_column()."
            + ("" if fits else " updated_at must be a timestamptz for the trigger to fit.")
        ),
        target=Target(table=table.id, columns=(column.id,)),
        auto_fixes=(_add_timestamps(table),) if fits else (),
    )


@rule(
    "timestamps-incomplete",
    title="created_at / updated_at that is nullable or has no default.",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def incomplete(context: Context, table: Table) -> Iterator[Issue]:
    for name in STAMPS:
        column = table.columns_by_name.get(name)
        if column is None:
            continue
        gaps = []
        if column.nullable:
            gaps.append("is nullable")
        if column.default is None:
            gaps.append("has no default")
        if not gaps:
            continue
        yield Issue(
            message=f"{table.name}.{name} {' and '.join(gaps)}.",
            why=(
                f"Every row has a {name}; a NULL or a value the application must supply "
                "leaves rows without one as soon as a writer forgets it."
            ),
            fix=f"Declare {name} NOT NULL DEFAULT now().",
            target=Target(table=table.id, columns=(column.id,)),
        )
