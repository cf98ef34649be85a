"""Operations: the one vocabulary of change (see README.md beside this file).

``run(schema, operations)`` applies operations in order and returns an ``Outcome``:
the schema after, the ``Patch`` between the two and a one-line summary. Each step is
checked before the next: what PostgreSQL would refuse (``designer.schema.validation``,
on the part of the schema the step touched) and the standards the editor keeps (the
design review's error-level rules an operation guards) make it ``Invalid``, naming the
input it is about. Nothing here touches the database: ``designer.services.edits``
writes an outcome.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from designer.lint import lint_tables
from designer.schema.model import Schema
from designer.schema.validation import Problem, Scope, validate

from .base import Gone, Invalid, Operation, OperationError, derived_id, new_id
from .constraints import AddCheck, AddIndex, AddUnique, ChangeIndex, DeleteConstraint
from .diagram_views import AddDiagramView, ChangeDiagramView, RemoveDiagramView
from .entities import AddEntity, AddPrimaryKey, AddTimestamps, DeleteEntity, EditEntity
from .enums import AddEnum, DeleteEnum, EditEnum
from .fields import AddField, DeleteField, EditField, MoveField
from .objects import (
    AddSqlObject,
    ChangeObjectDescription,
    ChangeSqlObject,
    RemoveSqlObject,
    refuse_breaking_reads,
)
from .patch import Patch, Stale
from .project import EditProject, ReplaceSchema
from .queries import AddQuery, ChangeQuery, RemoveQuery
from .relationships import AddManyToMany, AddRelationship, DeleteRelationship, EditRelationship
from .review import ApplyFix, Suppress, Unsuppress

OPERATIONS: tuple[type[Operation], ...] = (
    AddEntity,
    EditEntity,
    DeleteEntity,
    AddTimestamps,
    AddPrimaryKey,
    AddField,
    EditField,
    MoveField,
    DeleteField,
    AddRelationship,
    AddManyToMany,
    EditRelationship,
    DeleteRelationship,
    AddIndex,
    ChangeIndex,
    AddUnique,
    AddCheck,
    DeleteConstraint,
    AddEnum,
    EditEnum,
    DeleteEnum,
    EditProject,
    ReplaceSchema,
    ApplyFix,
    Suppress,
    Unsuppress,
    AddDiagramView,
    ChangeDiagramView,
    RemoveDiagramView,
    AddSqlObject,
    ChangeSqlObject,
    RemoveSqlObject,
    ChangeObjectDescription,
    AddQuery,
    ChangeQuery,
    RemoveQuery,
)
_BY_KIND = {operation.kind: operation for operation in OPERATIONS}

__all__ = [
    "OPERATIONS",
    "AddCheck",
    "AddDiagramView",
    "AddEntity",
    "AddEnum",
    "AddField",
    "AddIndex",
    "AddManyToMany",
    "AddPrimaryKey",
    "AddQuery",
    "AddRelationship",
    "AddSqlObject",
    "AddTimestamps",
    "AddUnique",
    "ApplyFix",
    "ChangeDiagramView",
    "ChangeIndex",
    "ChangeObjectDescription",
    "ChangeQuery",
    "ChangeSqlObject",
    "DeleteConstraint",
    "DeleteEntity",
    "DeleteEnum",
    "DeleteField",
    "DeleteRelationship",
    "EditEntity",
    "EditEnum",
    "EditField",
    "EditProject",
    "EditRelationship",
    "Gone",
    "Invalid",
    "MoveField",
    "Operation",
    "OperationError",
    "Outcome",
    "Patch",
    "RemoveDiagramView",
    "RemoveQuery",
    "RemoveSqlObject",
    "ReplaceSchema",
    "Stale",
    "Suppress",
    "Unsuppress",
    "check_step",
    "derived_id",
    "from_data",
    "new_id",
    "run",
]


def from_data(data: Mapping[str, Any]) -> Operation:
    """The operation ``Operation.to_data`` wrote; ``ValueError`` for anything else."""
    if not isinstance(data, Mapping) or not isinstance(data.get("op"), str):
        raise ValueError("an operation is an object with an 'op'")
    cls = _BY_KIND.get(data["op"])
    if cls is None:
        raise ValueError(f"unknown operation {data['op']!r}")
    fields = {key: _tuples(value) for key, value in data.items() if key != "op"}
    try:
        return cls.from_fields(fields)
    except TypeError as error:
        raise ValueError(f"{data['op']}: {error}") from None


def _tuples(value: Any) -> Any:
    """JSON lists read back as the tuples the operations hold."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    return value


@dataclass(frozen=True)
class Outcome:
    before: Schema
    after: Schema
    patch: Patch
    summary: str

    @property
    def changed(self) -> bool:
        return not self.patch.empty


def run(schema: Schema, operations: Sequence[Operation]) -> Outcome:
    """Apply ``operations`` in order, each checked; ``OperationError`` stops them all."""
    current = schema
    summaries = []
    for operation in operations:
        summaries.append(operation.describe(current))
        after = operation.apply(current)
        check_step(current, after, operation.guards, whole=isinstance(operation, ReplaceSchema))
        current = after
    return Outcome(schema, current, Patch.between(schema, current), "; ".join(summaries))


def check_step(
    before: Schema, after: Schema, guards: Mapping[str, str | None] = {}, whole: bool = False
) -> None:
    """Refuse a step that makes a new problem: one PostgreSQL would refuse, or a new
    error-level finding of a rule in ``guards`` (rule id -> the input it is about).

    Problems the schema had before the step are not this step's: an imported design
    may hold what the editor would refuse, and its other parts stay editable.
    """
    if after is before:
        return
    patch = Patch.between(before, after)
    if patch.empty:
        return
    # What a view (or another object kept as SQL) reads is not dropped, renamed or
    # retyped under it; a whole design given at once says what it keeps itself.
    if not whole:
        refuse_breaking_reads(before, after, patch)
    # The standards first: where a change breaks one and PostgreSQL too (a foreign key
    # between types it cannot compare), the standard says it better, at the input.
    if guards:
        tables = _neighbours(patch, after)
        old = {
            finding.key
            for finding in lint_tables(before, guards, tables, before.review_profile)
            if finding.severity.value == "error"
        }
        broken = [
            (finding.message, guards[finding.rule])
            for finding in lint_tables(after, guards, tables, after.review_profile)
            if finding.severity.value == "error" and finding.key not in old
        ]
        if broken:
            raise Invalid(*broken[0], errors=broken)
    scope = None if whole else _scope(patch, before, after)
    problems = validate(after, scope)
    if problems:
        known = set(validate(before, scope))
        if new := [problem for problem in problems if problem not in known]:
            errors = list(dict.fromkeys(_error(problem) for problem in new))
            raise Invalid(*errors[0], errors=errors)


def _error(problem: Problem) -> tuple[str, str | None]:
    """A problem as the editor shows it: beside its input, or with where it is."""
    if problem.field:
        return problem.sentence, problem.field
    return f"{problem.where[:1].upper()}{problem.where[1:]}: {problem.message}.", None


def _changed_tables(patch: Patch) -> set[str]:
    return {change.id for change in patch.tables}


def _scope(patch: Patch, before: Schema, after: Schema) -> Scope | None:
    """What a step touched: its tables, with the relationships and links from, to and
    through them; everything when enum types or extensions changed (columns of every
    table may depend on them)."""
    if patch.enums or any(attribute == "extensions" for attribute, _, _ in patch.settings):
        return None
    tables = _changed_tables(patch)
    names = {
        table.qname
        for change in patch.tables
        for table in (change.before, change.after)
        if table is not None
    }
    relationships = {change.id for change in patch.relationships}
    links = {change.id for change in patch.many_to_many}
    for schema in (before, after):
        for name in names:  # (the schema's index of relationships by table, not a scan)
            relationships.update(r.id for r in schema.relationships_from(name))
            relationships.update(r.id for r in schema.relationships_to(name))
        links.update(
            m2m.id for m2m in schema.many_to_many if names & {m2m.left, m2m.right, m2m.through}
        )
    # A foreign key's constraint name is checked with the table it is declared on.
    for change in patch.relationships:
        for schema, relationship in ((before, change.before), (after, change.after)):
            source = schema.tables_by_name.get(relationship.from_table) if relationship else None
            if source is not None:
                tables.add(source.id)
    return Scope(frozenset(tables), frozenset(relationships), frozenset(links))


def _neighbours(patch: Patch, schema: Schema) -> set[str]:
    """The changed tables and those whose foreign keys reach them or changed: the
    referencing side of a foreign key holds its findings."""
    tables = _changed_tables(patch)
    names = {change.after.qname for change in patch.tables if change.after is not None}
    reaching = [r for name in names for r in schema.relationships_to(name)]
    reaching += [change.after for change in patch.relationships if change.after is not None]
    by_name = schema.tables_by_name
    for relationship in reaching:
        source = by_name.get(relationship.from_table)
        if source is not None:
            tables.add(source.id)
    return tables


def operations_data(operations: Iterable[Operation]) -> list[dict[str, Any]]:
    return [operation.to_data() for operation in operations]
