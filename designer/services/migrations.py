"""Comparing two designs of a project: the diff, the migration between them, the review's
delta — for the diff page, the ``migration`` command and the document's section 7.

An end of a comparison is a saved version (by name) or ``working``, the project's design
now; the drift of a live database (``drift``) compares the database's schema, matched to
the design by name, with the working copy. Everything here reads; nothing writes.

A live database holds no ids: its objects take the ids of the design's objects of the
same name (``designer.schema.ids.adopt_ids``), and what is left over is a drop or a
creation — unless the user accepts a proposed rename (``rename_proposals``: a table of the
database and one of the design holding mostly the same columns; in a table both have, a
column only the database has and one only the design has, of the same type). A rename is
never assumed: only an accepted proposal becomes one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import NamedTuple

from .. import store
from ..artifact_cache import findings
from ..generators import ddl
from ..generators.migration_alembic import revision as alembic_revision
from ..generators.migration_sql import DOWN, UP, Migration, MigrationError, Step, migration
from ..lint.findings import Finding
from ..models import Project, Version
from ..operations import OperationError
from ..schema.diff import SchemaDiff, diff
from ..schema.expressions import ExpressionError, expression_tree
from ..schema.ids import adopt_ids
from ..schema.model import NullsOrder, QName, Schema
from ..schema.sqltext import type_sql
from .versions import VersionError, version_schema

WORKING = "working"  # the project's design now, as an end of a comparison
DIRECTIONS = (UP, DOWN)
FORMATS = ("sql", "alembic")


class CompareError(OperationError):
    """An end that does not exist or cannot be read; the message says which."""


@dataclass(frozen=True)
class End:
    """One side of a comparison: a version, the working copy or a live database."""

    name: str  # the version's name, ``working``, or ``live``
    label: str  # what people read: "v3", "the working copy", "db.example.com/shop"
    schema: Schema
    revision: int | None  # the project's revision it is at (None: a live database)
    created: datetime | None = None  # when a version was saved (None: now)


class QueryChange(NamedTuple):
    kind: str  # "added", "changed" or "removed"
    name: str
    was: str = ""  # the name it had, when a change renamed it


@dataclass(frozen=True)
class Comparison:
    """Two designs, what changed between them, the migration, and the review's delta."""

    old: End
    new: End
    diff: SchemaDiff
    migration: Migration | None  # None when it cannot be written (``error`` says why)
    error: str = ""
    appeared: tuple[Finding, ...] = ()  # review findings the new design has, the old not
    resolved: tuple[Finding, ...] = ()  # and the other way round
    proposals: tuple[Rename, ...] = ()  # a live database's likely renames
    accepted: tuple[Rename, ...] = ()
    not_renamed: tuple[str, ...] = ()  # enum types whose value renames are not guessed

    @property
    def destructive(self) -> bool:
        return self.migration is not None and any(step.destructive for step in self.migration.up)

    @cached_property
    def query_changes(self) -> tuple[QueryChange, ...]:
        """The saved queries added, changed or removed (by id): part of the design, not
        of the database, so not in ``diff`` or the migration."""
        old = {query.id: query for query in self.old.schema.queries}
        new = {query.id: query for query in self.new.schema.queries}
        changes = [
            QueryChange("removed", query.name) for key, query in old.items() if key not in new
        ]
        for key, query in new.items():
            was = old.get(key)
            if was is None:
                changes.append(QueryChange("added", query.name))
            elif was != query:
                renamed = was.name if was.name != query.name else ""
                changes.append(QueryChange("changed", query.name, renamed))
        return tuple(changes)

    def risky_steps(self, direction: str) -> list[Step]:
        """The steps of ``direction`` that can lose data (destructive, or irreversible):
        what a download asks to acknowledge and the command warns of."""
        if self.migration is None:
            return []
        try:
            steps = self.migration.steps(direction)
        except MigrationError:  # no way back
            return []
        return [step for step in steps if step.destructive or step.irreversible]

    def script(self, direction: str, fmt: str) -> tuple[str, str]:
        """``(file name, text)`` of the migration in one direction and format (``sql``:
        the psql script; ``alembic``: an Alembic revision); ``MigrationError`` when it
        cannot be written."""
        if direction not in DIRECTIONS:
            raise CompareError(f"the direction is up or down, not {direction!r}")
        if fmt not in FORMATS:
            raise CompareError(f"the format is sql or alembic, not {fmt!r}")
        if self.migration is None:
            raise MigrationError(self.error)
        stem = f"{self.old.name}-to-{self.new.name}"
        if fmt == "sql":
            return f"{stem}.{direction}.sql", self.migration.sql(direction)
        if direction == DOWN:
            self.migration.steps(DOWN)  # raises when the way back cannot be written
        text = alembic_revision(
            self.migration,
            message=f"{self.old.label} to {self.new.label}",
            revision=self.revision_id(),
            down_revision=None,
            created=self.new.created,  # a version's: the same file each time
        )
        return f"{self.revision_id()}_{stem}.py".replace("-", "_"), text

    def revision_id(self) -> str:
        """The Alembic revision's id: the same for the same two designs."""
        seed = f"{self.old.name}:{self.old.revision}:{self.new.name}:{self.new.revision}"
        return hashlib.sha256(seed.encode()).hexdigest()[:12]


def end(project: Project, name: str) -> End:
    """The version ``name`` of the project, or its working copy (``working``)."""
    if name == WORKING:
        schema = store.current_schema(project)
        return End(WORKING, "the working copy", schema, project.revision)
    version = Version.objects.filter(project=project, name=name).first()  # with its design
    if version is None:
        raise CompareError(f"The project has no version named “{name}”.")
    version.project = project
    try:
        schema = version_schema(version)
    except VersionError as error:
        raise CompareError(error.message) from None
    return End(version.name, version.name, schema, version.revision, version.created_at)


def default_ends(project: Project) -> tuple[str, str] | None:
    """The comparison a page opens with: the last version → the working copy (None when
    the project has no version)."""
    last = (
        Version.objects.filter(project=project)
        .order_by("-created_at", "-revision")
        .values_list("name", flat=True)
        .first()
    )
    return None if last is None else (last, WORKING)


def previous_version(project: Project, revision: int) -> Version | None:
    """The newest version saved before ``revision`` (the one the design at ``revision``
    migrates from), without its design."""
    return (
        Version.objects.filter(project=project, revision__lt=revision)
        .defer("design")
        .order_by("-revision", "-created_at")
        .first()
    )


def compare(
    project: Project, old_name: str, new_name: str, not_renamed: Iterable[str] = ()
) -> Comparison:
    """The comparison of two ends of the project (version names or ``working``).
    ``not_renamed`` names enum types (``status``, ``sales.status``) whose values the diff
    must not guess renames in: a value that took another's place is removed and added."""
    old, new = end(project, old_name), end(project, new_name)
    return _compare(project, old, new, not_renamed=tuple(not_renamed))


def _compare(
    project: Project,
    old: End,
    new: End,
    proposals: tuple[Rename, ...] = (),
    accepted: tuple[Rename, ...] = (),
    not_renamed: tuple[str, ...] = (),
) -> Comparison:
    enums = {str(enum.qname): enum.id for enum in (*old.schema.enums, *new.schema.enums)}
    unknown = [name for name in not_renamed if name not in enums]
    if unknown:
        raise CompareError(f"No enum type named “{unknown[0]}” in either design.")
    literal = {enums[name]: {} for name in not_renamed}
    changes = diff(old.schema, new.schema, enum_value_renames=literal)
    try:
        written: Migration | None = migration(old.schema, new.schema, enum_value_renames=literal)
        error = ""
    except MigrationError as failure:
        written, error = None, str(failure)
    # A live database holds none of the design's own settings (sensitive columns, the
    # review's suppressions...): its review would differ for that alone; not compared.
    appeared, resolved = review_delta(project, old, new) if old.revision is not None else ((), ())
    return Comparison(
        old, new, changes, written, error, appeared, resolved, proposals, accepted, not_renamed
    )


def review_delta(
    project: Project, old: End, new: End
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """The open findings of the design review that ``new`` has and ``old`` has not, and
    those ``old`` has and ``new`` has not (matched by rule and object)."""
    before = _open_findings(project, old)
    after = _open_findings(project, new)
    old_keys = {finding.key for finding in before}
    new_keys = {finding.key for finding in after}
    return (
        tuple(finding for finding in after if finding.key not in old_keys),
        tuple(finding for finding in before if finding.key not in new_keys),
    )


def _open_findings(project: Project, side: End) -> list[Finding]:
    reviewed = findings(project, side.schema, side.revision)
    return [finding for finding in reviewed if finding.open]


# --- drift from a live database -------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Rename:
    """A rename the user may accept: a table (``column`` empty) or a column of a table.
    ``table`` is the database's name of the table; ``old`` the database's name, ``new``
    the design's."""

    table: QName
    old: str
    new: str
    column: bool = field(default=False)

    @property
    def token(self) -> str:
        """How the page and the command name it: ``orders.code=orders.reference``
        (a column, the table on both sides) or ``orders=purchases`` (a table)."""
        if self.column:
            return f"{self.table}.{self.old}={self.table}.{self.new}"
        new_table = QName(self.table.schema, self.new)
        return f"{self.table}={new_table}"

    def describe(self) -> str:
        if self.column:
            return f"column {self.table}.{self.old} → {self.new}"
        return f"table {self.table} → {QName(self.table.schema, self.new)}"


def rename_proposals(live: Schema, design: Schema) -> tuple[Rename, ...]:
    """Likely renames between a live database's schema and the design (never applied
    unless accepted): a table only the database has and one only the design has, in the
    same PostgreSQL schema, sharing most of their columns; in each table both have (by
    name, or through a proposed table rename), a column only the database has and one
    only the design has, of the same type, paired in column order."""
    live_tables = {table.qname: table for table in live.tables}
    design_tables = {table.qname: table for table in design.tables}
    proposals: list[Rename] = []
    pairs: list[tuple] = []
    only_design = [t for name, t in design_tables.items() if name not in live_tables]
    for name, table in live_tables.items():
        other = design_tables.get(name)
        if other is not None:
            pairs.append((table, other))
            continue
        best = _closest(table, [t for t in only_design if t.schema == table.schema])
        if best is not None:
            only_design.remove(best)
            proposals.append(Rename(table.qname, table.name, best.name))
            pairs.append((table, best))
    for table, other in pairs:
        names = {column.name for column in other.columns}
        gone = [c for c in table.columns if c.name not in names]
        live_names = {column.name for column in table.columns}
        added = [c for c in other.columns if c.name not in live_names]
        for column in gone:
            match = next((c for c in added if type_sql(c.type) == type_sql(column.type)), None)
            if match is not None:
                added.remove(match)
                proposals.append(Rename(table.qname, column.name, match.name, column=True))
    return tuple(proposals)


def _closest(table, candidates) -> object | None:
    """The candidate sharing most columns (name and type) with ``table``, when they share
    at least half of each one's columns."""
    mine = {(c.name, type_sql(c.type)) for c in table.columns}
    best, best_shared = None, 0
    for candidate in candidates:
        theirs = {(c.name, type_sql(c.type)) for c in candidate.columns}
        shared = len(mine & theirs)
        if shared * 2 >= max(len(mine), len(theirs)) and shared > best_shared:
            best, best_shared = candidate, shared
    return best


def accepted_renames(proposals: Iterable[Rename], tokens: Iterable[str]) -> tuple[Rename, ...]:
    """The proposals the user accepted, by token; a token that names no proposal is a
    ``CompareError`` (a rename is never assumed)."""
    by_token = {proposal.token: proposal for proposal in proposals}
    accepted = []
    for token in tokens:
        proposal = by_token.get(token.strip())
        if proposal is None:
            offered = ", ".join(by_token) or "none"
            raise CompareError(f"“{token}” is not a proposed rename (proposed: {offered}).")
        if proposal not in accepted:
            accepted.append(proposal)
    return tuple(accepted)


def matched(live: Schema, design: Schema, accepted: Iterable[Rename] = ()) -> Schema:
    """The live schema with the ids of the design's objects it holds: by name, and
    through the accepted renames."""
    tables: dict[QName, QName] = {}
    columns: dict[tuple[QName, str], str] = {}
    for rename in accepted:
        if rename.column:
            columns[(rename.table, rename.old)] = rename.new
        else:
            tables[rename.table] = QName(rename.table.schema, rename.new)
    return adopt_ids(live, design, table_renames=tables, column_renames=columns)


def drift(project: Project, live: Schema, place: str, tokens: Iterable[str] = ()) -> Comparison:
    """The migration that brings the database whose schema is ``live`` (read from
    ``place``) to the project's design, with the proposed renames and those accepted
    (``tokens``)."""
    working = end(project, WORKING)
    proposals = rename_proposals(live, working.schema)
    accepted = accepted_renames(proposals, tokens)
    live_schema = replace(
        settled(matched(live, working.schema, accepted), working.schema),
        name=working.schema.name,
        pg_version=working.schema.pg_version,
        review_profile=working.schema.review_profile,
        suppressions=working.schema.suppressions,
        queries=working.schema.queries,
    )
    old = End("live", place, live_schema, None)
    return _compare(project, old, working, proposals, accepted)


def previous_design(version: Version | None) -> tuple[str, Schema] | None:
    """``(name, schema)`` of ``version`` for the document's section 7, or None (no
    version, or one this installation cannot read: the section then leaves it out)."""
    if version is None:
        return None
    try:
        return version.name, version_schema(version)
    except VersionError:
        return None


# --- what a database says otherwise, but means the same ------------------------------------
# PostgreSQL gives back a column's UNIQUE and CHECK as table constraints of the
# convention's names, and expressions as it deparses them (``FALSE`` as ``false``,
# ``char_length(title)`` with a cast to ``text``). Such differences of spelling are not
# drift: ``settled`` gives the live schema the design's spelling where the two mean the
# same (the same expression tree, casts aside), so that only real differences remain.


def settled(live: Schema, design: Schema) -> Schema:
    """``live`` (matched to ``design`` by id) in the design's spelling where both mean the
    same: a column's own unique and check, equivalent defaults, checks and index
    predicates."""
    design_tables = {table.id: table for table in design.tables}
    return replace(
        live,
        tables=tuple(
            _settled_table(table, design_tables[table.id]) if table.id in design_tables else table
            for table in live.tables
        ),
    )


def _settled_table(live, design):
    columns = {column.id: column for column in design.columns}
    # what the DDL leaves out (a unique key repeating the primary key), no database has
    redundant = ddl.redundant_unique_ids(design)
    uniques = list(live.uniques)
    uniques += [u for u in design.uniques if u.id in redundant and u not in uniques]
    checks = list(live.checks)
    settled_columns = []
    for column in live.columns:
        want = columns.get(column.id)
        if want is None:
            settled_columns.append(column)
            continue
        if want.unique and want.id in redundant:
            column = replace(column, unique=True)
        if want.unique and not column.unique:
            own = next(
                (u for u in uniques if u.columns == (column.name,) and not u.nulls_not_distinct),
                None,
            )
            if own is not None:
                uniques.remove(own)
                column = replace(column, unique=True)
        if want.check and not column.check:
            own = next((c for c in checks if _same(c.expression, want.check)), None)
            if own is not None:
                checks.remove(own)
                column = replace(column, check=want.check)
        if column.type != want.type and _same_type(column.type, want.type):
            column = replace(column, type=want.type)
        if column.default != want.default and _same(column.default, want.default):
            column = replace(column, default=want.default)
        if column.check and want.check and _same(column.check, want.check):
            column = replace(column, check=want.check)
        settled_columns.append(column)
    live_check_ids = {check.id for check in checks}
    design_checks = [c for c in design.checks if c.id not in live_check_ids]
    for number, check in enumerate(checks):
        twin = next((c for c in design_checks if _same(c.expression, check.expression)), None)
        if twin is not None:
            design_checks.remove(twin)
            checks[number] = replace(check, id=twin.id, expression=twin.expression)
    known = {index.id for index in live.indexes}
    design_ids = {index.id for index in design.indexes}
    design_indexes = [i for i in design.indexes if i.id not in known]
    indexes = []
    for index in live.indexes:
        twin = next((i for i in design_indexes if _same_index(index, i)), None)
        if twin is not None and index.id not in design_ids:  # not matched by adopt_ids
            design_indexes.remove(twin)
            index = replace(index, id=twin.id, where=twin.where, elements=twin.elements)
        indexes.append(index)
    return replace(
        live,
        columns=tuple(settled_columns),
        uniques=tuple(uniques),
        checks=tuple(checks),
        indexes=tuple(indexes),
    )


def _same_type(a, b) -> bool:
    """The same type as PostgreSQL keeps it: ``char`` is ``char(1)``, ``bit`` is
    ``bit(1)``, ``numeric(p)`` is ``numeric(p,0)``."""
    return _canonical(a) == _canonical(b)


def _canonical(t):
    if t.base in ("char", "bit") and t.length is None:
        return replace(t, length=1)
    if t.base == "numeric" and t.precision is not None and t.scale is None:
        return replace(t, scale=0)
    return t


def _same_index(live, design) -> bool:
    if (live.unique, live.method, live.include) != (design.unique, design.method, design.include):
        return False
    if len(live.elements) != len(design.elements) or not _same(live.where, design.where):
        return False
    for a, b in zip(live.elements, design.elements, strict=True):
        if (a.column, a.descending, _nulls(a), a.opclass) != (
            b.column,
            b.descending,
            _nulls(b),
            b.opclass,
        ):
            return False
        if not _same(a.expression, b.expression):
            return False
    return True


def _nulls(element) -> str:
    """Where NULLs sort: PostgreSQL's default is last ascending, first descending."""
    if element.nulls is NullsOrder.DEFAULT:
        return NullsOrder.FIRST if element.descending else NullsOrder.LAST
    return element.nulls


def _same(a: str | None, b: str | None) -> bool:
    """Whether two expressions are the same tree (casts aside)."""
    if a == b:
        return True
    if a is None or b is None:
        return False
    return _normal(a) == _normal(b)


def _normal(text: str) -> str:
    try:
        tree = expression_tree(text)
    except ExpressionError:
        return text
    return json.dumps(_without_casts(tree), sort_keys=True)


def _without_casts(node):
    if isinstance(node, dict):
        if "TypeCast" in node:
            return _without_casts(node["TypeCast"]["arg"])
        if "A_Const" in node:  # a constant as its text: '-1'::integer is -1
            return {"const": _constant_text(node["A_Const"])}
        return {key: _without_casts(value) for key, value in node.items() if key != "location"}
    if isinstance(node, list):
        return [_without_casts(item) for item in node]
    return node


def _constant_text(const: dict) -> str | None:
    for kind, default in (("ival", 0), ("fval", "0"), ("sval", ""), ("bsval", "")):
        if kind in const:
            return str(const[kind].get(kind, default))
    if "boolval" in const:
        return "true" if const["boolval"].get("boolval") else "false"
    return None  # NULL
