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

What cannot be expressed yet raises ``MigrationError`` naming the kind, never wrong SQL
(``UNSUPPORTED`` is empty now; a table or enum type renamed onto a name another one still
holds is refused); when only the way back cannot be written, ``migration`` returns the up
with ``down_error`` set, and asking for the down raises. Statements are built with
``designer.generators.ddl``'s pieces, names by ``designer.schema.naming``, quoting by
``designer.schema.sqltext``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from designer.generators import ddl
from designer.generators.migration_effects import (
    Form,
    column_type_effect,
    comment,
    effect,
    type_change,
)
from designer.schema.diff import Change, Kind, SchemaDiff, diff
from designer.schema.expressions import needs_parentheses
from designer.schema.limits import PG_VERSIONS
from designer.schema.model import (
    Column,
    EnumType,
    Generated,
    QName,
    Schema,
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
        self.check_names_free()
        steps: list[Step] = []
        plan = list(self.diff.plan)
        hoisted = self.hoisted(plan)
        for change in hoisted:
            plan.remove(change)
            table = self.old_tables[change.table_id].qname  # type: ignore[index]
            steps += self.change(replace(change, table=table))
        done_rebuilds: set[str] = set()
        n = 0
        while n < len(plan):
            change = plan[n]
            if change.kind in _GROUPED_RENAMES:
                group = [change]
                while n + 1 < len(plan) and plan[n + 1].kind is change.kind:
                    n += 1
                    group.append(plan[n])
                steps += self.renames(group)
            elif change.kind in (Kind.ENUM_VALUE_REMOVED, Kind.ENUM_VALUES_REORDERED):
                if change.id not in done_rebuilds:
                    done_rebuilds.add(change.id)
                    steps.append(self.rebuild_enum(change))
            else:
                steps += self.change(change)
            n += 1
        return tuple(steps)

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
            sql = f"DROP TABLE {qualified(c.old.qname)};"
            return [self.step(c, [sql], Form.DROP_TABLE, c.old.qname)]
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
        statements = [ddl.create_table_statement(table, names)]
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
        new_type = type_sql(c.new)
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
        if existing and c.kind is Kind.UNIQUE_ADDED and not self.is_referenced(table, c.new):
            return self.add_unique_concurrently(c, head, name, definition)
        statements.append(f"{head} ADD {definition};")
        return [self.step(c, statements, Form.ADD_UNIQUE if unique else Form.ADD_CHECK, c.table)]

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
