"""Required fields are NOT NULL: columns whose name or role says a row needs them."""

from __future__ import annotations

from collections.abc import Iterator

from designer.schema.model import Action, Column, Table

from .context import Context
from .findings import Issue, SetNotNull, Severity, Target
from .registry import rule
from .vocabulary import looks_required


def _required_role(context: Context, table: Table, column: Column) -> str | None:
    """Why the column's role makes it required, or None."""
    for relationship in context.foreign_keys(table):
        if column.name not in relationship.from_columns or relationship.is_self_reference:
            continue
        parent = relationship.to_table.name
        if context.is_junction(table):
            return f"it is one side of the junction {table.name}, and a link needs both sides"
        # CASCADE says the row is part of its parent, so it cannot exist without one. A
        # self-reference is the exception: a tree's roots have no parent.
        if relationship.on_delete is Action.CASCADE:
            return f"ON DELETE CASCADE makes each {table.name} row part of a {parent} row"
    return None


def _domain_not_null(context: Context, column: Column) -> bool:
    """Whether the column's domain is NOT NULL (which holds for the column)."""
    if column.type.domain is None or column.type.array:
        return False
    domain = context.schema.domains_by_name.get(column.type.domain)
    return domain is not None and not domain.nullable


def _sets_null(context: Context, table: Table, column: Column) -> bool:
    return any(
        Action.SET_NULL in (relationship.on_delete, relationship.on_update)
        for relationship in context.relationships_of(table, column.name)
        if relationship in context.foreign_keys(table)
    )


@rule(
    "nullable-looks-required",
    title="A nullable column that looks required (email, name, a composition's key...).",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def looks_required_but_nullable(context: Context, table: Table) -> Iterator[Issue]:
    for column in table.columns:
        if not column.nullable or _domain_not_null(context, column):
            continue
        role = _required_role(context, table, column)
        if role is None and not looks_required(column.name):
            continue
        reason = role or f"rows of {table.name} are hardly meaningful without {column.name}"
        yield Issue(
            message=f"{table.name}.{column.name} is nullable but looks required: {reason}.",
            why=(
                "A required value that the database does not require will be missing "
                "somewhere: every reader then has to handle NULL, and a UNIQUE constraint "
                "lets any number of NULLs through."
            ),
            fix=f"Declare {column.name} NOT NULL (with a default if existing rows need one).",
            target=Target(table=table.id, columns=(column.id,)),
            auto_fixes=(
                ()
                if _sets_null(context, table, column)
                else (SetNotNull(table.id, column.id, label=f"Make {column.name} NOT NULL"),)
            ),
        )
