"""What each schema-changing statement does to a live table, per PostgreSQL version.

The migration generator writes one of the ``Form`` statements for each change between two
designs; ``effect(form, pg_version)`` says what that statement does to a database in use:
the lock it takes on each table it touches and for how long, whether it can lose data,
whether existing rows can make it fail, and whether it may run inside a transaction
block. ``comment(effect, table=...)`` is the one-line SQL comment written above the
statement. ``type_change(old, new)`` tells a column type change that PostgreSQL makes in
the catalog only from one that rewrites the table, or that needs a ``USING`` expression;
``column_type_effect(old, new, pg_version)`` is the effect of that one change.

Sources (PostgreSQL 13 to 18 documentation; the section is named per entry):
- "Explicit Locking", Table-Level Locks: the lock modes, what takes them and
  what they conflict with;
- "ALTER TABLE", Description (the lock each subform takes) and Notes (which forms
  rewrite the table, which scan it, the binary-coercible exception, SET NOT NULL proved
  by a CHECK constraint, NOT VALID and VALIDATE CONSTRAINT);
- "CREATE INDEX", Building Indexes Concurrently; "DROP INDEX", CONCURRENTLY;
- "ALTER TYPE", Notes (``ADD VALUE`` inside a transaction block);
- "CREATE TRIGGER" / "DROP TRIGGER", "COMMENT", "ALTER INDEX" (RENAME takes SHARE UPDATE
  EXCLUSIVE since 12), "CREATE TABLE" (generated columns; virtual ones from 18);
- "CREATE SEQUENCE" (OWNED BY), "ALTER SEQUENCE" (AS), "DROP SEQUENCE";
- "Type Conversion", Value Storage, and the ``pg_cast`` catalog (assignment casts, binary
  coercibility), with the length-coercion support functions of varchar, varbit, numeric
  and the time types (``varchar_support``, ``numeric_support``, ``timestamp_support`` …).

``tests/generators/test_migration_effects.py`` checks every entry against a real server:
the strongest lock held in ``pg_locks``, a new ``relfilenode`` for a rewrite, the server's
own DEBUG1 messages ("rewriting table", "verifying table", "validating foreign key
constraint", "building index"), and rows that make it fail.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum

from designer.schema.limits import PG_VERSIONS
from designer.schema.model import ColumnType

LOCKING = "Explicit Locking, Table-Level Locks"
ALTER_TABLE = "ALTER TABLE, Description"
ALTER_TABLE_NOTES = "ALTER TABLE, Notes"


class LockMode(IntEnum):
    """PostgreSQL's table lock modes, weakest first (Explicit Locking, Table-Level Locks)."""

    ACCESS_SHARE = 1
    ROW_SHARE = 2
    ROW_EXCLUSIVE = 3
    SHARE_UPDATE_EXCLUSIVE = 4
    SHARE = 5
    SHARE_ROW_EXCLUSIVE = 6
    EXCLUSIVE = 7
    ACCESS_EXCLUSIVE = 8

    @property
    def sql(self) -> str:
        """As the documentation and ``LOCK TABLE`` spell it: ``SHARE ROW EXCLUSIVE``."""
        return self.name.replace("_", " ")

    @property
    def pg_locks(self) -> str:
        """As ``pg_locks.mode`` reports it: ``ShareRowExclusiveLock``."""
        return "".join(word.capitalize() for word in self.name.split("_")) + "Lock"


class Target(StrEnum):
    """Which relation of the statement a lock is on."""

    TABLE = "table"  # the table the statement changes (or the index's table)
    REFERENCED = "referenced"  # the table a foreign key refers to
    INDEX = "index"  # the index itself


class Duration(StrEnum):
    """How long the lock is held: what the statement does while it holds it."""

    BRIEF = "brief (catalog only)"
    SCAN = "a full scan of the table"
    INDEX_BUILD = "an index build (a full scan and a sort)"
    REWRITE = "a full rewrite of the table and its indexes"


@dataclass(frozen=True)
class Lock:
    target: Target
    mode: LockMode
    when: str = ""  # a condition, when the lock is only taken in some cases


class Form(StrEnum):
    """The statement forms a migration between two designs emits."""

    CREATE_SCHEMA = "CREATE SCHEMA"
    DROP_SCHEMA = "DROP SCHEMA"
    CREATE_EXTENSION = "CREATE EXTENSION"
    DROP_EXTENSION = "DROP EXTENSION"
    CREATE_ENUM = "CREATE TYPE … AS ENUM"
    ADD_ENUM_VALUE = "ALTER TYPE … ADD VALUE"
    RENAME_ENUM_VALUE = "ALTER TYPE … RENAME VALUE"
    RENAME_TYPE = "ALTER TYPE … RENAME TO"
    TYPE_SET_SCHEMA = "ALTER TYPE … SET SCHEMA"
    DROP_TYPE = "DROP TYPE"
    CREATE_TABLE = "CREATE TABLE"
    DROP_TABLE = "DROP TABLE"
    RENAME_TABLE = "ALTER TABLE … RENAME TO"
    RENAME_COLUMN = "ALTER TABLE … RENAME COLUMN"
    RENAME_CONSTRAINT = "ALTER TABLE … RENAME CONSTRAINT"
    SET_SCHEMA = "ALTER TABLE … SET SCHEMA"
    RENAME_INDEX = "ALTER INDEX … RENAME TO"
    ADD_COLUMN = "ADD COLUMN (nullable, no default)"
    ADD_COLUMN_CONSTANT_DEFAULT = "ADD COLUMN … DEFAULT constant"
    ADD_COLUMN_NOT_NULL = "ADD COLUMN … NOT NULL without a default"
    ADD_COLUMN_VOLATILE_DEFAULT = "ADD COLUMN … DEFAULT volatile"
    ADD_COLUMN_IDENTITY = "ADD COLUMN … GENERATED AS IDENTITY"
    ADD_COLUMN_GENERATED_STORED = "ADD COLUMN … GENERATED ALWAYS AS (…) STORED"
    ADD_COLUMN_GENERATED_VIRTUAL = "ADD COLUMN … GENERATED ALWAYS AS (…) VIRTUAL"
    DROP_COLUMN = "DROP COLUMN"
    ADD_IDENTITY = "ALTER COLUMN … ADD GENERATED AS IDENTITY"
    SET_GENERATED = "ALTER COLUMN … SET GENERATED"
    DROP_IDENTITY = "ALTER COLUMN … DROP IDENTITY"
    CREATE_SEQUENCE = "CREATE SEQUENCE … OWNED BY"
    ALTER_SEQUENCE_TYPE = "ALTER SEQUENCE … AS"
    DROP_SEQUENCE = "DROP SEQUENCE"
    ALTER_TYPE_NO_REWRITE = "ALTER COLUMN TYPE (binary coercible)"
    ALTER_TYPE_REBUILD_INDEXES = "ALTER COLUMN TYPE (binary coercible, new index opclass)"
    ALTER_TYPE_REWRITE = "ALTER COLUMN TYPE (rewrite)"
    ALTER_TYPE_NARROWING = "ALTER COLUMN TYPE (narrowing)"
    ALTER_TYPE_USING = "ALTER COLUMN TYPE … USING"
    SET_NOT_NULL = "ALTER COLUMN SET NOT NULL"
    SET_NOT_NULL_PROVED = "ALTER COLUMN SET NOT NULL (validated CHECK present)"
    DROP_NOT_NULL = "ALTER COLUMN DROP NOT NULL"
    SET_DEFAULT = "ALTER COLUMN SET DEFAULT"
    DROP_DEFAULT = "ALTER COLUMN DROP DEFAULT"
    ADD_CHECK = "ADD CONSTRAINT … CHECK"
    ADD_CHECK_NOT_VALID = "ADD CONSTRAINT … CHECK … NOT VALID"
    VALIDATE_CHECK = "VALIDATE CONSTRAINT (check)"
    ADD_FOREIGN_KEY = "ADD CONSTRAINT … FOREIGN KEY"
    ADD_FOREIGN_KEY_NOT_VALID = "ADD CONSTRAINT … FOREIGN KEY … NOT VALID"
    VALIDATE_FOREIGN_KEY = "VALIDATE CONSTRAINT (foreign key)"
    ADD_UNIQUE = "ADD CONSTRAINT … UNIQUE"
    ADD_PRIMARY_KEY = "ADD CONSTRAINT … PRIMARY KEY"
    ADD_CONSTRAINT_USING_INDEX = "ADD CONSTRAINT … UNIQUE / PRIMARY KEY USING INDEX"
    DROP_CONSTRAINT = "DROP CONSTRAINT"
    DROP_FOREIGN_KEY = "DROP CONSTRAINT (foreign key)"
    CREATE_INDEX = "CREATE INDEX"
    CREATE_UNIQUE_INDEX = "CREATE UNIQUE INDEX"
    CREATE_INDEX_CONCURRENTLY = "CREATE INDEX CONCURRENTLY"
    CREATE_UNIQUE_INDEX_CONCURRENTLY = "CREATE UNIQUE INDEX CONCURRENTLY"
    DROP_INDEX = "DROP INDEX"
    DROP_INDEX_CONCURRENTLY = "DROP INDEX CONCURRENTLY"
    CREATE_TRIGGER = "CREATE TRIGGER"
    DROP_TRIGGER = "DROP TRIGGER"
    CREATE_FUNCTION = "CREATE OR REPLACE FUNCTION"
    COMMENT = "COMMENT ON TABLE / COLUMN"
    COMMENT_ON_INDEX = "COMMENT ON INDEX"
    COMMENT_ON_CONSTRAINT = "COMMENT ON CONSTRAINT"
    COMMENT_ON_TYPE = "COMMENT ON TYPE"


@dataclass(frozen=True)
class Effect:
    """What one statement does to a live database on one PostgreSQL version."""

    form: Form
    pg_version: int
    locks: tuple[Lock, ...]
    duration: Duration
    loses_data: str = ""  # what is lost, when the statement can lose data
    fails_on: str = ""  # which existing rows or objects make it fail
    transactional: bool = True  # may run inside a transaction block
    note: str = ""  # what else to know: a safer form, a version difference
    source: str = ALTER_TABLE

    @property
    def can_lose_data(self) -> bool:
        return bool(self.loses_data)

    @property
    def can_fail_on_rows(self) -> bool:
        return bool(self.fails_on)

    @property
    def rewrites(self) -> bool:
        return self.duration is Duration.REWRITE

    def strongest(self, target: Target = Target.TABLE) -> LockMode | None:
        modes = [lock.mode for lock in self.locks if lock.target is target]
        return max(modes) if modes else None


@dataclass(frozen=True)
class _Entry:
    locks: tuple[Lock, ...]
    duration: Duration
    loses_data: str = ""
    fails_on: str = ""
    transactional: bool = True
    note: str = ""
    source: str = ALTER_TABLE


_AX = LockMode.ACCESS_EXCLUSIVE
_SRE = LockMode.SHARE_ROW_EXCLUSIVE
_SUE = LockMode.SHARE_UPDATE_EXCLUSIVE


def _on_table(mode: LockMode) -> tuple[Lock, ...]:
    return (Lock(Target.TABLE, mode),)


_NO_TABLE: tuple[Lock, ...] = ()
_REWRITE_NOTE = "takes time on a big table"
_NOT_VALID_NOTE = (
    "safer: add it NOT VALID (brief), then VALIDATE CONSTRAINT, which scans under "
    "SHARE UPDATE EXCLUSIVE while reads and writes go on"
)

_ENTRIES: dict[Form, _Entry] = {
    Form.CREATE_SCHEMA: _Entry(_NO_TABLE, Duration.BRIEF, source="CREATE SCHEMA"),
    Form.DROP_SCHEMA: _Entry(
        _NO_TABLE,
        Duration.BRIEF,
        fails_on="objects still in the schema (without CASCADE)",
        source="DROP SCHEMA",
    ),
    Form.CREATE_EXTENSION: _Entry(
        _NO_TABLE,
        Duration.BRIEF,
        fails_on="a server without the extension's files, or a role that may not create it",
        source="CREATE EXTENSION",
    ),
    Form.DROP_EXTENSION: _Entry(
        _NO_TABLE,
        Duration.BRIEF,
        fails_on="columns, indexes or functions that still use it (without CASCADE)",
        source="DROP EXTENSION",
    ),
    Form.CREATE_ENUM: _Entry(_NO_TABLE, Duration.BRIEF, source="CREATE TYPE"),
    Form.ADD_ENUM_VALUE: _Entry(
        _NO_TABLE,
        Duration.BRIEF,
        note=(
            "inside a transaction block the new value cannot be used until the "
            "transaction commits; values placed with BEFORE / AFTER can make comparisons "
            "of the type slower"
        ),
        source="ALTER TYPE, Notes",
    ),
    Form.RENAME_ENUM_VALUE: _Entry(_NO_TABLE, Duration.BRIEF, source="ALTER TYPE"),
    Form.RENAME_TYPE: _Entry(_NO_TABLE, Duration.BRIEF, source="ALTER TYPE"),
    Form.TYPE_SET_SCHEMA: _Entry(_NO_TABLE, Duration.BRIEF, source="ALTER TYPE"),
    Form.DROP_TYPE: _Entry(
        _NO_TABLE,
        Duration.BRIEF,
        fails_on="columns that still use the type (without CASCADE)",
        source="DROP TYPE",
    ),
    Form.CREATE_TABLE: _Entry(
        (Lock(Target.REFERENCED, _SRE, when="when it has a foreign key"),),
        Duration.BRIEF,
        source="CREATE TABLE; ALTER TABLE, Description (foreign keys)",
    ),
    Form.DROP_TABLE: _Entry(
        (
            Lock(Target.TABLE, _AX),
            Lock(Target.REFERENCED, _AX, when="when it has a foreign key"),
        ),
        Duration.BRIEF,
        loses_data="every row of the table",
        fails_on="foreign keys of other tables that reference it (without CASCADE)",
        note="the referenced table is locked too, to drop the foreign key's triggers",
        source="DROP TABLE; " + LOCKING,
    ),
    Form.RENAME_TABLE: _Entry(_on_table(_AX), Duration.BRIEF),
    Form.RENAME_COLUMN: _Entry(_on_table(_AX), Duration.BRIEF),
    Form.RENAME_CONSTRAINT: _Entry(_on_table(_AX), Duration.BRIEF),
    Form.SET_SCHEMA: _Entry(
        _on_table(_AX),
        Duration.BRIEF,
        note="its indexes, constraints and owned sequences move with it",
    ),
    Form.RENAME_INDEX: _Entry(
        (Lock(Target.INDEX, _SUE),),
        Duration.BRIEF,
        source="ALTER INDEX, Description (SHARE UPDATE EXCLUSIVE since PostgreSQL 12)",
    ),
    Form.ADD_COLUMN: _Entry(_on_table(_AX), Duration.BRIEF, source=ALTER_TABLE_NOTES),
    Form.ADD_COLUMN_CONSTANT_DEFAULT: _Entry(
        _on_table(_AX),
        Duration.BRIEF,
        note=(
            "the default is evaluated once and kept in the catalog (PostgreSQL 11+); "
            "a stable default such as now() counts as constant"
        ),
        source=ALTER_TABLE_NOTES,
    ),
    Form.ADD_COLUMN_NOT_NULL: _Entry(
        _on_table(_AX),
        Duration.SCAN,
        fails_on="any existing row (the new column would be NULL in it)",
        note="safer: add it nullable, backfill, then SET NOT NULL through a CHECK",
        source=ALTER_TABLE_NOTES,
    ),
    Form.ADD_COLUMN_VOLATILE_DEFAULT: _Entry(
        _on_table(_AX),
        Duration.REWRITE,
        note=(
            "a volatile default (gen_random_uuid(), clock_timestamp(), nextval()) is "
            "computed for every existing row; " + _REWRITE_NOTE
        ),
        source=ALTER_TABLE_NOTES,
    ),
    Form.ADD_COLUMN_IDENTITY: _Entry(
        _on_table(_AX),
        Duration.REWRITE,
        note="every existing row takes a value from the new sequence; " + _REWRITE_NOTE,
        source=ALTER_TABLE_NOTES,
    ),
    Form.ADD_COLUMN_GENERATED_STORED: _Entry(
        _on_table(_AX),
        Duration.REWRITE,
        fails_on="rows on which the expression raises an error",
        note=(
            "the expression is computed for every existing row; " + _REWRITE_NOTE + "; "
            "write STORED: without it PostgreSQL 18 makes a virtual column, 13 to 17 refuse"
        ),
        source=ALTER_TABLE_NOTES + "; CREATE TABLE, generated columns",
    ),
    Form.ADD_COLUMN_GENERATED_VIRTUAL: _Entry(
        _on_table(_AX),
        Duration.BRIEF,
        note="computed when read; nothing is stored (PostgreSQL 18+)",
        source=ALTER_TABLE_NOTES + "; CREATE TABLE, generated columns",
    ),
    Form.DROP_COLUMN: _Entry(
        _on_table(_AX),
        Duration.BRIEF,
        loses_data="the column's values (the down script cannot give them back)",
        note="the space is reclaimed by later updates, not by the drop",
        source=ALTER_TABLE_NOTES,
    ),
    Form.ADD_IDENTITY: _Entry(
        _on_table(_AX),
        Duration.BRIEF,
        note=(
            "the column must be NOT NULL and have no default; existing values are kept, "
            "and the new sequence starts at 1 until it is set past them"
        ),
    ),
    Form.SET_GENERATED: _Entry(_on_table(_AX), Duration.BRIEF),
    Form.DROP_IDENTITY: _Entry(
        _on_table(_AX), Duration.BRIEF, note="the identity's sequence is dropped with it"
    ),
    Form.CREATE_SEQUENCE: _Entry(
        _on_table(LockMode.ACCESS_SHARE),
        Duration.BRIEF,
        note="OWNED BY ties it to the column: it goes when the column or table goes",
        source="CREATE SEQUENCE",
    ),
    Form.ALTER_SEQUENCE_TYPE: _Entry(
        _NO_TABLE,
        Duration.BRIEF,
        fails_on="a current value outside the new type's range",
        note="a maximum that was the old type's becomes the new type's",
        source="ALTER SEQUENCE",
    ),
    Form.DROP_SEQUENCE: _Entry(
        _NO_TABLE,
        Duration.BRIEF,
        fails_on="defaults that still use it (without CASCADE)",
        source="DROP SEQUENCE",
    ),
    Form.ALTER_TYPE_NO_REWRITE: _Entry(
        _on_table(_AX),
        Duration.BRIEF,
        note="binary coercible: the values and the column's indexes are kept",
        source=ALTER_TABLE_NOTES,
    ),
    Form.ALTER_TYPE_REBUILD_INDEXES: _Entry(
        _on_table(_AX),
        Duration.INDEX_BUILD,
        note="binary coercible, but the column's indexes are rebuilt for the new type",
        source=ALTER_TABLE_NOTES,
    ),
    Form.ALTER_TYPE_REWRITE: _Entry(
        _on_table(_AX), Duration.REWRITE, note=_REWRITE_NOTE, source=ALTER_TABLE_NOTES
    ),
    Form.ALTER_TYPE_NARROWING: _Entry(
        _on_table(_AX),
        Duration.REWRITE,
        fails_on="values that do not fit the new type",
        loses_data="values rounded or cut to the new type, where PostgreSQL does so",
        note=_REWRITE_NOTE,
        source=ALTER_TABLE_NOTES,
    ),
    Form.ALTER_TYPE_USING: _Entry(
        _on_table(_AX),
        Duration.REWRITE,
        fails_on="values the USING expression cannot convert",
        loses_data="whatever the USING expression does not carry over",
        note=_REWRITE_NOTE,
        source=ALTER_TABLE_NOTES,
    ),
    Form.SET_NOT_NULL: _Entry(
        _on_table(_AX),
        Duration.SCAN,
        fails_on="rows where the column is NULL",
        note=(
            "safer: ADD CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL "
            "skips the scan (PostgreSQL 12+)"
        ),
        source=ALTER_TABLE_NOTES,
    ),
    Form.SET_NOT_NULL_PROVED: _Entry(
        _on_table(_AX),
        Duration.BRIEF,
        note="a validated CHECK (col IS NOT NULL) proves it: no scan (PostgreSQL 12+)",
        source=ALTER_TABLE_NOTES,
    ),
    Form.DROP_NOT_NULL: _Entry(_on_table(_AX), Duration.BRIEF),
    Form.SET_DEFAULT: _Entry(
        _on_table(_AX), Duration.BRIEF, note="only rows inserted later take the default"
    ),
    Form.DROP_DEFAULT: _Entry(_on_table(_AX), Duration.BRIEF),
    Form.ADD_CHECK: _Entry(
        _on_table(_AX),
        Duration.SCAN,
        fails_on="rows that break the check",
        note=_NOT_VALID_NOTE,
        source=ALTER_TABLE_NOTES,
    ),
    Form.ADD_CHECK_NOT_VALID: _Entry(
        _on_table(_AX),
        Duration.BRIEF,
        note="existing rows are not checked until VALIDATE CONSTRAINT; new rows are",
        source=ALTER_TABLE_NOTES,
    ),
    Form.VALIDATE_CHECK: _Entry(
        _on_table(_SUE),
        Duration.SCAN,
        fails_on="rows that break the check",
        source=ALTER_TABLE_NOTES,
    ),
    Form.ADD_FOREIGN_KEY: _Entry(
        (Lock(Target.TABLE, _SRE), Lock(Target.REFERENCED, _SRE)),
        Duration.SCAN,
        fails_on="rows whose key has no match in the referenced table",
        note=_NOT_VALID_NOTE,
        source=ALTER_TABLE + "; " + LOCKING,
    ),
    Form.ADD_FOREIGN_KEY_NOT_VALID: _Entry(
        (Lock(Target.TABLE, _SRE), Lock(Target.REFERENCED, _SRE)),
        Duration.BRIEF,
        note="existing rows are not checked until VALIDATE CONSTRAINT; new rows are",
        source=ALTER_TABLE + "; " + LOCKING,
    ),
    Form.VALIDATE_FOREIGN_KEY: _Entry(
        (Lock(Target.TABLE, _SUE), Lock(Target.REFERENCED, LockMode.ROW_SHARE)),
        Duration.SCAN,
        fails_on="rows whose key has no match in the referenced table",
        source=ALTER_TABLE,
    ),
    Form.ADD_UNIQUE: _Entry(
        _on_table(_AX),
        Duration.INDEX_BUILD,
        fails_on="duplicate values",
        note="safer: CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … USING INDEX",
    ),
    Form.ADD_PRIMARY_KEY: _Entry(
        _on_table(_AX),
        Duration.INDEX_BUILD,
        fails_on="duplicate values, or NULLs in the key columns",
        note="safer: CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … USING INDEX",
    ),
    Form.ADD_CONSTRAINT_USING_INDEX: _Entry(
        _on_table(_AX),
        Duration.BRIEF,
        fails_on="NULLs in a primary key's columns (it sets them NOT NULL, with a scan)",
        note="the index is renamed to the constraint's name",
    ),
    Form.DROP_CONSTRAINT: _Entry(_on_table(_AX), Duration.BRIEF),
    Form.DROP_FOREIGN_KEY: _Entry(
        (Lock(Target.TABLE, _AX), Lock(Target.REFERENCED, _AX)),
        Duration.BRIEF,
        note="the referenced table is locked too, to drop the foreign key's triggers",
    ),
    Form.CREATE_INDEX: _Entry(
        _on_table(LockMode.SHARE),
        Duration.INDEX_BUILD,
        note="safer: CREATE INDEX CONCURRENTLY (outside a transaction block)",
        source="CREATE INDEX; " + LOCKING,
    ),
    Form.CREATE_UNIQUE_INDEX: _Entry(
        _on_table(LockMode.SHARE),
        Duration.INDEX_BUILD,
        fails_on="duplicate values",
        note="safer: CREATE UNIQUE INDEX CONCURRENTLY (outside a transaction block)",
        source="CREATE INDEX; " + LOCKING,
    ),
    Form.CREATE_INDEX_CONCURRENTLY: _Entry(
        _on_table(_SUE),
        Duration.INDEX_BUILD,
        transactional=False,
        note=(
            "two scans, waiting for the transactions that use the table; a failure "
            "leaves an INVALID index to drop"
        ),
        source="CREATE INDEX, Building Indexes Concurrently",
    ),
    Form.CREATE_UNIQUE_INDEX_CONCURRENTLY: _Entry(
        _on_table(_SUE),
        Duration.INDEX_BUILD,
        transactional=False,
        fails_on="duplicate values (leaving an INVALID index to drop)",
        note="two scans, waiting for the transactions that use the table",
        source="CREATE INDEX, Building Indexes Concurrently",
    ),
    Form.DROP_INDEX: _Entry(
        _on_table(_AX),
        Duration.BRIEF,
        note="safer: DROP INDEX CONCURRENTLY (outside a transaction block)",
        source="DROP INDEX",
    ),
    Form.DROP_INDEX_CONCURRENTLY: _Entry(
        _on_table(_SUE),
        Duration.BRIEF,
        transactional=False,
        note="waits for the transactions that use the table",
        source="DROP INDEX, CONCURRENTLY",
    ),
    Form.CREATE_TRIGGER: _Entry(_on_table(_SRE), Duration.BRIEF, source="CREATE TRIGGER"),
    Form.DROP_TRIGGER: _Entry(_on_table(_AX), Duration.BRIEF, source="DROP TRIGGER"),
    Form.CREATE_FUNCTION: _Entry(_NO_TABLE, Duration.BRIEF, source="CREATE FUNCTION"),
    Form.COMMENT: _Entry(_on_table(_SUE), Duration.BRIEF, source="COMMENT; " + LOCKING),
    Form.COMMENT_ON_INDEX: _Entry((Lock(Target.INDEX, _SUE),), Duration.BRIEF, source="COMMENT"),
    Form.COMMENT_ON_TYPE: _Entry(_NO_TABLE, Duration.BRIEF, source="COMMENT"),
    Form.COMMENT_ON_CONSTRAINT: _Entry(
        _on_table(LockMode.ACCESS_SHARE), Duration.BRIEF, source="COMMENT"
    ),
}

# Forms that a version of the target range does not have, by the first version that does.
_SINCE: dict[Form, int] = {Form.ADD_COLUMN_GENERATED_VIRTUAL: 18}

_NOT_NULL_NOT_VALID_18 = (
    "; PostgreSQL 18+ can also add the NOT NULL constraint NOT VALID and VALIDATE it"
)


def effect(form: Form, pg_version: int) -> Effect:
    """What ``form`` does on PostgreSQL ``pg_version`` (one of the target versions)."""
    if pg_version not in PG_VERSIONS:
        raise ValueError(
            f"PostgreSQL {pg_version} is not a target version "
            f"({PG_VERSIONS[0]} to {PG_VERSIONS[-1]})"
        )
    since = _SINCE.get(form)
    if since is not None and pg_version < since:
        raise ValueError(f"{form.value} needs PostgreSQL {since} or later")
    entry = _ENTRIES[form]
    note = entry.note
    if form is Form.SET_NOT_NULL and pg_version >= 18:
        note += _NOT_NULL_NOT_VALID_18
    return Effect(
        form=form,
        pg_version=pg_version,
        locks=entry.locks,
        duration=entry.duration,
        loses_data=entry.loses_data,
        fails_on=entry.fails_on,
        transactional=entry.transactional,
        note=note,
        source=entry.source,
    )


def comment(
    effect: Effect,
    *,
    table: str = "the table",
    referenced: str | None = None,
    index: str = "the index",
) -> str:
    """One SQL comment line: the locks and how long, then data loss and failures.

    A lock that is only taken in some cases (``when``) is left out when ``referenced``
    is not given.
    """
    names = {Target.TABLE: table, Target.REFERENCED: referenced, Target.INDEX: index}
    locks = [
        f"{lock.mode.sql} lock on {names[lock.target] or 'the referenced table'}"
        for lock in effect.locks
        if names[lock.target] is not None or not lock.when
    ]
    if not locks:
        text = f"no lock on a table, {effect.duration.value}"
    elif effect.duration is Duration.BRIEF:
        text = " and ".join(locks) + f", {effect.duration.value}"
    else:
        text = " and ".join(locks) + f" for {effect.duration.value}"
        if effect.strongest() is not None and effect.strongest() >= LockMode.SHARE:
            text += ": takes time on a big table"
        else:
            text += ": reads and writes go on"
    parts = [text]
    if not effect.transactional:
        parts.append("cannot run inside a transaction block")
    if effect.loses_data:
        parts.append(f"can lose data: {effect.loses_data}")
    if effect.fails_on:
        parts.append(f"fails on {effect.fails_on}")
    return "-- " + "; ".join(parts)


# ---------------------------------------------------------------------------------------
# Column type changes


class Rewrite(StrEnum):
    """What ``ALTER COLUMN … TYPE`` does to the table's storage (ALTER TABLE, Notes)."""

    NONE = "none"  # binary coercible: catalog only, the indexes are kept
    INDEXES = "indexes"  # binary coercible, but the column's indexes are rebuilt
    UNLESS_UTC = "unless_utc"  # timestamp <-> timestamptz: none if the session is in UTC
    TABLE = "table"  # the table and all its indexes are rewritten


@dataclass(frozen=True)
class TypeChange:
    """How PostgreSQL changes a column from one type to another."""

    rewrite: Rewrite
    needs_using: bool = False  # no assignment cast: ALTER needs a USING expression
    can_fail: bool = False  # some values of the old type do not fit the new one
    loses_data: bool = False  # some values are rounded, cut or normalised
    reason: str = ""

    @property
    def form(self) -> Form:
        """The statement form whose effect this change has."""
        if self.needs_using:
            return Form.ALTER_TYPE_USING
        if self.rewrite is Rewrite.NONE:
            return Form.ALTER_TYPE_NO_REWRITE
        if self.rewrite is Rewrite.INDEXES:
            return Form.ALTER_TYPE_REBUILD_INDEXES
        if self.can_fail or self.loses_data:
            return Form.ALTER_TYPE_NARROWING
        return Form.ALTER_TYPE_REWRITE


_STRINGS = {"varchar", "text", "char"}
_INTEGERS = {"smallint": 1, "integer": 2, "bigint": 3}
_INTEGER_DIGITS = {"smallint": 5, "integer": 10, "bigint": 19}
_TIME_PRECISION = {"time", "timetz", "timestamp", "timestamptz", "interval"}
_MAX_TIME_PRECISION = 6

# Assignment casts between different base types (pg_cast, castcontext 'i' or 'a'),
# beyond the string, integer, numeric and time families handled below, with whether a
# value can fail and whether one can change. A cast to a string type is always allowed
# in assignment (an I/O conversion); one from a string type never is.
_ASSIGNMENT: dict[tuple[str, str], tuple[bool, bool]] = {
    ("real", "double precision"): (False, False),
    ("double precision", "real"): (True, True),
    ("numeric", "money"): (True, True),
    ("integer", "money"): (False, False),
    ("bigint", "money"): (True, False),
    ("json", "jsonb"): (True, True),  # \u0000 is refused; key order and duplicates go
    ("jsonb", "json"): (False, False),
    ("inet", "cidr"): (False, True),  # host bits are cleared
    ("date", "timestamp"): (False, False),
    ("date", "timestamptz"): (False, False),
    ("timestamp", "date"): (False, True),
    ("timestamptz", "date"): (False, True),
    ("timestamp", "time"): (False, True),
    ("timestamptz", "time"): (False, True),
    ("timestamptz", "timetz"): (False, True),
    ("time", "timetz"): (False, False),
    ("timetz", "time"): (False, True),
    ("time", "interval"): (False, False),
    ("interval", "time"): (False, True),
}


def _length(column_type: ColumnType) -> int | None:
    """The declared length; ``char`` and ``bit`` without one mean a length of 1."""
    if column_type.length is None and column_type.base in {"char", "bit"}:
        return 1
    return column_type.length


def _fits_length(old: ColumnType, new: ColumnType) -> bool:
    """Whether every value of ``old`` fits ``new``'s length limit."""
    new_length = _length(new)
    if new_length is None:
        return True
    old_length = _length(old) if old.base in {"varchar", "char", "bit", "varbit"} else None
    return old_length is not None and old_length <= new_length


def _precision(column_type: ColumnType) -> int:
    return _MAX_TIME_PRECISION if column_type.precision is None else column_type.precision


def _numeric(old: ColumnType, new: ColumnType) -> TypeChange:
    if new.precision is None:
        return TypeChange(Rewrite.NONE, reason="numeric without a limit takes every value")
    new_scale = new.scale or 0
    if old.precision is None:
        return TypeChange(
            Rewrite.TABLE, can_fail=True, loses_data=True, reason="values are fitted to (p,s)"
        )
    old_scale = old.scale or 0
    if old_scale == new_scale and new.precision >= old.precision:
        return TypeChange(Rewrite.NONE, reason="same scale, more digits")
    rounds = new_scale < old_scale
    # rounding can carry into one more integer digit: 99.99 -> numeric(3,1) is 100.0
    return TypeChange(
        Rewrite.TABLE,
        can_fail=new.precision - new_scale < old.precision - old_scale + rounds,
        loses_data=rounds,
        reason="a new scale or fewer digits: every value is recomputed",
    )


def _to_numeric(old: ColumnType, new: ColumnType, pg_version: int) -> TypeChange:
    """From an integer, a float or money to numeric."""
    digits = _INTEGER_DIGITS.get(old.base)
    if new.precision is None:
        # float 'Infinity' has no numeric before PostgreSQL 14
        can_fail = old.base in {"real", "double precision"} and pg_version < 14
        return TypeChange(Rewrite.TABLE, can_fail=can_fail, reason="a new representation")
    room = new.precision - (new.scale or 0)
    return TypeChange(
        Rewrite.TABLE,
        can_fail=digits is None or digits > room,
        loses_data=digits is None,
        reason="values are fitted to (p,s)",
    )


def _within_base(old: ColumnType, new: ColumnType) -> TypeChange:
    """The same base type with other parameters."""
    base = old.base
    if base in {"varchar", "varbit"}:
        if _fits_length(old, new):
            return TypeChange(Rewrite.NONE, reason="a longer or no length limit")
        return TypeChange(Rewrite.TABLE, can_fail=True, reason="a shorter length limit")
    if base == "char":
        # char has no length-coercion shortcut: any new length rewrites (and re-pads)
        return TypeChange(
            Rewrite.TABLE, can_fail=not _fits_length(old, new), reason="char is re-padded"
        )
    if base == "bit":
        return TypeChange(
            Rewrite.TABLE, can_fail=True, reason="bit(n) values must have exactly n bits"
        )
    if base == "numeric":
        return _numeric(old, new)
    if base in _TIME_PRECISION:
        if new.precision is None or _precision(new) >= _precision(old):
            return TypeChange(Rewrite.NONE, reason="as many or more fractional digits")
        return TypeChange(Rewrite.TABLE, loses_data=True, reason="fractional seconds rounded")
    return TypeChange(Rewrite.NONE, reason="no change")


def _to_string(old: ColumnType, new: ColumnType) -> TypeChange:
    """To varchar, text or char from any type (an assignment cast)."""
    bounded = not _fits_length(old, new)
    if old.base in {"varchar", "text"} and new.base in {"varchar", "text"}:
        if not bounded:
            return TypeChange(Rewrite.NONE, reason="varchar and text are binary coercible")
        return TypeChange(Rewrite.TABLE, can_fail=True, reason="a shorter length limit")
    if old.base == "xml" and new.base in {"varchar", "text"} and not bounded:
        return TypeChange(Rewrite.NONE, reason="xml is binary coercible to text")
    if old.base == "varchar" and new.base == "char":
        return TypeChange(Rewrite.TABLE, can_fail=bounded, reason="values are padded")
    if old.base == "char":
        return TypeChange(
            Rewrite.TABLE, can_fail=bounded, reason="char's trailing spaces are removed"
        )
    # Any other type's text form has no bound the designer knows.
    can_fail = new.length is not None or new.base == "char"
    return TypeChange(Rewrite.TABLE, can_fail=can_fail, reason="the values' text form")


def type_change(old: ColumnType, new: ColumnType, pg_version: int = 15) -> TypeChange:
    """How PostgreSQL makes ``ALTER COLUMN … TYPE new`` of a column of type ``old``.

    Without a ``USING`` clause; ``needs_using`` says when PostgreSQL would refuse that.
    Enum types are compared by name. A column moved to a domain is rewritten with every
    value checked against the domain (PostgreSQL skips the rewrite only for a domain
    without constraints, which a type alone cannot tell); back to the domain's own type
    is the base types' change.
    """
    if old == new:
        return TypeChange(Rewrite.NONE, reason="no change")
    if old.domain is not None or new.domain is not None:
        inner = type_change(old.without_domain(), new.without_domain(), pg_version)
        if new.domain is None or new.domain == old.domain:
            if inner.rewrite is Rewrite.NONE and old.without_domain() == new.without_domain():
                return replace(inner, reason="the domain's values are its type's: catalog only")
            return inner
        return TypeChange(
            Rewrite.TABLE,
            needs_using=inner.needs_using,
            can_fail=True,
            loses_data=inner.loses_data,
            reason=(
                "every value is checked against the domain's constraints (no rewrite for "
                "a domain without any)"
            ),
        )
    if old.array and not new.array and new.base in _STRINGS:
        bounded = new.length is not None or new.base == "char"
        return TypeChange(Rewrite.TABLE, can_fail=bounded, reason="the arrays' text form")
    if old.array != new.array:
        return TypeChange(Rewrite.TABLE, needs_using=True, can_fail=True, reason="array <-> scalar")
    if old.array:
        element = type_change(old.element(), new.element(), pg_version)
        if element.needs_using:
            return element
        # an array coercion is never recognised as binary coercible
        return TypeChange(
            Rewrite.TABLE,
            can_fail=element.can_fail,
            loses_data=element.loses_data,
            reason="every array is recomputed",
        )
    if old.base == new.base and not old.is_enum:
        return _within_base(old, new)
    if new.base in _STRINGS:
        return _to_string(old, new)
    if old.is_enum or new.is_enum or old.base in _STRINGS:
        return TypeChange(
            Rewrite.TABLE, needs_using=True, can_fail=True, reason="no assignment cast"
        )
    return _between_bases(old, new, pg_version)


def _between_bases(old: ColumnType, new: ColumnType, pg_version: int) -> TypeChange:
    a, b = old.base, new.base
    if a in _INTEGERS and b in _INTEGERS:
        narrower = _INTEGERS[b] < _INTEGERS[a]
        return TypeChange(Rewrite.TABLE, can_fail=narrower, reason="a new storage size")
    if b == "numeric" and (a in _INTEGERS or a in {"real", "double precision", "money"}):
        if a == "money":
            bounded = new.precision is not None
            return TypeChange(
                Rewrite.TABLE,
                can_fail=bounded,
                loses_data=bounded and (new.scale or 0) < 2,
                reason="money's cents as numeric",
            )
        return _to_numeric(old, new, pg_version)
    if a == "numeric" and (b in _INTEGERS or b in {"real", "double precision"}):
        return TypeChange(
            Rewrite.TABLE, can_fail=True, loses_data=True, reason="values are rounded"
        )
    if a in {"real", "double precision"} and b in _INTEGERS:
        return TypeChange(
            Rewrite.TABLE, can_fail=True, loses_data=True, reason="values are rounded"
        )
    if a in _INTEGERS and b in {"real", "double precision"}:
        exact = a == "smallint" or (a == "integer" and b == "double precision")
        return TypeChange(Rewrite.TABLE, loses_data=not exact, reason="to floating point")
    if {a, b} == {"timestamp", "timestamptz"}:
        if _precision(new) < _MAX_TIME_PRECISION:
            # the conversion's result has no precision, so a limit is applied again
            return TypeChange(
                Rewrite.TABLE,
                loses_data=_precision(new) < _precision(old),
                reason="fractional seconds are fitted again",
            )
        return TypeChange(Rewrite.UNLESS_UTC, reason="the same values when the session is UTC")
    if a == "cidr" and b == "inet":
        return TypeChange(Rewrite.NONE, reason="cidr is binary coercible to inet")
    if a == "bit" and b == "varbit":
        if new.length is None:
            return TypeChange(Rewrite.INDEXES, reason="bit is binary coercible to varbit")
        # the length check is not recognised as a no-op after the relabelling
        return TypeChange(
            Rewrite.TABLE, can_fail=not _fits_length(old, new), reason="a length limit"
        )
    if a == "varbit" and b == "bit":
        return TypeChange(Rewrite.TABLE, can_fail=True, reason="bit(n) needs exactly n bits")
    known = _ASSIGNMENT.get((a, b))
    if known is not None:
        can_fail, loses = known
        return TypeChange(Rewrite.TABLE, can_fail=can_fail, loses_data=loses, reason="a conversion")
    return TypeChange(Rewrite.TABLE, needs_using=True, can_fail=True, reason="no assignment cast")


def column_type_effect(old: ColumnType, new: ColumnType, pg_version: int) -> Effect:
    """The effect of ``ALTER COLUMN … TYPE`` from ``old`` to ``new``, told for this pair."""
    change = type_change(old, new, pg_version)
    found = effect(change.form, pg_version)
    if change.form is Form.ALTER_TYPE_NARROWING:
        found = replace(
            found,
            fails_on=found.fails_on if change.can_fail else "",
            loses_data=f"some values change ({change.reason})" if change.loses_data else "",
        )
    elif change.loses_data and not change.needs_using:
        found = replace(found, loses_data=f"some values change ({change.reason})")
    if change.rewrite is Rewrite.UNLESS_UTC:
        found = replace(
            found,
            note=(
                "no rewrite when the session's TimeZone is UTC (SET LOCAL TimeZone = 'UTC' first)"
            ),
        )
    return found
