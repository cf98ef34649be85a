"""Constraints the database does not fully hold: checks and foreign keys added NOT VALID."""

from __future__ import annotations

from collections.abc import Iterator

from designer.schema.model import Relationship, Table
from designer.schema.sqltext import qualified, quote_ident

from .context import Context
from .findings import Issue, Severity, Target
from .registry import rule


@rule(
    "constraint-not-valid",
    title="A check or foreign key added NOT VALID: rows older than it are not checked.",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def not_valid(context: Context, table: Table) -> Iterator[Issue]:
    names = context.names
    for check in table.checks:
        if check.not_valid:
            name = names.check(check.id)
            yield _issue(
                table,
                f"The check {name} of {table.name} ({check.expression}) is NOT VALID.",
                name,
                Target(table=table.id, constraint=check.id),
            )
    for relationship in context.schema.relationships_from(table.qname):
        if relationship.not_valid:
            name = names.foreign_key(relationship)
            yield _issue(
                table,
                f"The foreign key {name} of {table.name} ({_columns(relationship)}) is NOT VALID.",
                name,
                Target(table=table.id, relationship=relationship.id),
            )


def _columns(relationship: Relationship) -> str:
    return f"{', '.join(relationship.from_columns)} → {relationship.to_table}"


def _issue(table: Table, message: str, name: str, target: Target) -> Issue:
    return Issue(
        message=message,
        why=(
            "NOT VALID checks the rows written from now on, not those already there: a query, "
            "a report or the planner (which trusts only validated constraints) cannot rely on "
            "the rule, and a restored dump or a copy of the rows may hold values that break it."
        ),
        fix=(
            "Find and fix the rows that break it, then validate it once the rows are fixed: "
            f"ALTER TABLE {qualified(table.qname)} VALIDATE CONSTRAINT {quote_ident(name)}; "
            "(a scan under a lock that lets reads and writes go on)."
        ),
        target=target,
    )
