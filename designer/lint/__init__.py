"""The design review: the seeds' checklist as automatic, explained findings.

``lint(schema, profile="strict", suppressions=())`` runs every rule of the profile over
a schema and returns its findings in a fixed order — enum types first, then tables in the
schema's order, then the saved queries, and for each object the rules in review order
(``registry.rules()``).
Each ``Finding`` names a rule id, a severity, a message naming the table and column,
why it matters, a fix in words, the ids of the objects concerned (``target``) and, where
the remedy is unambiguous, ``auto_fixes`` that ``designer.operations.ApplyFix`` applies
(each fix is carried out by the operation that makes the same change in the editor).

Suppressed findings are returned too, marked with their ``Suppression``, so that a
review can list open and accepted findings side by side; only open ones count for
``has_errors``. The rules, their ids and severities per profile: ``RULES.md``.

A partition is not reviewed on its own: it has its parent's columns, keys, foreign keys
and indexes (PostgreSQL copies them), so what it could be told is its parent's finding
again — a missing primary key, an unindexed foreign key, a table name in the singular.
A domain column is reviewed by its base type (``ColumnType`` repeats it), a fix on the
type being the domain's. Views, functions and the other objects kept as SQL are read by
the rules that care (a view reading a sensitive column).

Pure: nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from designer.schema.model import Schema

from .context import Context
from .findings import (
    AddIndex,
    AddPrimaryKey,
    AddTimestamps,
    DropIndex,
    Finding,
    Fix,
    Issue,
    MarkSensitive,
    SetColumnType,
    SetNotNull,
    SetOnDelete,
    Severity,
    Suppression,
    Target,
    UseIdentity,
)
from .registry import DEFAULT_PROFILE, PROFILES, Profile, Rule, rules

__all__ = [
    "DEFAULT_PROFILE",
    "PROFILES",
    "AddIndex",
    "AddPrimaryKey",
    "AddTimestamps",
    "DropIndex",
    "Finding",
    "Fix",
    "MarkSensitive",
    "Profile",
    "Rule",
    "SetColumnType",
    "SetNotNull",
    "SetOnDelete",
    "Severity",
    "Suppression",
    "Target",
    "UseIdentity",
    "has_errors",
    "lint",
    "lint_tables",
    "profile_named",
    "rules",
    "unused_suppressions",
]


def profile_named(name: str) -> Profile:
    """The profile called ``name``; ValueError naming the choices otherwise."""
    try:
        return PROFILES[name]
    except KeyError:
        choices = ", ".join(sorted(PROFILES))
        raise ValueError(f"unknown review profile {name!r} (choose {choices})") from None


def lint(
    schema: Schema,
    profile: str | Profile = DEFAULT_PROFILE,
    suppressions: Iterable[Suppression] = (),
) -> list[Finding]:
    """Every finding of the design review of ``schema``, in a fixed order."""
    chosen = profile_named(profile) if isinstance(profile, str) else profile
    context = Context(schema, chosen)
    accepted = {(item.rule, item.target): item for item in suppressions}
    active = [(rule, severity) for rule in rules() if (severity := chosen.severity(rule))]
    enum_checks = [(rule, s, rule.check_enum) for rule, s in active if rule.check_enum]
    table_checks = [(rule, s, rule.check) for rule, s in active if rule.check]
    query_checks = [(rule, s, rule.check_query) for rule, s in active if rule.check_query]
    findings: list[Finding] = []
    for enum in schema.enums:
        for rule, severity, check in enum_checks:
            for issue in check(context, enum):
                findings.append(_finding(rule, severity, None, issue, accepted))
    for table in schema.tables:
        if table.partition_of is not None:
            continue  # reviewed through its parent (see the module docstring)
        shown = str(table.qname)
        for rule, severity, check in table_checks:
            for issue in check(context, table):
                findings.append(_finding(rule, severity, shown, issue, accepted))
    for query in schema.queries:
        for rule, severity, check in query_checks:
            for issue in check(context, query):
                findings.append(_finding(rule, severity, None, issue, accepted))
    return findings


def lint_tables(
    schema: Schema,
    rule_ids: Iterable[str],
    table_ids: Iterable[str],
    profile: str = DEFAULT_PROFILE,
) -> list[Finding]:
    """The findings of some rules on some tables only (what an edit may have changed).

    The rules see the part of the schema those tables reach: themselves, the tables
    their foreign keys reference and those foreign keys; on a large schema that is a
    small fraction of the whole, and the findings on these tables are the same.
    """
    chosen = profile_named(profile)
    tables = set(table_ids)
    context = Context(_around(schema, tables), chosen)
    wanted = set(rule_ids)
    checks = [
        (rule, severity, rule.check)
        for rule in rules()
        if rule.id in wanted and rule.check and (severity := chosen.severity(rule))
    ]
    findings: list[Finding] = []
    for table in context.schema.tables:
        if table.id in tables and table.partition_of is None:
            for rule, severity, check in checks:
                for issue in check(context, table):
                    findings.append(_finding(rule, severity, str(table.qname), issue, {}))
    return findings


def _around(schema: Schema, table_ids: set[str]) -> Schema:
    """The tables of ``table_ids``, the tables their foreign keys reference, and those
    foreign keys."""
    ordered = [table.qname for table in schema.tables if table.id in table_ids]
    relationships = tuple(r for name in ordered for r in schema.relationships_from(name))
    names = set(ordered)
    wanted = names | {r.to_table for r in relationships}
    return replace(
        schema,
        tables=tuple(table for table in schema.tables if table.qname in wanted),
        relationships=relationships,
        many_to_many=tuple(m for m in schema.many_to_many if m.through in names),
    )


def _finding(
    rule: Rule,
    severity: Severity,
    table: str | None,
    issue: Issue,
    accepted: dict[tuple[str, str], Suppression],
) -> Finding:
    return Finding(
        rule=rule.id,
        severity=severity,
        table=table,
        message=issue.message,
        why=issue.why,
        fix=issue.fix,
        target=issue.target,
        auto_fixes=issue.auto_fixes,
        suppression=accepted.get((rule.id, issue.target.key)) if accepted else None,
    )


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether an open (not suppressed) error-level finding exists: the CI gate."""
    return any(finding.open and finding.severity is Severity.ERROR for finding in findings)


def unused_suppressions(
    findings: Iterable[Finding], suppressions: Iterable[Suppression]
) -> list[Suppression]:
    """Suppressions that no longer match a finding (the problem was fixed or removed)."""
    used = {finding.key for finding in findings if finding.suppressed}
    return [item for item in suppressions if (item.rule, item.target) not in used]
