"""Migration SQL between two designs: up and down, statement by statement, safe forms first.

``migration(old, new, pg_version=...)`` returns a ``Migration``: ``up`` follows
``diff(old, new).plan``; ``down`` is the migration from ``new`` back to ``old``
(``diff(new, old)``: matched by id, so a rename goes back as a rename). Each ``Step`` holds
the statements of one change, the change's sentence, the effect comments of
``migration_effects`` (lock, duration, data loss, failing rows) and its flags:
``destructive``, ``irreversible`` (the other direction cannot give the data back: a
dropped table or column, a narrowed type, a removed enum value), ``outside`` (cannot run
in the transaction), ``after_commit`` (runs after the last ``COMMIT``, each statement on
its own: ``CONCURRENTLY``, and the ``VALIDATE CONSTRAINT`` of a constraint added
``NOT VALID``), ``after_concurrent`` (runs in one last transaction, once the concurrent
builds are done), ``needs_backfill`` (a new ``NOT NULL`` column with no default: the
script holds an ``UPDATE`` template the user fills, and fails on a populated table until
then) and ``out_of_order`` (the table whose columns the database lists in another order
than the design). ``Migration.blocks`` groups the steps as they run: transactions, an
``ADD VALUE`` whose value a later step uses (it ends the transaction, runs, and a new one
begins), the ``after_commit`` steps, then the ``after_concurrent`` transaction.

The safe forms, each with its reason in a comment: ``CREATE INDEX CONCURRENTLY`` for an
index on an existing table; a new unique constraint on an existing table built as
``CREATE UNIQUE INDEX CONCURRENTLY``, then ``ADD CONSTRAINT … UNIQUE USING INDEX`` (in the
transaction instead when a new foreign key of the migration references it); a new foreign
key or check constraint on an existing table ``NOT VALID``, then ``VALIDATE CONSTRAINT``
alone after the ``COMMIT`` (``SHARE UPDATE EXCLUSIVE``: writes go on); ``SET NOT NULL``
proved by a ``CHECK (… IS NOT NULL) NOT VALID`` that is validated, then dropped; a new
``NOT NULL`` column without a constant default added nullable, filled (with the
``updated_at`` trigger off), then set ``NOT NULL``; ``ALTER TYPE … ADD VALUE`` for a new
enum value; an enum type rebuilt (new type, columns cast through ``text``, old type
dropped, new one renamed) when values are removed or reordered; ``USING col::type`` when
``type_change`` says a type change needs it. Names swapped between objects go through a
temporary name.

Identity and serial: a column becomes an identity with ``ADD GENERATED … AS IDENTITY
(SEQUENCE NAME …)`` (after its default is dropped and ``NOT NULL`` proved), a serial with
``CREATE SEQUENCE … OWNED BY`` and a ``nextval`` default — each sequence named as the DDL
names v2's, and moved past the rows already there by ``setval`` to the column's maximum;
``SET GENERATED`` between the two identities; ``DROP IDENTITY``, or the serial's default
and sequence dropped, on the way out. A serial's sequence follows a type change with
``ALTER SEQUENCE … AS``.

Column order: PostgreSQL adds a column last and cannot move one. A column the design puts
before existing ones is added last, and a moved column writes no statement; both say so in
a comment (the order only shows in ``SELECT *`` and ``COPY`` without a column list) and
mark the table ``out_of_order``.

The objects of issue 16. Domains: ``CREATE DOMAIN`` (``ddl.domain_sql``) before the
columns that use them, ``DROP DOMAIN`` at clean-up, ``ALTER DOMAIN`` for a default, NOT
NULL, a comment and a changed check (``DROP CONSTRAINT`` then ``ADD CONSTRAINT`` on the
domain, names by ``domain_check_names``); a column moved to or from a domain is a type
change; a domain's own type cannot change (refused). Sequences of their own:
``CREATE SEQUENCE`` (``ddl.sequence_sql``), ``ALTER SEQUENCE`` for options, a rename or a
move, ``OWNED BY NONE`` before the owning column can go and ``OWNED BY`` once the new
one is there, ``DROP SEQUENCE IF EXISTS`` at clean-up (an owned one may have gone with
its column). NOT VALID: a constraint the design keeps NOT VALID is added so and never
validated; one made valid is ``VALIDATE CONSTRAINT`` alone after the COMMIT (SHARE
UPDATE EXCLUSIVE: reads and writes go on); valid made NOT VALID is dropped and added
again. Partitions: a new one is created as a table (with its parent's NOT NULLs and
checks) and attached once its keys, indexes and foreign keys exist; a removed one is
detached, then dropped (destructive); a changed bound is detach then attach; a change
of ``PARTITION BY`` is refused (a rebuild). A change of a partitioned table that
``ALTER TABLE`` passes on to its partitions (a column added, dropped, renamed, retyped,
its default or NOT NULL) writes nothing for the partitions; an index of a partitioned
table (which cannot be built CONCURRENTLY) is created last, adopting the partitions'.
Objects kept as SQL (views, functions, triggers...): created from their text
(``ddl.object_sql``), those the tables may need before them, the others after every
table change; dropped by a ``DROP`` derived from their kind and name (a function's name
holds its argument types; a trigger's, policy's or rule's its table; a comment set to
NULL, a table option reset); changed with ``CREATE OR REPLACE`` where PostgreSQL allows
it (a function of the same signature and result, a view that keeps its columns), else
dropped before and created after. An object PostgreSQL tracks (a view, materialized
view, trigger, policy, rule, table option) that reads a column the migration drops,
renames or retypes, or a table it drops — or depends on an object dropped first — is
dropped before the changes (dependants first) and created again after them (in
dependency order), and the step says so; a function whose body reads it gets a note.

What cannot be expressed yet raises ``MigrationError`` naming the kind, never wrong SQL
(``UNSUPPORTED`` is empty now; a table or enum type renamed onto a name another one still
holds is refused); when only the way back cannot be written, ``migration`` returns the up
with ``down_error`` set, and asking for the down raises. Statements are built with
``designer.generators.ddl``'s pieces, names by ``designer.schema.naming``, quoting by
``designer.schema.sqltext``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from pglast import parser as pg_parser

from designer.generators import ddl
from designer.generators.ddl_objects import domain_check_names
from designer.generators.migration_effects import (
    Form,
    column_type_effect,
    comment,
    effect,
    type_change,
)
from designer.schema.diff import Change, Kind, Phase, SchemaDiff, diff
from designer.schema.expressions import needs_parentheses
from designer.schema.limits import PG_VERSIONS
from designer.schema.model import (
    CheckConstraint,
    Column,
    Domain,
    EnumType,
    Generated,
    ObjectKind,
    QName,
    Schema,
    Sequence,
    SqlObject,
    Table,
    UniqueConstraint,
)
from designer.schema.naming import (
    Names,
    assign_names,
    sequence_name,
    trigger_name,
    trim_identifier,
)
from designer.schema.sqltext import qualified, quote_ident, quote_literal, type_sql

UP, DOWN = "up", "down"
# The comment before the last transaction (the steps marked ``after_concurrent``).
AFTER_CONCURRENT = (
    "Then what needs the steps above: the constraints that use the indexes built, "
    "NOT NULL proved by the validated checks."
)
# Kinds of change this generator does not write yet (none left: kept for callers).
UNSUPPORTED: frozenset[Kind] = frozenset()
_IDENTITY = {
    Generated.IDENTITY_ALWAYS: "ALWAYS",
    Generated.IDENTITY_BY_DEFAULT: "BY DEFAULT",
}


class MigrationError(ValueError):
    """A change this generator cannot write as SQL (yet)."""


@dataclass(frozen=True)
class Step:
    sentence: str
    statements: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()  # ``--`` lines: effects, reasons, warnings
    destructive: bool = False
    irreversible: bool = False
    outside: bool = False  # cannot run inside the transaction
    after_commit: bool = False  # CONCURRENTLY, VALIDATE: each alone after the COMMIT
    needs_backfill: bool = False
    kind: Kind | None = None
    # runs in a last transaction, after the ``after_commit`` steps (it needs their index)
    after_concurrent: bool = False
    # the table (its name after the step) whose columns the database lists in another
    # order than the design: PostgreSQL adds a column last and cannot move one
    out_of_order: QName | None = None

    def text(self) -> str:
        lines = [ddl.sql_comment(self.sentence), *self.comments, *self.statements]
        return "\n".join(lines)


@dataclass(frozen=True)
class Migration:
    old: Schema
    new: Schema
    up: tuple[Step, ...]
    down: tuple[Step, ...]
    up_diff: SchemaDiff = field(repr=False, compare=False, default=None)  # type: ignore[assignment]
    down_error: str = ""  # why no down migration can be written (then ``down`` is empty)

    def steps(self, direction: str) -> tuple[Step, ...]:
        if direction not in (UP, DOWN):
            raise ValueError(f"direction is {UP!r} or {DOWN!r}, not {direction!r}")
        if direction == DOWN and self.down_error:
            raise MigrationError(self.down_error)
        return self.up if direction == UP else self.down

    def blocks(self, direction: str = UP) -> list[tuple[bool, tuple[Step, ...]]]:
        """The steps in the order they run, grouped: ``(True, steps)`` is one
        transaction, ``(False, steps)`` steps that run alone (an ``ADD VALUE`` that must
        commit first; then, after the last transaction, the ``CONCURRENTLY`` and
        ``VALIDATE`` steps), and last one transaction of the ``after_concurrent`` steps
        (``ADD CONSTRAINT … USING INDEX`` of an index built concurrently)."""
        steps = self.steps(direction)
        blocks: list[tuple[bool, list[Step]]] = []
        for step in steps:
            if step.after_commit or step.after_concurrent:
                continue
            inside = not step.outside
            if not blocks or blocks[-1][0] != inside:
                blocks.append((inside, []))
            blocks[-1][1].append(step)
        later = [step for step in steps if step.after_commit]
        if later:
            blocks.append((False, later))
        last = [step for step in steps if step.after_concurrent]
        if last:
            blocks.append((True, last))
        return [(inside, tuple(items)) for inside, items in blocks]

    def sql(self, direction: str = UP) -> str:
        """The script: a header, the transactional steps between ``BEGIN;`` and
        ``COMMIT;`` (an ``ADD VALUE`` that must commit first splits it), then the
        ``CONCURRENTLY`` steps."""
        steps = self.steps(direction)
        source = self.old if direction == UP else self.new
        target = self.new if direction == UP else self.old
        header = [
            ddl.sql_comment(
                f"Migration {direction} of {source.name}: {len(steps)} step(s), "
                f"for PostgreSQL {target.pg_version}."
            )
        ]
        if any(step.destructive for step in steps):
            header.append("-- WARNING: destructive steps below can lose data.")
        if any(step.irreversible for step in steps):
            header.append("-- WARNING: irreversible steps below: a rollback cannot give data back.")
        parts = ["\n".join(header)]
        for inside, items in self.blocks(direction):
            if items[0].after_commit:
                parts.append(
                    "-- After the COMMIT, each statement on its own: CONCURRENTLY cannot run "
                    "in a transaction,\n-- and a VALIDATE run alone holds only its weaker lock."
                )
            if items[0].after_concurrent:
                parts.append(f"-- {AFTER_CONCURRENT}")
            if inside:
                parts.append(f"BEGIN;\n{TRANSACTION_START}")
            parts += [step.text() for step in items]
            if inside:
                parts.append("COMMIT;")
        return "\n\n".join(parts) + "\n"


def migration(
    old: Schema,
    new: Schema,
    *,
    pg_version: int | None = None,
    enum_value_renames: dict[str, dict[str, str]] | None = None,
) -> Migration:
    """The up and down migration from ``old`` to ``new``."""
    version = pg_version or new.pg_version
    if version not in PG_VERSIONS:
        version = PG_VERSIONS[-1] if version > PG_VERSIONS[-1] else PG_VERSIONS[0]
    renames = enum_value_renames or {}
    forward = diff(old, new, enum_value_renames=renames)
    back_renames: dict[str, dict[str, str]] = {key: {} for key in renames}
    for change in forward.plan:
        if change.kind is Kind.ENUM_VALUE_RENAMED:
            back_renames.setdefault(change.id, {})[change.new] = change.old
    backward = diff(new, old, enum_value_renames=back_renames)
    lost = _lost(forward)
    up = _Writer(forward, version, set()).steps()
    try:
        down, down_error = _Writer(backward, version, lost).steps(), ""
    except MigrationError as error:
        # the up is still right; only the way back is refused
        down, down_error = (), str(error)
    return Migration(old, new, up, down, forward, down_error)


def _lost(forward: SchemaDiff) -> set[tuple[Kind, str, object]]:
    """The down changes that cannot give back what the up change destroyed."""
    lost: set[tuple[Kind, str, object]] = set()
    for change in forward.plan:
        if change.kind is Kind.TABLE_REMOVED:
            lost.add((Kind.TABLE_ADDED, change.id, None))
        elif change.kind is Kind.COLUMN_REMOVED:
            lost.add((Kind.COLUMN_ADDED, change.id, None))
        elif change.kind is Kind.COLUMN_TYPE and change.destructive:
            lost.add((Kind.COLUMN_TYPE, change.id, None))
        elif change.kind is Kind.ENUM_VALUE_REMOVED:
            lost.add((Kind.ENUM_VALUE_ADDED, change.id, change.old))
    return lost


_RENAME_TEMPLATES = {
    Kind.COLUMN_RENAMED: "ALTER TABLE {table} RENAME COLUMN {old} TO {new};",
    Kind.PRIMARY_KEY_RENAMED: "ALTER TABLE {table} RENAME CONSTRAINT {old} TO {new};",
    Kind.UNIQUE_RENAMED: "ALTER TABLE {table} RENAME CONSTRAINT {old} TO {new};",
    Kind.CHECK_RENAMED: "ALTER TABLE {table} RENAME CONSTRAINT {old} TO {new};",
    Kind.FOREIGN_KEY_RENAMED: "ALTER TABLE {table} RENAME CONSTRAINT {old} TO {new};",
    Kind.INDEX_RENAMED: "ALTER INDEX {schema}.{old} RENAME TO {new};",
    Kind.TRIGGER_RENAMED: "ALTER TRIGGER {old} ON {table} RENAME TO {new};",
    Kind.SEQUENCE_RENAMED: "ALTER SEQUENCE {schema}.{old} RENAME TO {new};",
}
_RENAME_FORMS = {
    Kind.COLUMN_RENAMED: Form.RENAME_COLUMN,
    Kind.PRIMARY_KEY_RENAMED: Form.RENAME_CONSTRAINT,
    Kind.UNIQUE_RENAMED: Form.RENAME_CONSTRAINT,
    Kind.CHECK_RENAMED: Form.RENAME_CONSTRAINT,
    Kind.FOREIGN_KEY_RENAMED: Form.RENAME_CONSTRAINT,
    Kind.INDEX_RENAMED: Form.RENAME_INDEX,
    Kind.TRIGGER_RENAMED: Form.RENAME_CONSTRAINT,  # the same brief ACCESS EXCLUSIVE lock
    Kind.SEQUENCE_RENAMED: Form.RENAME_TABLE,
}
# Objects whose names share one namespace: per table, or per PostgreSQL schema.
_TABLE_SCOPED = {Kind.COLUMN_RENAMED, Kind.TRIGGER_RENAMED}
_RELATION_NAMED = {
    Kind.PRIMARY_KEY_RENAMED, Kind.UNIQUE_RENAMED, Kind.INDEX_RENAMED, Kind.SEQUENCE_RENAMED,
}  # fmt: skip
# First in each transaction: a deferred foreign key's checks of rows the migration fills
# would be pending events that make the next ALTER TABLE of that table fail.
TRANSACTION_START = "SET CONSTRAINTS ALL IMMEDIATE;"
_EARLY = {
    Kind.FOREIGN_KEY_REMOVED, Kind.INDEX_REMOVED, Kind.UNIQUE_REMOVED, Kind.CHECK_REMOVED,
    Kind.PRIMARY_KEY_REMOVED, Kind.TRIGGER_REMOVED,
}  # fmt: skip
_GROUPED_RENAMES = frozenset(_RENAME_TEMPLATES) | {Kind.ENUM_VALUE_RENAMED}
# Objects kept as SQL created after the tables: placed by ``object_steps``.
_OBJECT_KINDS = frozenset({Kind.OBJECT_ADDED, Kind.OBJECT_CHANGED, Kind.OBJECT_REMOVED})
# Objects whose dependencies PostgreSQL records (a column they read cannot be dropped or
# retyped under them); a function's body is not read until it runs.
_TRACKED = frozenset({
    ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW, ObjectKind.TRIGGER, ObjectKind.POLICY,
    ObjectKind.RULE, ObjectKind.TABLE_OPTION,
})  # fmt: skip
# Changes whose steps say what they mean for the objects that read what they change.
_READ_CHANGES = frozenset({
    Kind.COLUMN_REMOVED, Kind.COLUMN_RENAMED, Kind.COLUMN_TYPE, Kind.TABLE_REMOVED,
})  # fmt: skip
# Changes of a partitioned table that ALTER TABLE passes on to its partitions.
_INHERITED = frozenset({
    Kind.COLUMN_ADDED, Kind.COLUMN_REMOVED, Kind.COLUMN_RENAMED, Kind.COLUMN_TYPE,
    Kind.COLUMN_DEFAULT, Kind.COLUMN_NULLABLE,
})  # fmt: skip
_DOMAIN_KINDS = frozenset({
    Kind.DOMAIN_ADDED, Kind.DOMAIN_REMOVED, Kind.DOMAIN_RENAMED, Kind.DOMAIN_MOVED,
    Kind.DOMAIN_CHANGED,
})  # fmt: skip
_SEQUENCE_KINDS = frozenset({
    Kind.SEQUENCE_ADDED, Kind.SEQUENCE_REMOVED, Kind.SEQUENCE_OBJECT_RENAMED,
    Kind.SEQUENCE_MOVED, Kind.SEQUENCE_ALTERED, Kind.SEQUENCE_RELEASED, Kind.SEQUENCE_OWNED,
})  # fmt: skip
_BASE_OBJECT_KINDS = frozenset({
    Kind.BASE_OBJECT_ADDED, Kind.BASE_OBJECT_CHANGED, Kind.BASE_OBJECT_REMOVED,
})  # fmt: skip
_OR_REPLACE = re.compile(r"^(\s*(?:--[^\n]*\n\s*)*)CREATE\s+(?!OR\s+REPLACE\b)", re.IGNORECASE)
_DROP_KEYWORDS = {
    ObjectKind.VIEW: "VIEW", ObjectKind.MATERIALIZED_VIEW: "MATERIALIZED VIEW",
    ObjectKind.FUNCTION: "FUNCTION", ObjectKind.PROCEDURE: "PROCEDURE",
    ObjectKind.AGGREGATE: "AGGREGATE", ObjectKind.TYPE: "TYPE", ObjectKind.TRIGGER: "TRIGGER",
    ObjectKind.POLICY: "POLICY", ObjectKind.RULE: "RULE",
}  # fmt: skip


class _Writer:
    def __init__(self, changes: SchemaDiff, pg_version: int, lost: set) -> None:
        self.diff = changes
        self.old, self.new = changes.old, changes.new
        self.version = pg_version
        self.lost = lost
        self.old_names: Names = assign_names(self.old)
        self.new_names: Names = assign_names(self.new)
        self.old_tables = {table.id: table for table in self.old.tables}
        self.new_tables = {table.id: table for table in self.new.tables}
        self.new_enums = {enum.id: enum for enum in self.new.enums}
        self.old_objects = {item.id: item for item in self.old.sql_objects}
        self._base_rebuilt: dict[str, str] | None = None
        self.old_enums = {enum.id: enum for enum in self.old.enums}
        kinds = {(change.kind, change.id) for change in changes.plan}
        self.rebuilt = {
            change.id
            for change in changes.plan
            if change.kind in (Kind.ENUM_VALUE_REMOVED, Kind.ENUM_VALUES_REORDERED)
        }
        # a removed enum type whose name a new type or table takes (a table's row type
        # shares the types' names): moved aside until clean-up
        added = {c.new.qname for c in changes.plan if c.kind in (Kind.ENUM_ADDED, Kind.TABLE_ADDED)}
        self.aside = {
            c.id: QName(c.old.schema, trim_identifier(f"{c.old.name}__old"))
            for c in changes.plan
            if c.kind is Kind.ENUM_REMOVED and c.old.qname in added
        }
        self.aside_by_name = {self.old_enums[i].qname: q for i, q in self.aside.items()}
        self.changed_indexes = {i for k, i in kinds if k in (Kind.INDEX_CHANGED, Kind.INDEX_ADDED)}
        self.changed_keys = {c.id for c in changes.plan if c.kind is Kind.PRIMARY_KEY_CHANGED}
        # columns that become identity or serial: their step writes NOT NULL and drops
        # the default first (ADD GENERATED needs both)
        self.generating = {
            c.id
            for c in changes.plan
            if c.kind is Kind.COLUMN_GENERATED and c.old is Generated.NONE
        }
        # keys a foreign key of this migration references: they must exist in the
        # transaction that adds it, not only once the concurrent builds are done
        self.referenced = {
            (c.new.to_table, frozenset(c.new.to_columns))
            for c in changes.plan
            if c.kind in (Kind.FOREIGN_KEY_ADDED, Kind.FOREIGN_KEY_CHANGED)
        }

    def moved_to(self, column: Column) -> list[str]:
        """Where a removed column may have gone (a table split): the new tables that
        have a column of the same name and type."""
        return [
            f"{table.qname}.{column.name}"
            for table_id, table in self.new_tables.items()
            if table_id not in self.old_tables
            and (twin := table.columns_by_name.get(column.name)) is not None
            and type_sql(twin.type) == type_sql(column.type)
        ]

    def current_name(self, old_name: QName) -> QName:
        """An old table's name once the renames have run (its old name if it goes)."""
        for table_id, table in self.old_tables.items():
            if table.qname == old_name and table_id in self.new_tables:
                return self.new_tables[table_id].qname
        return old_name

    def note(self, form: Form, table: QName | None = None, **names: str) -> str:
        where = str(table) if table is not None else "the table"
        return comment(effect(form, self.version), table=where, **names)

    def steps(self) -> tuple[Step, ...]:
        for change in self.diff.plan:
            if change.kind in UNSUPPORTED:
                raise MigrationError(f"cannot write a migration for {change.kind.value} yet: "
                                     f"{change.describe()}")  # fmt: skip
            if change.kind is Kind.PARTITIONING_CHANGED:
                raise MigrationError(
                    f"cannot write a migration for {change.kind.value}: {change.describe()} "
                    "(PostgreSQL cannot change how a table is partitioned: it needs a "
                    "rebuild, a new table the rows are copied into)"
                )
        self.check_names_free()
        early, late = self.object_steps()
        steps: list[Step] = list(early)
        plan = self.partitions_late([c for c in self.diff.plan if c.kind not in _OBJECT_KINDS])
        base_kinds = (Kind.BASE_OBJECT_ADDED, Kind.BASE_OBJECT_CHANGED)
        base_changes = [c for c in plan if c.kind in base_kinds]
        if base_changes:
            at = plan.index(base_changes[0])
            plan = [c for c in plan if c.kind not in base_kinds]
            plan.insert(at, replace(base_changes[0], kind=Kind.BASE_OBJECT_ADDED, id="#block"))
        hoisted = self.hoisted(plan)
        for change in hoisted:
            plan.remove(change)
            table = self.old_tables[change.table_id].qname  # type: ignore[index]
            steps += self.annotated(change, self.change(replace(change, table=table)))
        done_rebuilds: set[str] = set()
        n = 0
        while n < len(plan):
            change = plan[n]
            if late is not None and change.phase is Phase.CLEANUP:
                steps += late
                late = None
            if change.kind in _GROUPED_RENAMES:
                group = [change]
                while n + 1 < len(plan) and plan[n + 1].kind is change.kind:
                    n += 1
                    group.append(plan[n])
                made = self.renames(group)
                for member in group:
                    made = self.annotated(member, made)
                steps += made
            elif change.kind in (Kind.ENUM_VALUE_REMOVED, Kind.ENUM_VALUES_REORDERED):
                if change.id not in done_rebuilds:
                    done_rebuilds.add(change.id)
                    steps.append(self.rebuild_enum(change))
            elif change.id == "#block" and change.kind is Kind.BASE_OBJECT_ADDED:
                steps += self.base_block(base_changes)
            elif (reason := self.inherited(change)) is not None:
                steps.append(Step(change.describe(), (), (f"-- nothing to run: {reason}",),
                                  kind=change.kind))  # fmt: skip
            else:
                steps += self.annotated(change, self.change(change))
            n += 1
        if late is not None:
            steps += late
        return tuple(steps)

    # -- partitions --------------------------------------------------------------------

    def partitions_late(self, plan: list[Change]) -> list[Change]:
        """A partition attached again (a new bound, another parent) whose old parent
        stays is detached just before it is attached: until then it takes its parent's
        changes (columns, checks) as a partition does, and ATTACH finds them there."""
        attached = {c.id: c for c in plan if c.kind is Kind.PARTITION_ATTACHED}
        late = []
        for c in plan:
            if c.kind is Kind.PARTITION_DETACHED and c.id in attached:
                old_parent = self.old.tables_by_name.get(c.old.partition_of)
                if old_parent is not None and old_parent.id in self.new_tables:
                    late.append(c)
        plan = [c for c in plan if c not in late]
        for c in late:
            plan.insert(plan.index(attached[c.id]), c)
        return plan

    def inherited(self, c: Change) -> str | None:
        """Why a change of a partition writes nothing: the same change of its parent
        (a column added, dropped, renamed, retyped, its default or NOT NULL) reaches
        the partitions (``ALTER TABLE`` without ``ONLY``); ``None`` when it does not."""
        if c.kind not in _INHERITED or c.table_id not in self.old_tables:
            return None
        table, old = self.new_tables.get(c.table_id or ""), self.old_tables[c.table_id]
        if table is None or table.partition_of is None or old.partition_of is None:
            return None
        parent = next((t for t in self.new.tables if t.qname == table.partition_of), None)
        was = next((t for t in self.old.tables if t.qname == old.partition_of), None)
        if parent is None or was is None or parent.id != was.id:
            return None
        name = str(c.new_name if c.new_name is not None else c.old_name)
        for other in self.diff.plan:
            other_name = other.new_name if other.new_name is not None else other.old_name
            if other.kind is c.kind and other.table_id == parent.id and str(other_name) == name:
                return f"the same change of {parent.qname} reaches its partition {table.qname}"
        return None

    # -- objects kept as SQL -----------------------------------------------------------

    def object_steps(self) -> tuple[list[Step], list[Step]]:
        """The objects kept as SQL text that go before the changes (removed ones, and
        those that read a column or table the migration drops, renames or retypes, or
        depend on one that goes: PostgreSQL would refuse the change, or keep the object
        reading the old column), dependants first; and those created after every table
        change (new, changed, and those dropped before), in dependency order."""
        reasons = self.disturbed()
        changes = {c.id: c for c in self.diff.plan if c.kind in _OBJECT_KINDS}
        old_before, old_after = ddl.object_phases(self.old)
        early = []
        for item in reversed([*old_before, *old_after]):
            if item.id not in reasons:
                continue
            change = changes.get(item.id)
            if change is not None and change.kind is Kind.OBJECT_REMOVED and self.goes_with(item):
                note = "-- nothing to run: it goes with its table, dropped below"
                early.append(Step(change.describe(), (), (note,), kind=Kind.OBJECT_REMOVED))
                continue
            if change is not None and change.kind is Kind.OBJECT_REMOVED:
                sentence = change.describe()
            else:
                sentence = (
                    f"dropped {item.kind.value} {_object_text(item)} before the changes "
                    f"below ({reasons[item.id]}); created again after them"
                )
            early.append(Step(sentence, tuple(self.drop_object(item)), kind=Kind.OBJECT_REMOVED))
        late = []
        _, new_after = ddl.object_phases(self.new)
        for item in new_after:
            change = changes.get(item.id)
            if change is not None and change.kind is Kind.OBJECT_ADDED:
                late.append(Step(change.describe(), tuple(self.create_object(item)),
                                 kind=change.kind))  # fmt: skip
            elif item.id in reasons:
                sentence = (
                    change.describe() if change is not None else
                    f"created {item.kind.value} {_object_text(item)} again "
                    f"(dropped above: {reasons[item.id]})"
                )  # fmt: skip
                late.append(Step(sentence, tuple(self.create_object(item)),
                                 kind=Kind.OBJECT_CHANGED))  # fmt: skip
            elif change is not None and change.kind is Kind.OBJECT_CHANGED:
                note = "-- replaced in place: what depends on it stays"
                statements = self.create_object(item, replace_it=True)
                late.append(Step(change.describe(), tuple(statements), (note,),
                                 kind=change.kind))  # fmt: skip
        return early, late

    def goes_with(self, item: SqlObject) -> bool:
        """Whether dropping the tables this migration drops takes the object with them
        (a trigger, policy, rule or option of one of them)."""
        if item.kind not in (ObjectKind.TRIGGER, ObjectKind.POLICY, ObjectKind.RULE,
                             ObjectKind.TABLE_OPTION):  # fmt: skip
            return False
        dropped = {c.old.qname for c in self.diff.plan if c.kind is Kind.TABLE_REMOVED}
        own_table = QName(item.schema, item.name.rpartition(" on ")[2])
        tables = [name for name in item.depends_on if name in self.old.tables_by_name]
        if item.kind is not ObjectKind.TABLE_OPTION:
            tables = [own_table]
        return bool(tables) and all(name in dropped for name in tables)

    def disturbed(self) -> dict[str, str]:
        """By id, the old objects (created after the tables) to drop before the changes
        and why; those that are gone for good say so too."""
        reasons: dict[str, str] = {}
        old_base, _ = ddl.object_phases(self.old)
        base = {item.id for item in old_base}
        what = {Kind.COLUMN_REMOVED: "is dropped", Kind.COLUMN_RENAMED: "is renamed",
                Kind.COLUMN_TYPE: "changes type"}  # fmt: skip

        def mark(items: Iterable[SqlObject], reason: str) -> None:
            for item in items:
                if item.kind in _TRACKED and item.id not in base:
                    reasons.setdefault(item.id, reason)

        for c in self.diff.plan:
            if c.kind in what and c.table_id in self.old_tables:
                table = self.old_tables[c.table_id].qname  # type: ignore[index]
                column = str(c.old_name)
                # a ``*`` reads every column, named or not
                readers = [item for item in self.old.objects_reading(table)
                           if column in item.columns or _selects_star(item.sql)]  # fmt: skip
                mark(readers, f"it reads {table}.{column}, which {what[c.kind]}")
            elif c.kind is Kind.TABLE_REMOVED:
                mark(self.old.objects_reading(c.old.qname), f"it reads {c.old.qname}, dropped")
            elif c.kind is Kind.OBJECT_REMOVED:
                reasons.setdefault(c.id, "removed")
            elif c.kind in (Kind.OBJECT_CHANGED, Kind.BASE_OBJECT_CHANGED) and not replaceable(
                c.old, c.new
            ):
                reasons.setdefault(c.id, "changed, and PostgreSQL cannot replace it in place")
        reasons.update(self.base_rebuilt())
        # what depends on an object that goes goes first too
        names = {}
        for item in self.old.sql_objects:
            names[item.qname] = item.id
            if "(" in item.name:
                names[QName(item.schema, item.name.split("(", 1)[0].strip())] = item.id
        grown = True
        while grown:
            grown = False
            for item in self.old.sql_objects:
                if item.id in reasons or item.id in base:
                    continue
                for name in (*item.depends_on, *item.reads):
                    source = names.get(name)
                    if source is not None and source in reasons:
                        found = self.old_objects[source]
                        reasons[item.id] = (
                            f"it depends on {found.kind.value} {_object_text(found)}, dropped first"
                        )
                        grown = True
                        break
        # base objects are dropped and created again with the types (``base_block``)
        return {key: value for key, value in reasons.items() if key not in base}

    def base_rebuilt(self) -> dict[str, str]:
        """By id, the objects created before the tables that are dropped and created
        again: changed in a way PostgreSQL cannot replace, or depending on one that is."""
        if self._base_rebuilt is not None:
            return self._base_rebuilt
        old_base, _ = ddl.object_phases(self.old)
        new_ids = {item.id for item in self.new.sql_objects}
        found: dict[str, str] = {}
        for c in self.diff.plan:
            if c.kind is Kind.BASE_OBJECT_CHANGED and not replaceable(c.old, c.new):
                found[c.id] = "changed, and PostgreSQL cannot replace it in place"
        names: dict[QName, str] = {}
        for item in old_base:
            names[item.qname] = item.id
            if "(" in item.name:
                names[QName(item.schema, item.name.split("(", 1)[0].strip())] = item.id
        grown = bool(found)
        while grown:
            grown = False
            for item in old_base:
                if item.id in found or item.id not in new_ids:
                    continue
                source = next((names[n] for n in item.depends_on if names.get(n) in found), None)
                if source is not None:
                    was = self.old_objects[source]
                    found[item.id] = (
                        f"it depends on {was.kind.value} {_object_text(was)}, dropped first"
                    )
                    grown = True
        self._base_rebuilt = found
        return found

    def base_block(self, changes: list[Change]) -> list[Step]:
        """The objects the tables may need, new or changed: those dropped and created
        again go first (dependants first), then each is created or replaced, in
        dependency order."""
        rebuilt = self.base_rebuilt()
        by_id = {c.id: c for c in changes}
        old_base, _ = ddl.object_phases(self.old)
        new_base, _ = ddl.object_phases(self.new)
        steps = []
        for item in reversed(old_base):
            if item.id in rebuilt:
                sentence = (
                    f"dropped {item.kind.value} {_object_text(item)} ({rebuilt[item.id]}); "
                    "created again below"
                )
                steps.append(
                    Step(sentence, tuple(self.drop_object(item)), kind=Kind.BASE_OBJECT_CHANGED)
                )
        for item in new_base:
            change = by_id.get(item.id)
            if item.id in rebuilt:
                sentence = change.describe() if change is not None else (
                    f"created {item.kind.value} {_object_text(item)} again "
                    f"(dropped above: {rebuilt[item.id]})"
                )  # fmt: skip
                steps.append(Step(sentence, tuple(self.create_object(item)),
                                  kind=Kind.BASE_OBJECT_CHANGED))  # fmt: skip
            elif change is not None:
                steps += self.base_object(change)
        return steps

    def drop_object(self, item: SqlObject) -> list[str]:
        return drop_object_statements(item)

    def create_object(self, item: SqlObject, *, replace_it: bool = False) -> list[str]:
        statements = split_statements(ddl.object_sql(item))
        if replace_it and item.kind is not ObjectKind.COMMENT:
            statements[0] = _OR_REPLACE.sub(r"\1CREATE OR REPLACE ", statements[0], count=1)
        if item.kind in (ObjectKind.FUNCTION, ObjectKind.PROCEDURE):
            # a body may read what is created later (as the DDL script, pg_dump)
            statements.insert(0, "SET LOCAL check_function_bodies = false;")
        return statements

    def base_object(self, c: Change) -> list[Step]:
        """An object the tables may need (a function a default calls, a type): created
        or changed before the tables, removed after them."""
        if c.kind is Kind.BASE_OBJECT_ADDED:
            return [Step(c.describe(), tuple(self.create_object(c.new)), kind=c.kind)]
        if c.kind is Kind.BASE_OBJECT_REMOVED:
            return [Step(c.describe(), tuple(self.drop_object(c.old)), kind=c.kind)]
        if replaceable(c.old, c.new):
            statements = self.create_object(c.new, replace_it=True)
            note = "-- replaced in place: what depends on it stays"
            return [Step(c.describe(), tuple(statements), (note,), kind=c.kind)]
        statements = [*self.drop_object(c.old), *self.create_object(c.new)]
        note = "-- dropped and created again: PostgreSQL cannot replace it in place"
        return [Step(c.describe(), tuple(statements), (note,), kind=c.kind)]

    def annotated(self, c: Change, steps: list[Step]) -> list[Step]:
        """The steps of ``c`` with what they mean for the objects that read what it
        changes: dropped above and created again below, or a function's body to review."""
        if c.kind not in _READ_CHANGES or not steps:
            return steps
        if c.kind is Kind.TABLE_REMOVED:
            readers = self.old.objects_reading(c.old.qname)
            where = f"{c.old.qname}"
        elif c.table_id in self.old_tables:
            table = self.old_tables[c.table_id].qname  # type: ignore[index]
            column = str(c.old_name)
            readers = tuple(
                item
                for item in self.old.objects_reading(table)
                if column in item.columns or _selects_star(item.sql)
            )
            where = f"{table}.{c.old_name}"
        else:
            return steps
        if not readers:
            return steps
        notes = []
        kept = {item.id for item in self.new.sql_objects}
        for item in readers:
            text = f"{item.kind.value} {_object_text(item)}"
            if item.kind in _TRACKED and item.id in kept:
                notes.append(f"-- {text} reads {where}: dropped above, created again below")
            elif item.kind in _TRACKED:
                notes.append(f"-- {text} reads {where}: removed above")
            else:
                notes.append(f"-- {text} reads {where} in its body, which PostgreSQL does not "
                             "check: review it")  # fmt: skip
        for n, step in enumerate(steps):
            if step.kind is c.kind:
                steps = list(steps)
                steps[n] = replace(step, comments=(*step.comments, *notes))
                break
        return steps

    # -- domains -----------------------------------------------------------------------

    def domain(self, c: Change) -> list[Step]:
        k = c.kind
        if k is Kind.DOMAIN_ADDED:
            statements = split_statements(ddl.domain_sql(c.new, self.new))
            note = "-- no lock on a table, brief (catalog only)"
            return [Step(c.describe(), tuple(statements), (note,), kind=k)]
        if k is Kind.DOMAIN_REMOVED:
            sql = f"DROP DOMAIN {qualified(c.old.qname)};"
            note = "-- fails on columns that still use it (without CASCADE)"
            return [Step(c.describe(), (sql,), (note,), kind=k)]
        old, new = c.old_name, c.new_name
        assert isinstance(old, QName) and isinstance(new, QName)
        if k is Kind.DOMAIN_RENAMED:
            sql = f"ALTER DOMAIN {qualified(old)} RENAME TO {quote_ident(new.name)};"
            return [Step(c.describe(), (sql,), kind=k)]
        if k is Kind.DOMAIN_MOVED:
            moved = qualified(QName(old.schema, new.name))
            sql = f"ALTER DOMAIN {moved} SET SCHEMA {quote_ident(new.schema)};"
            return [Step(c.describe(), (sql,), kind=k)]
        return self.alter_domain(c)

    def alter_domain(self, c: Change) -> list[Step]:
        was: Domain = c.old
        domain: Domain = c.new
        name = qualified(domain.qname)
        head = f"ALTER DOMAIN {name}"
        if ddl.column_type_sql(was.type) != ddl.column_type_sql(domain.type) and (
            was.type.enum is None or domain.type.enum is None
        ):
            raise MigrationError(
                f"cannot write a migration for domain_type_changed yet: {c.describe()} "
                "(PostgreSQL cannot change a domain's type: a new domain, and every column "
                "of it retyped)"
            )
        statements: list[str] = []
        notes: list[str] = []
        if was.default != domain.default:
            if domain.default is None:
                statements.append(f"{head} DROP DEFAULT;")
            else:
                statements.append(f"{head} SET DEFAULT {_default(domain.default)};")
        if was.nullable != domain.nullable:
            statements.append(f"{head} {'DROP' if domain.nullable else 'SET'} NOT NULL;")
            if not domain.nullable:
                notes.append("-- SET NOT NULL reads every column of the domain; fails on NULLs")
        old_names = dict(zip((ck.id for ck in was.checks), domain_check_names(was),
                             strict=True))  # fmt: skip
        new_names = dict(zip((ck.id for ck in domain.checks), domain_check_names(domain),
                             strict=True))  # fmt: skip
        old_checks = {check.id: check for check in was.checks}
        new_ids = {check.id for check in domain.checks}
        added: list[CheckConstraint] = []
        validated: list[CheckConstraint] = []
        for check in was.checks:
            now = next((ck for ck in domain.checks if ck.id == check.id), None)
            if check.id not in new_ids or (
                now is not None
                and (now.expression != check.expression or (now.not_valid and not check.not_valid))
            ):
                statements.append(f"{head} DROP CONSTRAINT {quote_ident(old_names[check.id])};")
        for check in domain.checks:
            before = old_checks.get(check.id)
            if (
                before is None
                or before.expression != check.expression
                or (check.not_valid and not before.not_valid)
            ):
                added.append(check)
                continue
            if old_names[check.id] != new_names[check.id]:
                statements.append(f"{head} RENAME CONSTRAINT {quote_ident(old_names[check.id])} "
                                  f"TO {quote_ident(new_names[check.id])};")  # fmt: skip
            if before.not_valid and not check.not_valid:
                validated.append(check)
        for check in added:
            clause = f"ADD CONSTRAINT {quote_ident(new_names[check.id])} CHECK ({check.expression})"
            statements.append(f"{head} {clause}{' NOT VALID' if check.not_valid else ''};")
            if not check.not_valid:
                notes.append(
                    "-- ADD CONSTRAINT reads every column of the domain; fails on values that "
                    "break it"
                )
        for check in validated:
            statements.append(f"{head} VALIDATE CONSTRAINT {quote_ident(new_names[check.id])};")
            notes.append("-- VALIDATE reads every column of the domain; fails on values that "
                         "break it")  # fmt: skip
        if was.description != domain.description:
            statements.append(f"COMMENT ON DOMAIN {name} IS {_text(domain.description)};")
        notes.append("-- ALTER DOMAIN: the tables whose columns use it are locked while it "
                     "reads them")  # fmt: skip
        return [Step(c.describe(), tuple(statements), tuple(dict.fromkeys(notes)), kind=c.kind)]

    # -- sequences of their own ----------------------------------------------------------

    def sequence(self, c: Change) -> list[Step]:
        k = c.kind
        say = c.describe()
        if k is Kind.SEQUENCE_ADDED:
            statements = split_statements(ddl.sequence_sql(c.new))
            return [Step(say, tuple(statements), kind=k)]
        if k is Kind.SEQUENCE_REMOVED:
            sql = f"DROP SEQUENCE IF EXISTS {qualified(c.old.qname)};"
            note = ("-- IF EXISTS: a sequence OWNED BY a column dropped above went with it; "
                    "fails on defaults that still use it")  # fmt: skip
            return [Step(say, (sql,), (note,), kind=k)]
        if k in (Kind.SEQUENCE_OBJECT_RENAMED, Kind.SEQUENCE_MOVED):
            old, new = c.old_name, c.new_name
            assert isinstance(old, QName) and isinstance(new, QName)
            if k is Kind.SEQUENCE_OBJECT_RENAMED:
                sql = f"ALTER SEQUENCE {qualified(old)} RENAME TO {quote_ident(new.name)};"
            else:
                moved = qualified(QName(old.schema, new.name))
                sql = f"ALTER SEQUENCE {moved} SET SCHEMA {quote_ident(new.schema)};"
            note = ("-- a default nextval('…'::regclass) follows it; a default that names it "
                    "as text does not")  # fmt: skip
            return [Step(say, (sql,), (note,), kind=k)]
        sequence: Sequence = c.new
        name = qualified(sequence.qname)
        if k is Kind.SEQUENCE_RELEASED:
            return [Step(say, (f"ALTER SEQUENCE {name} OWNED BY NONE;",), kind=k)]
        if k is Kind.SEQUENCE_OWNED:
            return [Step(say, (ddl.sequence_owner_sql(sequence),), kind=k)]  # type: ignore[arg-type]
        return [self.alter_sequence(c)]

    def alter_sequence(self, c: Change) -> Step:
        was: Sequence = c.old
        sequence: Sequence = c.new
        name = qualified(sequence.qname)
        options = []
        if was.data_type != sequence.data_type:
            options.append(f"AS {sequence.data_type}")
        if was.increment != sequence.increment:
            options.append(f"INCREMENT BY {sequence.increment}")
        if was.min_value != sequence.min_value:
            value = sequence.min_value
            options.append("NO MINVALUE" if value is None else f"MINVALUE {value}")
        if was.max_value != sequence.max_value:
            value = sequence.max_value
            options.append("NO MAXVALUE" if value is None else f"MAXVALUE {value}")
        if was.start != sequence.start or (
            sequence.start is None and options and was.min_value != sequence.min_value
        ):
            options.append(f"START WITH {_start(sequence)}")
        if was.cache != sequence.cache:
            options.append(f"CACHE {sequence.cache}")
        if was.cycle != sequence.cycle:
            options.append("CYCLE" if sequence.cycle else "NO CYCLE")
        statements = [f"ALTER SEQUENCE {name} {' '.join(options)};"] if options else []
        if was.description != sequence.description:
            statements.append(f"COMMENT ON SEQUENCE {name} IS {_text(sequence.description)};")
        notes = ["-- no lock on a table, brief; the sequence's current value is kept (START "
                 "WITH is where a RESTART goes)"]  # fmt: skip
        if was.data_type != sequence.data_type:
            notes.append(self.note(Form.ALTER_SEQUENCE_TYPE))
        return Step(c.describe(), tuple(statements), tuple(notes), kind=c.kind)

    def hoisted(self, plan: list[Change]) -> list[Change]:
        """Drops that must run before the renames: the dropped object's name is one a
        renamed object takes (with the foreign keys, when a key they need goes early)."""
        taken = {str(c.new_name) for c in plan if c.kind in _RENAME_TEMPLATES}
        early = [c for c in plan if c.kind in _EARLY and str(c.old_name) in taken]
        if any(c.kind in (Kind.UNIQUE_REMOVED, Kind.PRIMARY_KEY_REMOVED) for c in early):
            early += [c for c in plan if c.kind is Kind.FOREIGN_KEY_REMOVED and c not in early]
        return [c for c in plan if c in early and c.table_id in self.old_tables]

    def check_names_free(self) -> None:
        """A table or enum type renamed or moved onto a name another one still holds (a
        swap, or one dropped later) would need a temporary name: not written yet."""
        held = {t.qname: t.id for t in self.old.tables}
        # indexes and the indexes of keys are relations too, in their table's schema
        for t in self.old.tables:
            for key in (
                [("pk", t.id)]
                + [("uq", u.id) for u in t.uniques]
                + [("uq", c.id) for c in t.columns]
                + [("ix", i.id) for i in t.indexes]
            ):
                if (name := self.old_names.by_id.get(key)) is not None:
                    held.setdefault(QName(t.schema, name), ":".join(key))
        held_types = {e.qname: e.id for e in self.old.enums}
        for c in self.diff.plan:
            if c.kind in (Kind.TABLE_RENAMED, Kind.TABLE_MOVED):
                names = held
            elif c.kind in (Kind.ENUM_RENAMED, Kind.ENUM_MOVED):
                names = held_types
            else:
                continue
            old, new = c.old_name, c.new_name
            assert isinstance(old, QName) and isinstance(new, QName)
            target = QName(old.schema, new.name) if c.kind.value.endswith("renamed") else new
            if names.get(target, c.id) != c.id:
                raise MigrationError(
                    f"cannot write a migration for {c.kind.value}_onto_a_taken_name yet: "
                    f"{c.describe()}"
                )

    # -- renames -----------------------------------------------------------------------

    def renames(self, group: list[Change]) -> list[Step]:
        """One rename each; when a new name is another's old name in the same namespace,
        everything in that namespace goes through a temporary name first."""
        scopes: dict[object, list[Change]] = {}
        for change in group:
            scopes.setdefault(self.scope(change), []).append(change)
        steps: list[Step] = []
        for members in scopes.values():
            olds = {_rename_names(change)[0] for change in members}
            swap = any(_rename_names(change)[1] in olds for change in members)
            if not swap:
                steps += [self.rename(change, *_rename_names(change)) for change in members]
                continue
            for n, change in enumerate(members):
                old, new = _rename_names(change)
                temporary = trim_identifier(f"tmp_{n}_{new}")
                step = self.rename(change, old, temporary)
                note = "-- through a temporary name: the names are swapped"
                steps.append(replace(step, comments=(*step.comments, note)))
            for n, change in enumerate(members):
                old, new = _rename_names(change)
                steps.append(self.rename(change, trim_identifier(f"tmp_{n}_{new}"), new))
        return steps

    def scope(self, change: Change) -> object:
        if change.kind is Kind.ENUM_VALUE_RENAMED:
            return change.id
        if change.kind in _TABLE_SCOPED:
            return change.table
        if change.kind in _RELATION_NAMED:
            return change.table.schema if change.table else None
        return (change.table, "constraint")

    def rename(self, change: Change, old: str, new: str) -> Step:
        if change.kind is Kind.ENUM_VALUE_RENAMED:
            enum = qualified(change.new_name)  # type: ignore[arg-type]
            sql = f"ALTER TYPE {enum} RENAME VALUE {quote_literal(old)} TO {quote_literal(new)};"
            note = self.note(Form.RENAME_ENUM_VALUE)
            if change.inferred:
                note += "\n-- inferred from the values' positions: confirm it is a rename"
            return Step(change.describe(), (sql,), (note,), kind=change.kind)
        assert change.table is not None
        sql = _RENAME_TEMPLATES[change.kind].format(
            table=qualified(change.table), schema=quote_ident(change.table.schema),
            old=quote_ident(old), new=quote_ident(new),
        )  # fmt: skip
        form = _RENAME_FORMS[change.kind]
        return Step(change.describe(), (sql,), (self.note(form, change.table),), kind=change.kind)

    # -- one change --------------------------------------------------------------------

    def change(self, c: Change) -> list[Step]:
        k = c.kind
        say = c.describe()
        if k in _DOMAIN_KINDS:
            return self.domain(c)
        if k in _SEQUENCE_KINDS:
            return self.sequence(c)
        if k in _BASE_OBJECT_KINDS:
            return self.base_object(c)
        if k in (Kind.CHECK_VALIDATED, Kind.FOREIGN_KEY_VALIDATED):
            return [self.validate(c)]
        if k is Kind.PARTITION_ATTACHED:
            table = self.new_tables[c.id]
            note = (
                "-- ATTACH PARTITION: SHARE UPDATE EXCLUSIVE lock on the parent and ACCESS "
                f"EXCLUSIVE on {table.qname}, which is scanned for rows outside the bound "
                "(a valid CHECK that implies the bound spares the scan); fails on such rows"
            )
            return [Step(say, (ddl.attach_partition_sql(table),), (note,), kind=k)]
        if k is Kind.PARTITION_DETACHED:
            sql = f"ALTER TABLE {qualified(c.new)} DETACH PARTITION {qualified(c.table)};"  # type: ignore[arg-type]
            note = f"-- ACCESS EXCLUSIVE lock on {c.new} and {c.table}, brief; the rows stay"
            return [Step(say, (sql,), (note,), kind=k)]
        if k is Kind.SETTING_CHANGED:
            return [
                Step(say, (), ("-- nothing to run: the target version decides the forms",), kind=k)
            ]
        if k is Kind.SCHEMA_ADDED:
            return [self.step(c, [ddl.schema_statement(str(c.new))], Form.CREATE_SCHEMA)]
        if k is Kind.SCHEMA_REMOVED:
            return [self.step(c, [f"DROP SCHEMA {quote_ident(str(c.old))};"], Form.DROP_SCHEMA)]
        if k is Kind.EXTENSION_ADDED:
            return [self.step(c, [ddl.extension_statement(str(c.new))], Form.CREATE_EXTENSION)]
        if k is Kind.EXTENSION_REMOVED:
            sql = f"DROP EXTENSION {quote_ident(str(c.old))};"
            return [self.step(c, [sql], Form.DROP_EXTENSION)]
        if k is Kind.FUNCTION_ADDED:
            sql = ddl.trigger_function_statement(comment=False)
            return [self.step(c, [sql], Form.CREATE_FUNCTION)]
        if k is Kind.FUNCTION_REMOVED:
            return [Step(say, (f"DROP FUNCTION {ddl.TRIGGER_FUNCTION}();",), kind=k)]
        if k is Kind.TABLE_RENAMED:
            old, new = c.old_name, c.new_name
            assert isinstance(old, QName) and isinstance(new, QName)
            sql = f"ALTER TABLE {qualified(old)} RENAME TO {quote_ident(new.name)};"
            return [self.step(c, [sql], Form.RENAME_TABLE, old)]
        if k is Kind.TABLE_MOVED:
            old, new = c.old_name, c.new_name
            assert isinstance(old, QName) and isinstance(new, QName)
            moved = qualified(QName(old.schema, new.name))
            sql = f"ALTER TABLE {moved} SET SCHEMA {quote_ident(new.schema)};"
            return [self.step(c, [sql], Form.SET_SCHEMA, new)]
        if k is Kind.ENUM_RENAMED:
            old, new = c.old_name, c.new_name
            assert isinstance(old, QName) and isinstance(new, QName)
            sql = f"ALTER TYPE {qualified(old)} RENAME TO {quote_ident(new.name)};"
            return [self.step(c, [sql], Form.RENAME_TYPE)]
        if k is Kind.ENUM_MOVED:
            old, new = c.old_name, c.new_name
            assert isinstance(old, QName) and isinstance(new, QName)
            moved = qualified(QName(old.schema, new.name))
            sql = f"ALTER TYPE {moved} SET SCHEMA {quote_ident(new.schema)};"
            return [self.step(c, [sql], Form.TYPE_SET_SCHEMA)]
        if k is Kind.ENUM_ADDED:
            enum: EnumType = c.new
            statements = [ddl.enum_statement(enum)]
            if (aside := self.aside_by_name.get(enum.qname)) is not None:
                move = f"ALTER TYPE {qualified(enum.qname)} RENAME TO {quote_ident(aside.name)};"
                statements.insert(0, move)
            if (text := ddl.enum_comment_statement(enum)) is not None:
                statements.append(text)
            return [self.step(c, statements, Form.CREATE_ENUM)]
        if k is Kind.ENUM_REMOVED:
            name = self.aside.get(c.id, c.old.qname)
            return [self.step(c, [f"DROP TYPE {qualified(name)};"], Form.DROP_TYPE)]
        if k is Kind.ENUM_VALUE_ADDED:
            return self.add_enum_value(c)
        if k is Kind.ENUM_COMMENT:
            sql = f"COMMENT ON TYPE {qualified(c.new_name)} IS {_text(c.new)};"  # type: ignore[arg-type]
            return [self.step(c, [sql], Form.COMMENT_ON_TYPE)]
        if k is Kind.TABLE_COMMENT:
            sql = f"COMMENT ON TABLE {qualified(c.table)} IS {_text(c.new)};"  # type: ignore[arg-type]
            return [self.step(c, [sql], Form.COMMENT, c.table)]
        if k is Kind.COLUMN_COMMENT:
            target = f"{qualified(c.table)}.{quote_ident(str(c.new_name))}"  # type: ignore[arg-type]
            return [
                self.step(
                    c, [f"COMMENT ON COLUMN {target} IS {_text(c.new)};"], Form.COMMENT, c.table
                )
            ]
        if k is Kind.TABLE_ADDED:
            return [self.add_table(c)]
        if k is Kind.TABLE_REMOVED:
            statements = [f"DROP TABLE {qualified(c.old.qname)};"]
            if c.old.partition_of is not None:
                parent = self.current_name(c.old.partition_of)
                detach = f"DETACH PARTITION {qualified(c.old.qname)};"
                statements.insert(0, f"ALTER TABLE {qualified(parent)} {detach}")
            return [self.step(c, statements, Form.DROP_TABLE, c.old.qname)]
        if k is Kind.COLUMN_ADDED:
            return self.add_column(c)
        if k is Kind.COLUMN_REMOVED:
            # its own check may read only other columns: PostgreSQL would keep it
            own = [self.old_names.by_id.get((kind, c.id)) for kind in ("ck", "uq")]
            drops = [self.drop_constraint(c.table, name) for name in own if name]
            sql = f"ALTER TABLE {qualified(c.table)} DROP COLUMN {quote_ident(c.old.name)};"  # type: ignore[arg-type]
            notes = [
                f"-- its data: if it moves to {where}, this migration does not copy it (that "
                "table is created after this step): save a version with the table added, "
                "migrate, copy the data, then migrate the drop"
                for where in self.moved_to(c.old)
            ]
            return [self.step(c, [*drops, sql], Form.DROP_COLUMN, c.table, *notes)]
        if k is Kind.COLUMN_TYPE:
            return [self.column_type(c)]
        if k in (Kind.COLUMN_DEFAULT, Kind.COLUMN_NULLABLE) and c.id in self.generating:
            note = "-- nothing more to run: written with the identity / serial change above"
            return [Step(say, (), (note,), kind=k)]
        if k is Kind.COLUMN_GENERATED:
            return [self.generation(c)]
        if k is Kind.COLUMN_MOVED:
            return [self.move(c)]
        if k is Kind.COLUMN_DEFAULT:
            head = f"ALTER TABLE {qualified(c.table)} ALTER COLUMN {quote_ident(str(c.new_name))}"  # type: ignore[arg-type]
            if c.new is None:
                return [self.step(c, [f"{head} DROP DEFAULT;"], Form.DROP_DEFAULT, c.table)]
            return [
                self.step(c, [f"{head} SET DEFAULT {_default(c.new)};"], Form.SET_DEFAULT, c.table)
            ]
        if k is Kind.COLUMN_NULLABLE:
            return self.nullability(c)
        if k is Kind.TRIGGER_ADDED:
            table = self.new_tables[c.id]
            return [self.step(c, [ddl.trigger_statement(table)], Form.CREATE_TRIGGER, c.table)]
        if k is Kind.TRIGGER_REMOVED:
            sql = f"DROP TRIGGER {quote_ident(str(c.old_name))} ON {qualified(c.table)};"  # type: ignore[arg-type]
            return [self.step(c, [sql], Form.DROP_TRIGGER, c.table)]
        if k in (Kind.PRIMARY_KEY_REMOVED, Kind.UNIQUE_REMOVED, Kind.CHECK_REMOVED,
                 Kind.FOREIGN_KEY_REMOVED):  # fmt: skip
            sql = self.drop_constraint(c.table, str(c.old_name))
            if k is Kind.FOREIGN_KEY_REMOVED:  # the referenced table is locked too
                referenced = str(self.current_name(c.old.to_table))
                note = self.note(Form.DROP_FOREIGN_KEY, c.table, referenced=referenced)
                return [self.step(c, [sql], None, c.table, note)]
            return [self.step(c, [sql], Form.DROP_CONSTRAINT, c.table)]
        if k is Kind.INDEX_REMOVED:
            return [
                self.step(c, [self.drop_index(c.table, str(c.old_name))], Form.DROP_INDEX, c.table)
            ]
        if k in (Kind.PRIMARY_KEY_ADDED, Kind.PRIMARY_KEY_CHANGED):
            return [self.add_primary_key(c)]
        if k in (Kind.UNIQUE_ADDED, Kind.UNIQUE_CHANGED, Kind.CHECK_ADDED, Kind.CHECK_CHANGED):
            return self.add_unique_or_check(c)
        if k in (Kind.FOREIGN_KEY_ADDED, Kind.FOREIGN_KEY_CHANGED):
            return self.add_foreign_key(c)
        if k in (Kind.INDEX_ADDED, Kind.INDEX_CHANGED):
            return self.add_index(c)
        if k is Kind.INDEX_COMMENT:
            if c.id in self.changed_indexes:
                return []  # written with the index it belongs to
            name = qualified(QName(c.table.schema, str(c.new_name)))  # type: ignore[union-attr]
            sql = f"COMMENT ON INDEX {name} IS {_text(c.new)};"
            return [self.step(c, [sql], Form.COMMENT_ON_INDEX, c.table)]
        raise MigrationError(f"cannot write a migration for {k.value} yet: {say}")

    def step(
        self,
        c: Change,
        statements: Iterable[str],
        form: Form | None,
        table: QName | None = None,
        *extra: str,
        **flags: bool,
    ) -> Step:
        notes = [self.note(form, table or c.table)] if form is not None else []
        notes += extra
        irreversible = c.destructive or (c.kind, c.id, None) in self.lost
        if (c.kind, c.id, c.new) in self.lost:
            irreversible = True
        if irreversible and not c.destructive:
            notes.append(
                "-- IRREVERSIBLE: this recreates the structure only; the data the other "
                "direction dropped does not come back"
            )
        elif c.destructive and c.kind is Kind.COLUMN_TYPE:
            notes.append(
                "-- DESTRUCTIVE: a narrower type: values that do not fit make it fail, or are "
                "cut or rounded (numeric scale, time precision) — a rollback cannot give back "
                "what was rounded"
            )
        elif c.destructive:
            notes.append("-- DESTRUCTIVE: the data it drops cannot be given back by a rollback")
        return Step(c.describe(), tuple(statements), tuple(notes), destructive=c.destructive,
                    irreversible=irreversible, kind=c.kind, **flags)  # fmt: skip

    def drop_constraint(self, table: QName | None, name: str) -> str:
        # IF EXISTS: a dropped column took its constraints, and the DDL leaves out a
        # unique constraint that repeats a key.
        return f"ALTER TABLE {qualified(table)} DROP CONSTRAINT IF EXISTS {quote_ident(name)};"  # type: ignore[arg-type]

    def drop_index(self, table: QName | None, name: str) -> str:
        assert table is not None
        return f"DROP INDEX IF EXISTS {qualified(QName(table.schema, name))};"

    # -- tables and columns ------------------------------------------------------------

    def add_table(self, c: Change) -> Step:
        table = self.new_tables[c.id]
        names = self.new_names
        # a partition is created as a table of its own (with its parent's NOT NULLs and
        # checks, as ATTACH wants them) and attached later (PARTITION_ATTACHED)
        written, inherited = ddl.as_partition(self.new, table, names)
        statements = [ddl.create_table_statement(written, names, inherited=inherited)]
        statements += [
            ddl.not_valid_sql(table, check, self.new) for check in table.checks if check.not_valid
        ]
        statements += [ddl.index_statement(table, index, names) for index in table.indexes]
        if table.has_updated_at_trigger:
            statements.append(ddl.trigger_statement(table))
        statements += ddl.comment_statements(table, names)
        if (aside := self.aside_by_name.get(table.qname)) is not None:
            move = f"ALTER TYPE {qualified(table.qname)} RENAME TO {quote_ident(aside.name)};"
            statements.insert(0, move)
        return self.step(c, statements, Form.CREATE_TABLE, table.qname)

    def add_column(self, c: Change) -> list[Step]:
        steps = self._add_column(c)
        column: Column = c.new
        if column.description and steps:
            target = f"{qualified(c.table)}.{quote_ident(column.name)}"  # type: ignore[arg-type]
            sql = f"COMMENT ON COLUMN {target} IS {_text(column.description)};"
            steps[-1] = replace(steps[-1], statements=(*steps[-1].statements, sql))
        old, table = self.old_tables.get(c.table_id), self.new_tables[c.table_id]  # type: ignore[arg-type,index]
        if old is not None and steps:
            kept = {col.id for col in old.columns}
            ids = [col.id for col in table.columns]
            if any(i in kept for i in ids[ids.index(column.id) :]):
                note = "-- " + self.order_note(table, column.name, "lists it last")
                steps[-1] = replace(steps[-1], comments=(*steps[-1].comments, note),
                                    out_of_order=table.qname)  # fmt: skip
        return steps

    def _add_column(self, c: Change) -> list[Step]:
        column: Column = c.new
        table = qualified(c.table)  # type: ignore[arg-type]
        existing = c.table_id in self.old_tables
        plain = column.nullable or column.generated.value or not existing
        constant = column.default is not None and _constant(column.default)
        if plain or constant:
            sql = f"ALTER TABLE {table} ADD COLUMN {ddl.column_definition(column)};"
            if column.nullable and column.default is None:
                form = Form.ADD_COLUMN
            elif column.generated.value:
                form = Form.ADD_COLUMN_IDENTITY
            elif column.default is None:
                form = Form.ADD_COLUMN_NOT_NULL
            else:
                form = (
                    Form.ADD_COLUMN_CONSTANT_DEFAULT
                    if constant
                    else Form.ADD_COLUMN_VOLATILE_DEFAULT
                )
            return [self.step(c, [sql], form, c.table)]
        # NOT NULL without a constant default on a table in use: nullable, filled, then
        # NOT NULL — so that no row is locked out for a rewrite and no fill is guessed.
        name = quote_ident(column.name)
        nullable = replace(column, nullable=True, default=None)
        statements = [f"ALTER TABLE {table} ADD COLUMN {ddl.column_definition(nullable)};"]
        notes = [
            self.note(Form.ADD_COLUMN, c.table),
            "-- safe form: added nullable, filled, then proved NOT NULL by a check validated "
            "after the COMMIT",
        ]  # fmt: skip
        if column.default is not None:
            # the default for new rows first, then the rows already there, in one pass
            statements.append(
                f"ALTER TABLE {table} ALTER COLUMN {name} SET DEFAULT {_default(column.default)};"
            )
            fill = f"UPDATE {table} SET {name} = {_default(column.default)} WHERE {name} IS NULL;"
            old_table = self.old_tables[c.table_id]  # type: ignore[index]
            new_table = self.new_tables[c.table_id]  # type: ignore[index]
            if old_table.has_updated_at_trigger and new_table.has_updated_at_trigger:
                # filling a new column is not an update of the row: keep updated_at
                trigger = quote_ident(trigger_name(new_table))
                statements.append(f"ALTER TABLE {table} DISABLE TRIGGER {trigger};")
                statements.append(fill)
                statements.append(f"ALTER TABLE {table} ENABLE TRIGGER {trigger};")
                notes.append("-- the updated_at trigger is off for the fill: the rows keep "
                             "their updated_at")  # fmt: skip
            else:
                statements.append(fill)
        added = self.step(c, statements, None, c.table, *notes)
        backfill = []
        if column.default is None:
            backfill = [
                "-- Backfill here (fill in for your data; in batches on a big table):",
                f"-- UPDATE {table} SET {name} = … WHERE {name} IS NULL;",
            ]
        steps = self.set_not_null_steps(c, c.table, column.name, *backfill,  # type: ignore[arg-type]
                                        needs_backfill=column.default is None)  # fmt: skip
        steps[0] = replace(steps[0], sentence=f"{c.describe()}: its NULLs checked from now on")
        return [added, *steps]

    def generation(self, c: Change) -> Step:
        """Identity or serial, in or out: the old way out first (``DROP IDENTITY``, or the
        serial's default and sequence), then the new way in, its sequence set past the
        rows already there."""
        table = self.new_tables[c.table_id]  # type: ignore[index]
        column = table.column(str(c.new_name))
        was = self.old_tables[c.table_id].column(str(c.old_name))  # type: ignore[index]
        old, new = Generated(c.old), Generated(c.new)
        name = quote_ident(column.name)
        where = qualified(table.qname)
        head = f"ALTER TABLE {where} ALTER COLUMN {name}"
        # The sequence's name: the DDL's for v2. One that goes keeps its v1 name, unless
        # the column stays generated (then the renames gave it the v2 name already).
        sequence = qualified(QName(table.schema, sequence_name(table, column.name)))
        if new is Generated.NONE:
            old_table = self.old_tables[c.table_id]  # type: ignore[index]
            sequence = qualified(QName(table.schema, sequence_name(old_table, was.name)))
        statements: list[str] = []
        notes: list[str] = []

        def add(sql: str, form: Form) -> None:
            statements.append(sql)
            notes.append(self.note(form, c.table))

        if old in _IDENTITY and new in _IDENTITY:
            add(f"{head} SET GENERATED {_IDENTITY[new]};", Form.SET_GENERATED)
            return self.step(c, statements, None, c.table, *notes)
        if old is Generated.SERIAL:
            add(f"{head} DROP DEFAULT;", Form.DROP_DEFAULT)
            add(f"DROP SEQUENCE {sequence};", Form.DROP_SEQUENCE)
        elif old in _IDENTITY:
            add(f"{head} DROP IDENTITY;", Form.DROP_IDENTITY)
        if new is Generated.NONE:
            return self.step(c, statements, None, c.table, *notes)
        if old is Generated.NONE and was.default is not None:
            add(f"{head} DROP DEFAULT;", Form.DROP_DEFAULT)  # ADD GENERATED refuses one
        if old is Generated.NONE and was.nullable:
            # ADD GENERATED needs NOT NULL in the same transaction: set with its scan
            add(f"{head} SET NOT NULL;", Form.SET_NOT_NULL)
        if new in _IDENTITY:
            add(f"{head} ADD GENERATED {_IDENTITY[new]} AS IDENTITY (SEQUENCE NAME {sequence});",
                Form.ADD_IDENTITY)  # fmt: skip
        else:
            add(f"CREATE SEQUENCE {sequence} AS {type_sql(column.type)} OWNED BY {where}.{name};",
                Form.CREATE_SEQUENCE)  # fmt: skip
            add(f"{head} SET DEFAULT nextval({quote_literal(sequence)}::regclass);",
                Form.SET_DEFAULT)  # fmt: skip
        statements.append(
            f"SELECT setval({quote_literal(sequence)}, max({name})) FROM {where} "
            f"HAVING max({name}) >= 1;"
        )
        notes.append(
            "-- the new sequence starts at 1: setval moves it past the highest existing "
            "value (one read of the column), so that rows inserted after the migration do "
            "not collide with the rows already there"
        )
        return self.step(c, statements, None, c.table, *notes)

    def move(self, c: Change) -> Step:
        table = self.new_tables[c.table_id]  # type: ignore[index]
        note = "-- nothing to run: PostgreSQL cannot move a column; " + self.order_note(
            table, str(c.new_name), "keeps it where it is"
        )
        return Step(c.describe(), (), (note,), kind=c.kind, out_of_order=table.qname)

    def order_note(self, table: Table, column: str, database: str) -> str:
        names = table.column_names
        at = names.index(column)
        design = f"after {names[at - 1]}" if at else "first"
        return (
            f"the database {database} while the design puts it {design} (column order only "
            "shows in SELECT * and COPY without a column list)"
        )

    def set_not_null_statements(self, table: QName, column: str) -> list[str]:
        name = quote_ident(column)
        check = quote_ident(trim_identifier(f"{table.name}_{column}_not_null"))
        head = f"ALTER TABLE {qualified(table)}"
        return [
            f"{head} ADD CONSTRAINT {check} CHECK ({name} IS NOT NULL) NOT VALID;",
            f"{head} VALIDATE CONSTRAINT {check};",
            f"{head} ALTER COLUMN {name} SET NOT NULL;",
            f"{head} DROP CONSTRAINT {check};",
        ]

    def nullability(self, c: Change) -> list[Step]:
        head = f"ALTER TABLE {qualified(c.table)} ALTER COLUMN {quote_ident(str(c.new_name))}"  # type: ignore[arg-type]
        if c.new:
            statements = [f"{head} DROP NOT NULL;"]
            old_key = self.old_tables[c.table_id].primary_key  # type: ignore[index]
            if c.table_id in self.changed_keys and str(c.old_name) in old_key.columns:  # type: ignore[union-attr]
                # a key column cannot drop NOT NULL: the key it leaves goes first (it is
                # added back changed below, with the constraints)
                name = self.new_names.primary_key(self.new_tables[c.table_id])  # type: ignore[index]
                statements.insert(0, self.drop_constraint(c.table, name))
            return [self.step(c, statements, Form.DROP_NOT_NULL, c.table)]
        return self.set_not_null_steps(c, c.table, str(c.new_name))  # type: ignore[arg-type]

    def set_not_null_steps(
        self, c: Change, table: QName, column: str, *notes: str, **flags: bool
    ) -> list[Step]:
        """``SET NOT NULL`` without its scan under ACCESS EXCLUSIVE: a ``CHECK (… IS NOT
        NULL) NOT VALID`` in the transaction (new rows are checked from then on; ``notes``
        go before it: a backfill template), validated alone after the COMMIT
        under SHARE UPDATE EXCLUSIVE (reads and writes go on), then, in a last
        transaction, ``SET NOT NULL`` (which the valid check spares its scan) and the
        check dropped."""
        add, validate, set_not_null, drop = self.set_not_null_statements(table, column)
        reason = (
            "-- safe form: a NOT VALID check now, validated after the COMMIT under a lock "
            "that lets writes go on; SET NOT NULL then skips its scan"
        )
        first = self.step(c, [add], Form.ADD_CHECK_NOT_VALID, table, reason, *notes, **flags)
        second = self.step(c, [validate], Form.VALIDATE_CHECK, table, outside=True,
                           after_commit=True)  # fmt: skip
        third = self.step(c, [set_not_null, drop], Form.SET_NOT_NULL_PROVED, table,
                          after_concurrent=True)  # fmt: skip
        return [
            first,
            replace(second, sentence=f"{c.describe()}: the check validated"),
            replace(third, sentence=f"{c.describe()}: NOT NULL set, the check dropped"),
        ]

    def column_type(self, c: Change) -> Step:
        table = self.new_tables[c.table_id]  # type: ignore[index]
        column = table.column(str(c.new_name))
        was = self.old_tables[c.table_id].column(str(c.old_name))  # type: ignore[index]
        how = type_change(c.old, c.new, self.version)
        head = f"ALTER TABLE {qualified(c.table)} ALTER COLUMN {quote_ident(column.name)}"  # type: ignore[arg-type]
        new_type = ddl.column_type_sql(c.new)
        statements = []
        # The default goes first and comes back after: PostgreSQL would cast it with the
        # column where it can, but keep the old type's cast in its text ('{}'::json[] on
        # a jsonb[] column), and refuse where there is no assignment cast
        if was.default is not None:
            statements.append(f"{head} DROP DEFAULT;")
        using = ""
        if how.needs_using:
            # through the text form: every type has one, and a cast between two bases
            # may not exist (date to bit varying)
            text = "text[]" if c.old.array and c.new.array else "text"
            using = f" USING {quote_ident(column.name)}::{text}::{new_type}"
        statements.append(f"{head} TYPE {new_type}{using};")
        if column.default is not None:
            statements.append(f"{head} SET DEFAULT {_default(column.default)};")
        notes = [comment(column_type_effect(c.old, c.new, self.version), table=str(c.table))]
        if was.generated is Generated.SERIAL and column.generated is Generated.SERIAL:
            # an identity's sequence follows its column's type; a serial's does not
            sequence = QName(table.schema, sequence_name(table, column.name))
            statements.append(f"ALTER SEQUENCE {qualified(sequence)} AS {new_type};")
            notes.append(self.note(Form.ALTER_SEQUENCE_TYPE, c.table))
        if how.reason:
            notes.append(f"-- {how.reason}")
        if how.rewrite.value == "table":
            notes.append("-- REWRITES the table: plan it for a quiet moment")
        return self.step(c, statements, None, c.table, *notes)

    # -- enum types --------------------------------------------------------------------

    def add_enum_value(self, c: Change) -> list[Step]:
        if c.id in self.rebuilt:
            return []  # the rebuilt type has it
        enum = self.new_enums[c.id]
        values = list(enum.values)
        at = values.index(c.new)
        old_values = set(self.old_enums[c.id].values) | {
            ch.new for ch in self.diff.plan if ch.kind is Kind.ENUM_VALUE_RENAMED and ch.id == c.id
        }
        # Added in the new order: the value before this one exists by now.
        place = ""
        if at > 0:
            place = f" AFTER {quote_literal(values[at - 1])}"
        else:
            later = [v for v in values[at + 1 :] if v in old_values]
            if later:
                place = f" BEFORE {quote_literal(later[0])}"
        sql = f"ALTER TYPE {qualified(enum.qname)} ADD VALUE {quote_literal(c.new)}{place};"
        used = self.value_used(enum, c.new)
        notes = [self.note(Form.ADD_ENUM_VALUE)]
        if used:
            notes.append("-- committed before the steps that use it: a new value cannot be used "
                         "in the transaction that adds it")  # fmt: skip
        return [self.step(c, [sql], None, None, *notes, outside=used)]

    def value_used(self, enum: EnumType, value: str) -> bool:
        literal = quote_literal(value)
        for table in self.new.tables:
            texts = [col.default or "" for col in table.columns] + [
                col.check or "" for col in table.columns
            ]
            texts += [check.expression for check in table.checks]
            texts += [index.where or "" for index in table.indexes]
            if any(literal in text for text in texts):
                return True
        return False

    def rebuild_enum(self, c: Change) -> Step:
        enum = self.new_enums[c.id]
        old_enum = self.old_enums[c.id]
        name = qualified(enum.qname)
        temporary = QName(enum.schema, trim_identifier(f"{enum.name}__new"))
        statements = [ddl.enum_statement(replace(enum, name=temporary.name))]
        retyped: list[QName] = []  # the tables whose columns are cast, for the lock notes
        for table_id, old_table in self.old_tables.items():
            table = self.new_tables.get(table_id)
            if table is None:
                continue
            new_columns = {column.id: column for column in table.columns}
            for was in old_table.columns:
                column = new_columns.get(was.id)
                if column is None or was.type.enum != old_enum.qname:
                    continue
                head = (
                    f"ALTER TABLE {qualified(table.qname)} ALTER COLUMN {quote_ident(column.name)}"
                )
                cast = f"{quote_ident(column.name)}::text{'[]' if was.type.array else ''}"
                target = qualified(temporary) + ("[]" if was.type.array else "")
                if was.default is not None:
                    statements.append(f"{head} DROP DEFAULT;")
                statements.append(f"{head} TYPE {target} USING {cast}::{target};")
                if table.qname not in retyped:
                    retyped.append(table.qname)
                if column.default is not None and column.type.enum == enum.qname:
                    default = column.default.replace(f"::{name}", f"::{qualified(temporary)}")
                    statements.append(f"{head} SET DEFAULT {default};")
        statements.append(f"DROP TYPE {name};")
        statements.append(f"ALTER TYPE {qualified(temporary)} RENAME TO {quote_ident(enum.name)};")
        sentences = "; ".join(
            ch.describe() for ch in self.diff.plan
            if ch.id == c.id and ch.kind in (Kind.ENUM_VALUE_REMOVED, Kind.ENUM_VALUES_REORDERED)
        )  # fmt: skip
        notes = [
            "-- rebuilt: PostgreSQL cannot remove or reorder enum values in place",
            "-- fails if a row holds a removed value: map those rows to a kept value first",
            *(self.note(Form.ALTER_TYPE_USING, table) for table in retyped),
        ]
        destructive = any(
            ch.destructive
            for ch in self.diff.plan
            if ch.id == c.id and ch.kind is Kind.ENUM_VALUE_REMOVED
        )
        step = self.step(c, statements, None, None, *notes)
        return replace(step, sentence=sentences, destructive=destructive,
                       irreversible=destructive or step.irreversible)  # fmt: skip

    # -- constraints and indexes -------------------------------------------------------

    def add_primary_key(self, c: Change) -> Step:
        table = self.new_tables[c.table_id]  # type: ignore[index]
        name = self.new_names.primary_key(table)
        statements = []
        if c.kind is Kind.PRIMARY_KEY_CHANGED:
            statements.append(self.drop_constraint(c.table, name))
        columns = ", ".join(quote_ident(n) for n in table.primary_key.columns)  # type: ignore[union-attr]
        statements.append(
            f"ALTER TABLE {qualified(table.qname)} "
            f"ADD CONSTRAINT {quote_ident(name)} PRIMARY KEY ({columns});"
        )
        return self.step(c, statements, Form.ADD_PRIMARY_KEY, c.table)

    def add_unique_or_check(self, c: Change) -> list[Step]:
        table = self.new_tables[c.table_id]  # type: ignore[index]
        unique = c.kind in (Kind.UNIQUE_ADDED, Kind.UNIQUE_CHANGED)
        name = str(c.new_name)
        statements = []
        if c.kind in (Kind.UNIQUE_CHANGED, Kind.CHECK_CHANGED):
            statements.append(self.drop_constraint(c.table, name))
        if isinstance(c.new, CheckConstraint) and c.new.not_valid:
            statements.append(ddl.not_valid_sql(table, c.new, self.new))
            note = "-- NOT VALID, as designed: the rows already there are not checked"
            return [self.step(c, statements, Form.ADD_CHECK_NOT_VALID, c.table, note)]
        # The DDL writes each constraint the same way: take its definition from there.
        definitions = ddl.constraint_definitions(table, self.new_names)
        prefix = f"CONSTRAINT {quote_ident(name)} "
        found = [d for d in definitions if d.startswith(prefix)]
        if not found:
            note = "-- nothing to add: it repeats a key, as the DDL leaves it out"
            return [self.step(c, statements, None, c.table, note)]
        (definition,) = found
        existing = c.table_id in self.old_tables  # rows to check
        head = f"ALTER TABLE {qualified(table.qname)}"
        if existing and c.kind is Kind.CHECK_ADDED:
            return self.add_check_not_valid(c, head, name, definition)
        partitioned = table.partition_by is not None or table.partition_of is not None
        if existing and unique and partitioned:
            # no CONCURRENTLY on a partitioned table: the partitions' keys are added in
            # the transaction, the parent's last, adopting them
            statements.append(f"{head} ADD {definition};")
            note = (
                "-- a partitioned table's key cannot be built CONCURRENTLY: added last, it "
                "adopts its partitions' matching keys and builds the others"
                if table.partition_by is not None
                else "-- a partition's key is built in the transaction: its parent's adopts it"
            )
            return [self.step(c, statements, Form.ADD_UNIQUE, c.table, note,
                              after_concurrent=table.partition_by is not None)]  # fmt: skip
        if existing and c.kind is Kind.UNIQUE_ADDED and not self.is_referenced(table, c.new):
            return self.add_unique_concurrently(c, head, name, definition)
        statements.append(f"{head} ADD {definition};")
        return [self.step(c, statements, Form.ADD_UNIQUE if unique else Form.ADD_CHECK, c.table)]

    def validate(self, c: Change) -> Step:
        """A NOT VALID constraint made valid: ``VALIDATE CONSTRAINT`` alone after the
        COMMIT, which takes only a SHARE UPDATE EXCLUSIVE lock while it scans."""
        name = quote_ident(str(c.new_name))
        sql = f"ALTER TABLE {qualified(c.table)} VALIDATE CONSTRAINT {name};"  # type: ignore[arg-type]
        if c.kind is Kind.FOREIGN_KEY_VALIDATED:
            referenced = str(self.current_name(c.new.to_table))
            note = comment(effect(Form.VALIDATE_FOREIGN_KEY, self.version), table=str(c.table),
                           referenced=referenced)  # fmt: skip
        else:
            note = self.note(Form.VALIDATE_CHECK, c.table)
        reason = (
            "-- only a SHARE UPDATE EXCLUSIVE lock while it checks the rows already there: "
            "reads and writes go on"
        )
        return Step(c.describe(), (sql,), (note, reason), outside=True, after_commit=True,
                    kind=c.kind)  # fmt: skip

    def add_check_not_valid(self, c: Change, head: str, name: str, definition: str) -> list[Step]:
        """Added NOT VALID in the transaction (new rows are checked from then on), then
        validated alone after the COMMIT, under a lock that lets writes go on."""
        reason = (
            "-- safe form: NOT VALID now, VALIDATE after the COMMIT: the validation scans "
            "under SHARE UPDATE EXCLUSIVE, so reads and writes go on"
        )
        add = self.step(c, [f"{head} ADD {definition} NOT VALID;"], Form.ADD_CHECK_NOT_VALID,
                        c.table, reason)  # fmt: skip
        sql = f"{head} VALIDATE CONSTRAINT {quote_ident(name)};"
        validate = self.step(c, [sql], Form.VALIDATE_CHECK, c.table, outside=True,
                             after_commit=True)  # fmt: skip
        return [add, replace(validate, sentence=f"{c.describe()}: validated")]

    def is_referenced(self, table: Table, unique: UniqueConstraint) -> bool:
        return (table.qname, frozenset(unique.columns)) in self.referenced

    def add_unique_concurrently(
        self, c: Change, head: str, name: str, definition: str
    ) -> list[Step]:
        """The unique index built CONCURRENTLY after the COMMIT, then made the
        constraint (``USING INDEX``, catalog only) in a last transaction."""
        table = self.new_tables[c.table_id]  # type: ignore[index]
        body = definition.removeprefix(f"CONSTRAINT {quote_ident(name)} UNIQUE")
        index = QName(table.schema, name)
        build = f"CREATE UNIQUE INDEX CONCURRENTLY {quote_ident(name)} ON {qualified(table.qname)}"
        # ``UNIQUE NULLS NOT DISTINCT (a)`` -> ``(a) NULLS NOT DISTINCT`` in an index
        nulls = " NULLS NOT DISTINCT" if body.startswith(" NULLS NOT DISTINCT") else ""
        columns = body.removeprefix(" NULLS NOT DISTINCT").strip()
        reason = (
            "-- safe form: the index is built CONCURRENTLY after the COMMIT (writes go on), "
            "then becomes the constraint"
        )
        steps = [
            self.step(c, [f"{build} {columns}{nulls};"], Form.CREATE_UNIQUE_INDEX_CONCURRENTLY,
                      c.table, reason, outside=True, after_commit=True),
            self.step(c, [f"{head} ADD CONSTRAINT {quote_ident(name)} UNIQUE USING INDEX "
                          f"{quote_ident(index.name)};"],
                      Form.ADD_CONSTRAINT_USING_INDEX, c.table, after_concurrent=True),
        ]  # fmt: skip
        steps[1] = replace(steps[1], sentence=f"{c.describe()}: the index becomes the constraint")
        return steps

    def add_foreign_key(self, c: Change) -> list[Step]:
        rel = c.new
        name = self.new_names.foreign_key(rel)
        statements = []
        if c.kind is Kind.FOREIGN_KEY_CHANGED:
            statements.append(self.drop_constraint(rel.from_table, name))
        from_id = next(t.id for t in self.new.tables if t.qname == rel.from_table)
        existing = from_id in self.old_tables  # rows to check
        source = self.new.tables_by_name.get(rel.from_table)
        if existing and not rel.not_valid and source is not None and source.partition_by:
            statements.append(ddl.add_foreign_key_statement(rel, self.new_names))
            note = comment(effect(Form.ADD_FOREIGN_KEY, self.version),
                           table=str(rel.from_table), referenced=str(rel.to_table))  # fmt: skip
            reason = ("-- checked at once: PostgreSQL cannot add a NOT VALID foreign key to a "
                      "partitioned table")  # fmt: skip
            return [self.step(c, statements, None, rel.from_table, note, reason)]
        if rel.not_valid:
            statements.append(ddl.add_foreign_key_statement(rel, self.new_names))  # NOT VALID
            names = {"table": str(rel.from_table), "referenced": str(rel.to_table)}
            notes = (
                comment(effect(Form.ADD_FOREIGN_KEY_NOT_VALID, self.version), **names),
                "-- NOT VALID, as designed: the rows already there are not checked",
            )
            return [self.step(c, statements, None, rel.from_table, *notes)]
        if not existing:
            statements.append(ddl.add_foreign_key_statement(rel, self.new_names))
            note = comment(effect(Form.ADD_FOREIGN_KEY, self.version),
                           table=str(rel.from_table), referenced=str(rel.to_table))  # fmt: skip
            return [self.step(c, statements, None, rel.from_table, note)]
        clause = ddl.foreign_key_clause(rel, self.new_names)
        head = f"ALTER TABLE {qualified(rel.from_table)}"
        statements.append(f"{head}\n{ddl.INDENT}ADD {clause} NOT VALID;")
        names = {"table": str(rel.from_table), "referenced": str(rel.to_table)}
        notes = (
            comment(effect(Form.ADD_FOREIGN_KEY_NOT_VALID, self.version), **names),
            "-- safe form: NOT VALID now, VALIDATE after the COMMIT: writes go on while "
            "existing rows are checked",
        )
        validate = Step(
            f"{c.describe()}: validated",
            (f"{head} VALIDATE CONSTRAINT {quote_ident(name)};",),
            (comment(effect(Form.VALIDATE_FOREIGN_KEY, self.version), **names),),
            outside=True,
            after_commit=True,
            kind=c.kind,
        )
        return [self.step(c, statements, None, rel.from_table, *notes), validate]

    def partitioned_index(self, c: Change, table: Table, index: Any, create: str) -> Step:
        """An index of a partitioned table: PostgreSQL cannot build it CONCURRENTLY. It
        is created in the last transaction, once the partitions' own new indexes are
        built concurrently: it adopts those that match, and builds the others."""
        statements = [create]
        name = self.new_names.index(index.id)
        if index.rationale.strip():
            statements.append(
                f"COMMENT ON INDEX {qualified(QName(table.schema, name))} "
                f"IS {_text(index.rationale)};"
            )
        notes = (
            self.note(Form.CREATE_INDEX, table.qname),
            "-- a partitioned table's index cannot be built CONCURRENTLY: it runs after the "
            "partitions' own indexes are built concurrently, adopts those that match and "
            "builds the others, each partition under a SHARE lock",
        )
        return self.step(c, statements, None, table.qname, *notes, after_concurrent=True)

    def add_index(self, c: Change) -> list[Step]:
        table = self.new_tables[c.table_id]  # type: ignore[index]
        index = next(i for i in table.indexes if i.id == c.id)
        name = self.new_names.index(index.id)
        steps = []
        if c.kind is Kind.INDEX_CHANGED:
            drop = self.drop_index(table.qname, name)
            note = "-- the changed index is built again below, after the commit"
            steps.append(self.step(c, [drop], Form.DROP_INDEX, table.qname, note))
        create = ddl.index_statement(table, index, self.new_names)
        if table.partition_by is not None:
            return [*steps, self.partitioned_index(c, table, index, create)]
        create = create.replace(" INDEX ", " INDEX CONCURRENTLY ", 1)
        statements = [create]
        if index.rationale.strip():
            statements.append(
                f"COMMENT ON INDEX {qualified(QName(table.schema, name))} "
                f"IS {_text(index.rationale)};"
            )
        form = (
            Form.CREATE_UNIQUE_INDEX_CONCURRENTLY
            if index.unique
            else Form.CREATE_INDEX_CONCURRENTLY
        )
        notes = ("-- safe form: CONCURRENTLY does not block writes; it runs after the COMMIT",)
        steps.append(self.step(c, statements, form, table.qname, *notes, outside=True,
                               after_commit=True))  # fmt: skip
        return steps


def _rename_names(change: Change) -> tuple[str, str]:
    """The name before and after a rename (an enum value's: the value)."""
    if change.kind is Kind.ENUM_VALUE_RENAMED:
        return str(change.old), str(change.new)
    return str(change.old_name), str(change.new_name)


def _text(value: str | None) -> str:
    if not value:
        return "NULL"
    return quote_literal(value.replace("\x00", ""))


def _default(text: str) -> str:
    return f"({text})" if needs_parentheses(text) else text


def _constant(text: str) -> bool:
    """A default with no function call: ``ADD COLUMN`` stores it once, without a rewrite."""
    return "(" not in text


def _start(sequence: Sequence) -> int:
    """Where the sequence starts: its own START, or PostgreSQL's default for it."""
    if sequence.start is not None:
        return sequence.start
    if sequence.increment > 0:
        return sequence.min_value if sequence.min_value is not None else 1
    return sequence.max_value if sequence.max_value is not None else -1


def _object_text(item: SqlObject) -> str:
    return item.name if item.schema == "public" else f"{item.schema}.{item.name}"


# --- objects kept as SQL text ---------------------------------------------------------------


def split_statements(sql: str) -> list[str]:
    """The statements of ``sql``, each as written and ending with ``;`` (PostgreSQL's
    parser finds where each ends: a function body may hold semicolons)."""
    encoded = sql.encode()
    tree = json.loads(pg_parser.parse_sql_json(sql))
    statements = []
    for item in tree.get("stmts", []):
        start = item.get("stmt_location", 0)
        length = item.get("stmt_len", 0) or len(encoded) - start
        text = encoded[start : start + length].decode().strip()
        statements.append(text if text.endswith(";") else text + ";")
    return statements


def _tree(sql: str) -> list[dict[str, Any]]:
    return [item["stmt"] for item in json.loads(pg_parser.parse_sql_json(sql)).get("stmts", [])]


def _without_locations(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_locations(v) for k, v in node.items() if k != "location"}
    if isinstance(node, list):
        return [_without_locations(v) for v in node]
    return node


def _selects_star(sql: str) -> bool:
    """Whether the text selects ``*`` somewhere (every column of what it reads)."""
    try:
        return '"A_Star"' in pg_parser.parse_sql_json(sql)
    except pg_parser.ParseError:
        return True  # cannot tell: take it as reading everything


def _view_columns(sql: str) -> list[str | None] | None:
    """The output column names of a view's query as far as the text says them (``None``
    for one PostgreSQL names itself); ``None`` when it cannot tell (``*``, a set operation)."""
    try:
        statement = _tree(sql)[0]
    except (pg_parser.ParseError, IndexError):
        return None
    view = statement.get("ViewStmt")
    if view is None:
        return None
    if view.get("aliases"):
        return [alias["String"]["sval"] for alias in view["aliases"]]
    select = view.get("query", {}).get("SelectStmt", {})
    if "targetList" not in select:
        return None
    names: list[str | None] = []
    for target in select["targetList"]:
        result = target.get("ResTarget", {})
        if "name" in result:
            names.append(result["name"])
            continue
        fields = result.get("val", {}).get("ColumnRef", {}).get("fields")
        if fields and "A_Star" in fields[-1]:
            return None
        names.append(fields[-1]["String"]["sval"] if fields and "String" in fields[-1] else None)
    return names


def _routine_result(sql: str) -> Any:
    try:
        statement = _tree(sql)[0]
    except (pg_parser.ParseError, IndexError):
        return None
    routine = statement.get("CreateFunctionStmt")
    if routine is None:
        return None
    outputs = [
        p for p in routine.get("parameters", [])
        if p.get("FunctionParameter", {}).get("mode") in ("FUNC_PARAM_OUT", "FUNC_PARAM_INOUT",
                                                          "FUNC_PARAM_TABLE")
    ]  # fmt: skip
    return _without_locations([routine.get("returnType"), outputs])


def replaceable(old: SqlObject, new: SqlObject) -> bool:
    """Whether ``CREATE OR REPLACE`` turns ``old`` into ``new`` in place: a function or a
    procedure of the same signature and result, a view whose columns keep their names
    and places (new ones after them); a comment is written again. (A view column whose
    type changes makes PostgreSQL refuse: then drop and create it by hand.)"""
    if old.kind is not new.kind or old.qname != new.qname:
        return False
    if new.kind is ObjectKind.COMMENT:
        return True
    if new.kind in (ObjectKind.FUNCTION, ObjectKind.PROCEDURE):
        before = _routine_result(old.sql)
        return before is not None and before == _routine_result(new.sql)
    if new.kind is ObjectKind.VIEW:
        before, after = _view_columns(old.sql), _view_columns(new.sql)
        if before is None or after is None or None in before:
            return False
        return after[: len(before)] == before
    return False


_COMMENT_VALUE = re.compile(r"(?is)^(COMMENT\s+ON\s+.+?\s+IS)\s+.*;$")
_CLUSTER_ON = re.compile(r"(?is)^ALTER\s+TABLE\s+(?:ONLY\s+)?(.+?)\s+CLUSTER\s+ON\s+\S+\s*;$")
_COLUMN_OPTION = re.compile(
    r"(?is)^(ALTER\s+TABLE\s+(?:ONLY\s+)?.+?\s+ALTER\s+(?:COLUMN\s+)?.+?)\s+"
    r"SET\s+(STATISTICS\s+\S+|\((.*)\))\s*;$"
)
_CLUSTER_USING = re.compile(r"(?is)^CLUSTER\s+(.+?)\s+USING\s+\S+\s*;$")
_ROW_SECURITY = re.compile(
    r"(?is)^(ALTER\s+TABLE\s+(?:ONLY\s+)?.+?)\s+(ENABLE|FORCE)\s+ROW\s+LEVEL\s+SECURITY\s*;$"
)
_REPLICA_IDENTITY = re.compile(r"(?is)^(ALTER\s+TABLE\s+(?:ONLY\s+)?.+?)\s+REPLICA\s+IDENTITY\s+")
_TABLE_OPTIONS = re.compile(r"(?is)^(ALTER\s+TABLE\s+(?:ONLY\s+)?.+?)\s+SET\s+\((.*)\)\s*;$")


def _option_names(text: str) -> str:
    return ", ".join(part.split("=", 1)[0].strip() for part in text.split(","))


def drop_object_statements(item: SqlObject) -> list[str]:
    """How to take the object away, derived from its kind and name (a function's name
    holds its argument types; a trigger's, policy's or rule's its table): ``DROP …``,
    a comment set to NULL, a table option back to PostgreSQL's default."""
    kind = item.kind
    if kind in (ObjectKind.TRIGGER, ObjectKind.POLICY, ObjectKind.RULE):
        own, _, table = item.name.rpartition(" on ")
        if not own:
            raise MigrationError(f"cannot write a migration for {kind.value} {item.name} yet: "
                                 "its name does not say its table")  # fmt: skip
        target = qualified(QName(item.schema, table))
        return [f"DROP {_DROP_KEYWORDS[kind]} {quote_ident(own)} ON {target};"]
    if kind in (ObjectKind.FUNCTION, ObjectKind.PROCEDURE, ObjectKind.AGGREGATE):
        base, _, arguments = item.name.partition("(")
        name = qualified(QName(item.schema, base.strip()))
        return [f"DROP {_DROP_KEYWORDS[kind]} {name}({arguments.rstrip(')')});"]
    if kind in _DROP_KEYWORDS:
        return [f"DROP {_DROP_KEYWORDS[kind]} {qualified(item.qname)};"]
    statements = []
    for statement in split_statements(item.sql):
        if kind is ObjectKind.COMMENT and (found := _COMMENT_VALUE.match(statement)):
            statements.append(f"{found.group(1)} NULL;")
        elif kind is ObjectKind.TABLE_OPTION and (found := _CLUSTER_ON.match(statement)):
            statements.append(f"ALTER TABLE {found.group(1)} SET WITHOUT CLUSTER;")
        elif kind is ObjectKind.TABLE_OPTION and (found := _COLUMN_OPTION.match(statement)):
            if found.group(3) is not None:
                statements.append(f"{found.group(1)} RESET ({_option_names(found.group(3))});")
            else:
                statements.append(f"{found.group(1)} SET STATISTICS -1;")
        elif kind is ObjectKind.TABLE_OPTION and (found := _CLUSTER_USING.match(statement)):
            statements.append(f"ALTER TABLE {found.group(1)} SET WITHOUT CLUSTER;")
        elif kind is ObjectKind.TABLE_OPTION and (found := _ROW_SECURITY.match(statement)):
            undo = "DISABLE" if found.group(2).upper() == "ENABLE" else "NO FORCE"
            statements.append(f"{found.group(1)} {undo} ROW LEVEL SECURITY;")
        elif kind is ObjectKind.TABLE_OPTION and (found := _REPLICA_IDENTITY.match(statement)):
            statements.append(f"{found.group(1)} REPLICA IDENTITY DEFAULT;")
        elif kind is ObjectKind.TABLE_OPTION and (found := _TABLE_OPTIONS.match(statement)):
            statements.append(f"{found.group(1)} RESET ({_option_names(found.group(2))});")
        else:
            raise MigrationError(
                f"cannot write a migration for removing {kind.value} {item.name} yet: no "
                f"way back is known for: {statement.splitlines()[0]}"
            )
    return statements
