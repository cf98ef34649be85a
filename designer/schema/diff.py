"""What changed between two schemas, matched by id, and the order a migration applies it.

``diff(old, new)`` compares two schemas object by object **by id** (names change, ids
never do), so a renamed table or column is a rename, never a drop and a create. It
returns a ``SchemaDiff``: ``changes`` (in reading order: the project, enum types, then
table by table, then foreign keys) and ``plan`` (the same changes in the order a
migration applies them). Each ``Change`` is a small frozen value: its ``kind``, the
object's ``id``, the table it belongs to (``table_id``, ``table``), the object's name
before and after, the old and new values, and ``describe()``, a sentence a person
reads ("renamed column users.mail to users.email"). Names in sentences are PostgreSQL's
(qualified when not in ``public``); constraint, index, trigger and sequence names are
the convention's (``designer.schema.naming``), so a renamed table also renames its
conventionally named constraints, indexes, ``updated_at`` trigger and sequences.

Only what reaches the database is compared: the SQLModel attributes of relationships,
many-to-many links, sensitivity, validation, the review's settings, the project's name,
description, key strategy and default for timestamps are not changes here. A table's
``timestamps`` flag shows as the ``updated_at`` trigger it adds or removes; the one
trigger function comes and goes with the first and last trigger. Of the project's
settings, the target PostgreSQL version (which decides the migration's safe forms) is
reported. A new table's columns, constraints, indexes, trigger and comments come with
``TABLE_ADDED`` (``ddl.table_block`` writes them); a removed table's and a removed
column's go with them. Foreign keys are objects of their own: always reported apart.
A column's own ``unique`` flag and ``check`` are reported as unique and check
constraints whose id is the column's id (as ``naming`` keys them), with a
``UniqueConstraint`` / ``CheckConstraint`` value.

What follows a rename is not a change: keys, constraints, indexes and foreign keys name
columns by name and tables by qualified name, expressions hold column names as text,
and columns name their enum type; all are compared with names replaced by ids.

Enum values have no ids. A value rename is reported when the caller names it
(``diff(old, new, enum_value_renames={enum_id: {"old": "new"}})``; an enum type the
caller lists, even with no renames, is never guessed about); otherwise it is inferred
only when the type keeps the same number of values and exactly one position
differs, holding a value that is new in place of one that is gone — such a change has
``inferred=True`` and says so, so that the UI asks the user to confirm. Anything else is
values removed and added (and the kept values reordered, when their order changed).

The plan, phase by phase (``PLAN_ORDER`` lists the kinds in this order; within a kind,
changes keep the reading order, except tables: created in ``ddl.creation_plan``'s
order, dropped in the reverse of the old schema's):

1. prepare: the target version, new PostgreSQL schemas, extensions and the trigger
   function (everything after may need them; nothing needs them absent);
2. renames: tables (then their moves between schemas), columns, constraints (primary
   key, unique, check, foreign key), indexes, triggers, sequences, enum types (then
   their moves), enum values, domains and sequences of their own (and their moves) —
   later steps name objects by their new names;
3. drops, dependants first: objects kept as SQL that come after the tables (views,
   triggers...), a sequence's OWNED BY released, partitions detached, foreign keys,
   indexes, unique / check / primary-key constraints, triggers, then columns, then
   tables;
4. new types: enum types and appended values, objects kept as SQL that the tables may
   need (functions, types: created or changed, in dependency order), domains, sequences
   of their own — before the columns that will use them;
5. alterations: enum types rebuilt (values removed or reordered), comments, domains
   (``ALTER DOMAIN``: default, NOT NULL, checks), sequences' options, a change of
   ``PARTITION BY`` (reported; the generator refuses it: a rebuild), then columns: type
   (to or from a domain too), generated (identity / serial), default, nullability,
   comment, position;
6. creations in dependency order: tables, columns, primary keys, unique and check
   constraints (new, or changed: replaced), foreign keys (new or changed), NOT VALID
   constraints made valid, indexes (new or changed), index comments, triggers,
   partitions attached (new ones once their keys and indexes exist; the deepest first),
   sequences' OWNED BY, then the objects kept as SQL that come after the tables;
7. clean-up: sequences, domains, objects kept as SQL the tables needed, enum types, the
   trigger function, extensions and schemas nothing uses any more — last, since columns
   altered in phase 5 may have used them until then.

New objects: ``DOMAIN_*`` (by id: a column of a renamed domain does not change),
``SEQUENCE_*`` for sequences of their own (``SEQUENCE_RENAMED`` stays a serial's),
``CHECK_VALIDATED`` / ``FOREIGN_KEY_VALIDATED`` (NOT VALID made valid; the other way is
a ``*_CHANGED``: PostgreSQL cannot unvalidate), ``PARTITION_*``, and for the objects kept
as SQL ``BASE_OBJECT_*`` (created before the tables, ``ddl.object_phases``) and
``OBJECT_*`` (after them): a change of their text is one change; which of them must go
before a column or table change and come back after it is the generator's business
(``Schema.objects_reading``). A new partition is ``TABLE_ADDED`` and
``PARTITION_ATTACHED``.

A changed constraint, index or foreign key is one change, replaced in phase 6: its old
form may have gone already with a dropped column (drop it ``IF EXISTS``), and a check
that reads a column whose type changes in phase 5 is best dropped before (the
generator's choice). Left to the generator: names swapped between two objects (a
temporary name), and a type dropped and created again under the same name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .expressions import ExpressionError, column_references, rename_column, rename_table
from .model import (
    CheckConstraint,
    Column,
    ColumnType,
    Domain,
    EnumType,
    Generated,
    Index,
    NullsOrder,
    ObjectKind,
    PrimaryKey,
    QName,
    Relationship,
    Schema,
    Sequence,
    Table,
    UniqueConstraint,
)
from .naming import Names, assign_names, sequence_name, trigger_name
from .sqltext import type_sql
from .types import TYPES

TRIGGER_FUNCTION = "update_updated_at_column"  # as designer.generators.ddl names it
# The project settings a migration depends on (the others never reach the database).
DDL_SETTINGS = ("pg_version",)


class Phase(StrEnum):
    PREPARE = "prepare"
    RENAME = "rename"
    DROP = "drop"
    TYPES = "types"
    ALTER = "alter"
    CREATE = "create"
    CLEANUP = "cleanup"


class Kind(StrEnum):
    # the project
    SETTING_CHANGED = "setting_changed"
    SCHEMA_ADDED = "schema_added"
    SCHEMA_REMOVED = "schema_removed"
    EXTENSION_ADDED = "extension_added"
    EXTENSION_REMOVED = "extension_removed"
    FUNCTION_ADDED = "function_added"
    FUNCTION_REMOVED = "function_removed"
    # enum types
    ENUM_ADDED = "enum_added"
    ENUM_REMOVED = "enum_removed"
    ENUM_RENAMED = "enum_renamed"
    ENUM_MOVED = "enum_moved"
    ENUM_COMMENT = "enum_comment"
    ENUM_VALUE_ADDED = "enum_value_added"
    ENUM_VALUE_RENAMED = "enum_value_renamed"
    ENUM_VALUE_REMOVED = "enum_value_removed"
    ENUM_VALUES_REORDERED = "enum_values_reordered"
    # tables
    TABLE_ADDED = "table_added"
    TABLE_REMOVED = "table_removed"
    TABLE_RENAMED = "table_renamed"
    TABLE_MOVED = "table_moved"
    TABLE_COMMENT = "table_comment"
    TRIGGER_ADDED = "trigger_added"
    TRIGGER_REMOVED = "trigger_removed"
    TRIGGER_RENAMED = "trigger_renamed"
    # columns
    COLUMN_ADDED = "column_added"
    COLUMN_REMOVED = "column_removed"
    COLUMN_RENAMED = "column_renamed"
    COLUMN_TYPE = "column_type"
    COLUMN_NULLABLE = "column_nullable"
    COLUMN_DEFAULT = "column_default"
    COLUMN_GENERATED = "column_generated"
    COLUMN_COMMENT = "column_comment"
    COLUMN_MOVED = "column_moved"
    SEQUENCE_RENAMED = "sequence_renamed"
    # constraints and indexes
    PRIMARY_KEY_ADDED = "primary_key_added"
    PRIMARY_KEY_REMOVED = "primary_key_removed"
    PRIMARY_KEY_RENAMED = "primary_key_renamed"
    PRIMARY_KEY_CHANGED = "primary_key_changed"
    UNIQUE_ADDED = "unique_added"
    UNIQUE_REMOVED = "unique_removed"
    UNIQUE_RENAMED = "unique_renamed"
    UNIQUE_CHANGED = "unique_changed"
    CHECK_ADDED = "check_added"
    CHECK_REMOVED = "check_removed"
    CHECK_RENAMED = "check_renamed"
    CHECK_CHANGED = "check_changed"
    FOREIGN_KEY_ADDED = "foreign_key_added"
    FOREIGN_KEY_REMOVED = "foreign_key_removed"
    FOREIGN_KEY_RENAMED = "foreign_key_renamed"
    FOREIGN_KEY_CHANGED = "foreign_key_changed"
    INDEX_ADDED = "index_added"
    INDEX_REMOVED = "index_removed"
    INDEX_RENAMED = "index_renamed"
    INDEX_CHANGED = "index_changed"
    INDEX_COMMENT = "index_comment"
    # NOT VALID constraints made valid
    CHECK_VALIDATED = "check_validated"
    FOREIGN_KEY_VALIDATED = "foreign_key_validated"
    # domains
    DOMAIN_ADDED = "domain_added"
    DOMAIN_REMOVED = "domain_removed"
    DOMAIN_RENAMED = "domain_renamed"
    DOMAIN_MOVED = "domain_moved"
    DOMAIN_CHANGED = "domain_changed"
    # sequences of their own (a serial's is SEQUENCE_RENAMED above)
    SEQUENCE_ADDED = "sequence_added"
    SEQUENCE_REMOVED = "sequence_removed"
    SEQUENCE_OBJECT_RENAMED = "sequence_object_renamed"
    SEQUENCE_MOVED = "sequence_moved"
    SEQUENCE_ALTERED = "sequence_altered"
    SEQUENCE_RELEASED = "sequence_released"  # OWNED BY NONE, before its column goes
    SEQUENCE_OWNED = "sequence_owned"  # OWNED BY table.column, once the column is there
    # partitions
    PARTITIONING_CHANGED = "partitioning_changed"  # PARTITION BY: refused (a rebuild)
    PARTITION_DETACHED = "partition_detached"
    PARTITION_ATTACHED = "partition_attached"
    # objects kept as SQL text: those the tables need (functions of defaults, types...)
    # are created before the tables and dropped last; the others come after the tables
    BASE_OBJECT_ADDED = "base_object_added"
    BASE_OBJECT_CHANGED = "base_object_changed"
    BASE_OBJECT_REMOVED = "base_object_removed"
    OBJECT_ADDED = "object_added"
    OBJECT_CHANGED = "object_changed"
    OBJECT_REMOVED = "object_removed"


K = Kind
# The plan's order of kinds, phase by phase (see the module's docstring).
_PREPARE = (K.SETTING_CHANGED, K.SCHEMA_ADDED, K.EXTENSION_ADDED, K.FUNCTION_ADDED)
# (the objects kept as SQL text that read what changes are dropped right after PREPARE
# and created again at the end: ``designer.generators.migration_sql`` does it)
_RENAME = (
    K.TABLE_RENAMED, K.TABLE_MOVED, K.COLUMN_RENAMED, K.PRIMARY_KEY_RENAMED, K.UNIQUE_RENAMED,
    K.CHECK_RENAMED, K.FOREIGN_KEY_RENAMED, K.INDEX_RENAMED, K.TRIGGER_RENAMED,
    K.SEQUENCE_RENAMED, K.ENUM_RENAMED, K.ENUM_MOVED, K.ENUM_VALUE_RENAMED,
    K.DOMAIN_RENAMED, K.DOMAIN_MOVED, K.SEQUENCE_OBJECT_RENAMED, K.SEQUENCE_MOVED,
)  # fmt: skip
_DROP = (
    K.OBJECT_REMOVED, K.SEQUENCE_RELEASED, K.PARTITION_DETACHED, K.FOREIGN_KEY_REMOVED,
    K.INDEX_REMOVED, K.UNIQUE_REMOVED, K.CHECK_REMOVED,
    K.PRIMARY_KEY_REMOVED, K.TRIGGER_REMOVED, K.COLUMN_REMOVED, K.TABLE_REMOVED,
)  # fmt: skip
_TYPES = (
    K.ENUM_ADDED, K.ENUM_VALUE_ADDED, K.BASE_OBJECT_ADDED, K.BASE_OBJECT_CHANGED,
    K.DOMAIN_ADDED, K.SEQUENCE_ADDED,
)  # fmt: skip
_ALTER = (
    K.ENUM_VALUE_REMOVED, K.ENUM_VALUES_REORDERED, K.ENUM_COMMENT, K.DOMAIN_CHANGED,
    K.SEQUENCE_ALTERED, K.PARTITIONING_CHANGED, K.TABLE_COMMENT,
    K.COLUMN_TYPE, K.COLUMN_GENERATED, K.COLUMN_DEFAULT, K.COLUMN_NULLABLE, K.COLUMN_COMMENT,
    K.COLUMN_MOVED,
)  # fmt: skip
_CREATE = (
    K.TABLE_ADDED, K.COLUMN_ADDED, K.PRIMARY_KEY_ADDED, K.PRIMARY_KEY_CHANGED, K.UNIQUE_ADDED,
    K.UNIQUE_CHANGED, K.CHECK_ADDED, K.CHECK_CHANGED, K.FOREIGN_KEY_ADDED,
    K.FOREIGN_KEY_CHANGED, K.CHECK_VALIDATED, K.FOREIGN_KEY_VALIDATED, K.INDEX_ADDED,
    K.INDEX_CHANGED, K.INDEX_COMMENT, K.TRIGGER_ADDED, K.PARTITION_ATTACHED, K.SEQUENCE_OWNED,
    K.OBJECT_CHANGED, K.OBJECT_ADDED,
)  # fmt: skip
_CLEANUP = (
    K.SEQUENCE_REMOVED, K.DOMAIN_REMOVED, K.BASE_OBJECT_REMOVED, K.ENUM_REMOVED,
    K.FUNCTION_REMOVED, K.EXTENSION_REMOVED, K.SCHEMA_REMOVED,
)  # fmt: skip
PLAN_PHASES: tuple[tuple[Phase, tuple[Kind, ...]], ...] = (
    (Phase.PREPARE, _PREPARE),
    (Phase.RENAME, _RENAME),
    (Phase.DROP, _DROP),
    (Phase.TYPES, _TYPES),
    (Phase.ALTER, _ALTER),
    (Phase.CREATE, _CREATE),
    (Phase.CLEANUP, _CLEANUP),
)
PLAN_ORDER: tuple[Kind, ...] = tuple(kind for _, kinds in PLAN_PHASES for kind in kinds)
PHASE_OF: dict[Kind, Phase] = {kind: phase for phase, kinds in PLAN_PHASES for kind in kinds}
_RANK = {kind: number for number, kind in enumerate(PLAN_ORDER)}
assert set(PLAN_ORDER) == set(Kind) and len(PLAN_ORDER) == len(Kind)

RENAMES = frozenset(kind for kind in Kind if PHASE_OF[kind] is Phase.RENAME)

# The namespace of each kind's object in ``object_names`` (see ``Change.key``).
_NAMESPACE: dict[str, str] = {
    "table": "table", "trigger": "trigger", "column": "column", "sequence": "sequence",
    "primary_key": "pk", "unique": "uq", "check": "ck", "foreign_key": "fk", "index": "ix",
    "enum": "enum", "schema": "schema", "extension": "extension", "function": "function",
    "setting": "setting", "domain": "domain", "sequence_object": "sequence",
    "object": "object", "base_object": "object", "partition": "table",
    "partitioning": "table",
}  # fmt: skip

_GENERATED = {
    Generated.NONE: "not generated",
    Generated.IDENTITY_ALWAYS: "GENERATED ALWAYS AS IDENTITY",
    Generated.IDENTITY_BY_DEFAULT: "GENERATED BY DEFAULT AS IDENTITY",
    Generated.SERIAL: "serial",
}


# --- the changes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change of one object.

    ``id``: the object's id (a table's for its primary key and trigger, a column's for
    its own unique / check constraint and its sequence, an enum type's for its values,
    the name of a PostgreSQL schema, an extension or a setting). ``table``: the table's
    name when the step runs (after the renames; the old name for a removed table).
    ``old_name`` / ``new_name``: the object's name before and after (a ``QName`` for
    tables and enum types; an enum value's change names its enum type). ``old`` /
    ``new``: the values that changed — the whole object for an addition or a removal,
    the value for an enum value.
    """

    kind: Kind
    id: str
    table_id: str | None = None
    table: QName | None = None
    old_name: QName | str | None = None
    new_name: QName | str | None = None
    old: Any = None
    new: Any = None
    inferred: bool = False  # an enum value rename guessed from positions: to confirm

    @property
    def phase(self) -> Phase:
        return PHASE_OF[self.kind]

    @property
    def is_rename(self) -> bool:
        return self.kind in RENAMES

    @property
    def key(self) -> tuple[str, str]:
        """The object's key in ``object_names`` (namespace, id)."""
        subject = self.kind.value.rsplit("_", 1)[0]
        if self.kind is Kind.ENUM_VALUES_REORDERED or subject.startswith("enum_value"):
            return ("enum", self.id)
        return (_NAMESPACE[subject], self.id)

    @property
    def destructive(self) -> bool:
        """Whether applying it can lose data: a table or column dropped, an enum value
        removed, a column's type narrowed (``narrows``)."""
        if self.kind in (Kind.TABLE_REMOVED, Kind.COLUMN_REMOVED, Kind.ENUM_VALUE_REMOVED):
            return True
        return self.kind is Kind.COLUMN_TYPE and narrows(self.old, self.new)

    def describe(self) -> str:
        """A sentence a person reads: "renamed column users.mail to users.email"."""
        return _SENTENCES[self.kind](self)


@dataclass(frozen=True)
class SchemaDiff:
    old: Schema
    new: Schema
    changes: tuple[Change, ...]  # reading order: project, enum types, tables, foreign keys
    plan: tuple[Change, ...]  # the same changes in the migration's order

    @property
    def empty(self) -> bool:
        return not self.changes

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def by_table(self) -> dict[str | None, tuple[Change, ...]]:
        """The changes grouped by table id (``None``: enum types and the project), in
        reading order."""
        groups: dict[str | None, list[Change]] = {}
        for change in self.changes:
            groups.setdefault(change.table_id, []).append(change)
        return {key: tuple(items) for key, items in groups.items()}

    @property
    def destructive(self) -> tuple[Change, ...]:
        return tuple(change for change in self.plan if change.destructive)

    @property
    def inferred(self) -> tuple[Change, ...]:
        """Changes guessed rather than known (enum value renames): ask to confirm."""
        return tuple(change for change in self.changes if change.inferred)

    def describe(self) -> list[str]:
        return [change.describe() for change in self.changes]

    def old_name(self, key: tuple[str, str]) -> QName | str | None:
        """The name an object had in the old schema (``None``: it was not there)."""
        return object_names(self.old).get(key)

    def new_name(self, key: tuple[str, str]) -> QName | str | None:
        """The name an object has in the new schema (``None``: it is not there)."""
        return object_names(self.new).get(key)


def object_names(schema: Schema) -> dict[tuple[str, str], QName | str]:
    """Every object's PostgreSQL name by key: ``("table" | "enum", id)`` -> ``QName``;
    ``("column" | "sequence", column id)``, ``("pk" | "trigger", table id)``, ``("uq" |
    "ck", constraint or column id)``, ``("fk", relationship id)``, ``("ix", index id)``,
    ``("schema" | "extension" | "function", name)`` -> name. Worked out once per schema
    object (shared: do not change it)."""
    return schema.derived(_object_names)


def _object_names(schema: Schema) -> dict[tuple[str, str], QName | str]:
    names: dict[tuple[str, str], QName | str] = {}
    for enum in schema.enums:
        names[("enum", enum.id)] = enum.qname
    for table in schema.tables:
        names[("table", table.id)] = table.qname
        for column in table.columns:
            names[("column", column.id)] = column.name
            if column.generated is not Generated.NONE:
                names[("sequence", column.id)] = sequence_name(table, column.name)
        if table.has_updated_at_trigger:
            names[("trigger", table.id)] = trigger_name(table)
    names.update(assign_names(schema).by_id)
    for space in schema.schemas:
        if space != "public":
            names[("schema", space)] = space
    for extension in schema.extensions:
        names[("extension", extension)] = extension
    if any(table.has_updated_at_trigger for table in schema.tables):
        names[("function", TRIGGER_FUNCTION)] = TRIGGER_FUNCTION
    for domain in schema.domains:
        names[("domain", domain.id)] = domain.qname
    for sequence in schema.sequences:
        names[("sequence", sequence.id)] = sequence.qname
    for item in schema.sql_objects:
        names[("object", item.id)] = item.qname
    return names


# --- deciding what is narrower --------------------------------------------------------------

_INTEGER_DIGITS = {"smallint": 5, "integer": 10, "bigint": 19}
_WIDER = {
    "smallint": {"integer", "bigint"},
    "integer": {"bigint"},
    "real": {"double precision"},
    "varchar": {"text"},
    "timestamp": {"timestamptz"},
    "json": set(),
    "jsonb": {"json"},
    "cidr": {"inet"},
}


def narrows(old: ColumnType, new: ColumnType) -> bool:
    """Whether changing a column from ``old`` to ``new`` can lose data or fail on some
    value: anything but the known widenings (a longer or unbounded length, a larger
    precision, smallint → integer → bigint → numeric, real → double precision, varchar →
    text, timestamp → timestamptz, any scalar → text) narrows. Enum types are compared
    by name: use it on types whose enum types are the same objects."""
    if old == new:
        return False
    if old.array != new.array:
        return True
    if new.base == "text" and not new.array:
        return False  # every scalar value has a text form
    if old.base == new.base and not old.is_enum:
        return not _at_least(old, new)
    if new.base in _WIDER.get(old.base, ()):
        return not _fractional_widens(old, new)
    if old.base in _INTEGER_DIGITS and new.base == "numeric":
        if new.precision is None:
            return False
        return new.precision - (new.scale or 0) < _INTEGER_DIGITS[old.base]
    return True


def _at_least(old: ColumnType, new: ColumnType) -> bool:
    """Same base type: whether ``new``'s parameters hold every value of ``old``."""
    info = TYPES.get(old.base)
    if info is None:
        return False
    if info.takes_length:
        if new.length is None:
            return old.base != "char"  # char without a length is char(1)
        return old.length is not None and new.length >= old.length
    if info.takes_scale:
        if new.precision is None:
            return True
        if old.precision is None:
            return False
        return (new.scale or 0) >= (old.scale or 0) and new.precision - (
            new.scale or 0
        ) >= old.precision - (old.scale or 0)
    if info.takes_precision:
        return _fractional_widens(old, new)
    return True


def _fractional_widens(old: ColumnType, new: ColumnType) -> bool:
    """Fractional seconds: none (6) or at least as many."""
    if new.precision is None:
        return True
    return old.precision is not None and new.precision >= old.precision


# --- comparing -----------------------------------------------------------------------------


def diff(
    old: Schema,
    new: Schema,
    *,
    enum_value_renames: Mapping[str, Mapping[str, str]] | None = None,
) -> SchemaDiff:
    """What changed from ``old`` to ``new``, matched by id, and the migration's plan.

    ``enum_value_renames``: by enum type id, the values renamed (old value -> new value),
    when the caller knows them (see the module's docstring for what is inferred).
    """
    if old is new:
        return SchemaDiff(old, new, (), ())
    changes = _Differ(old, new, enum_value_renames or {}).changes()
    return SchemaDiff(old, new, tuple(changes), _plan(old, new, changes))


def _plan(old: Schema, new: Schema, changes: list[Change]) -> tuple[Change, ...]:
    created = _creation_positions(new)
    dropped = _creation_positions(old)

    def order(item: tuple[int, Change]) -> tuple[int, int, int]:
        position, change = item
        within = 0
        if change.kind is Kind.TABLE_ADDED:
            within = created.get(change.id, 0)
        elif change.kind is Kind.TABLE_REMOVED:
            within = -dropped.get(change.id, 0)
        elif change.kind is Kind.PARTITION_ATTACHED:
            within = -_depth(new, change.new)  # a partition's partitions first
        elif change.kind in (Kind.BASE_OBJECT_ADDED, Kind.BASE_OBJECT_CHANGED):
            within = _object_positions(new).get(change.id, 0)  # dependencies first
        elif change.kind is Kind.BASE_OBJECT_REMOVED:
            within = -_object_positions(old).get(change.id, 0)  # dependants first
        return (_RANK[change.kind], within, position)

    return tuple(change for _, change in sorted(enumerate(changes), key=order))


def _object_positions(schema: Schema) -> dict[str, int]:
    from designer.generators.ddl import object_phases

    before, after = object_phases(schema)
    return {item.id: number for number, item in enumerate([*before, *after])}


def _depth(schema: Schema, table: Table) -> int:
    from designer.generators.ddl import partition_depth

    return partition_depth(schema, table)


def _creation_positions(schema: Schema) -> dict[str, int]:
    # The DDL's order (referenced tables first). Imported when needed: the generators
    # build on this package, which should not need them to be imported.
    from designer.generators.ddl import creation_plan

    return {table.id: number for number, table in enumerate(creation_plan(schema).tables)}


@dataclass
class _Side:
    """One schema with what a comparison needs to replace names by ids."""

    schema: Schema
    names: Names
    tables: dict[str, Table] = field(init=False)
    enum_ids: dict[QName, str] = field(init=False)
    table_ids: dict[QName, str] = field(init=False)

    def __post_init__(self) -> None:
        self.tables = {table.id: table for table in self.schema.tables}
        self.enum_ids = {enum.qname: enum.id for enum in self.schema.enums}
        self.table_ids = {table.qname: table.id for table in self.schema.tables}
        self.domain_ids = {domain.qname: domain.id for domain in self.schema.domains}

    def type_key(self, column_type: ColumnType) -> ColumnType:
        if column_type.domain is not None:
            identifier = self.domain_ids.get(column_type.domain)
            # a column of a domain: the domain's own type is the domain's business
            return ColumnType("#", array=column_type.array,
                              domain=QName("#", identifier or str(column_type.domain)))  # fmt: skip
        if column_type.enum is None:
            return column_type
        identifier = self.enum_ids.get(column_type.enum)
        return replace(column_type, enum=QName("#", identifier or str(column_type.enum)))

    def columns_key(self, table: Table | None, names: Iterable[str]) -> tuple[str, ...]:
        by_name = table.columns_by_name if table is not None else {}
        return tuple(by_name[name].id if name in by_name else f"?{name}" for name in names)

    def relationship_key(self, relationship: Relationship) -> tuple:
        source = self.tables.get(self.table_ids.get(relationship.from_table, ""))
        target = self.tables.get(self.table_ids.get(relationship.to_table, ""))
        return (
            source.id if source else str(relationship.from_table),
            self.columns_key(source, relationship.from_columns),
            target.id if target else str(relationship.to_table),
            self.columns_key(target, relationship.to_columns),
            relationship.on_delete,
            relationship.on_update,
            relationship.deferral,
        )

    def object_phase(self) -> dict[str, bool]:
        """By object id: whether the object is created before the tables (``ddl.object_phases``)."""
        return self.schema.derived(_base_objects)


class _TablePair:
    """A table in both schemas: its parts compared with column names as ids."""

    def __init__(self, old_side: _Side, new_side: _Side, old: Table, new: Table) -> None:
        self.old_side, self.new_side = old_side, new_side
        self.old, self.new = old, new
        old_ids = {column.id: column.name for column in old.columns}
        renamed = any(old_ids.get(column.id, column.name) != column.name for column in new.columns)
        # Expressions hold names: compare them as written unless a name changed.
        self.plain = not renamed and old.name == new.name

    def expression(self, text: str | None, side: str) -> str | None:
        if text is None or self.plain:
            return text
        table = self.old if side == "old" else self.new
        written = text
        try:
            read = column_references(text)
            for column in table.columns:
                if column.name in read:
                    text = rename_column(text, column.name, f"#{column.id}")
            return rename_table(text, table.name, "#table")
        except ExpressionError:
            return written  # not one expression: compared as written

    def columns(self, names: Iterable[str], side: str) -> tuple[str, ...]:
        if side == "old":
            return self.old_side.columns_key(self.old, names)
        return self.new_side.columns_key(self.new, names)

    def index_key(self, index: Index, side: str) -> tuple:
        elements = tuple(
            (
                self.columns((element.column,), side) if element.column is not None else None,
                self.expression(element.expression, side),
                element.descending,
                element.nulls,
                element.opclass,
            )
            for element in index.elements
        )
        return (
            elements,
            index.unique,
            index.method,
            self.expression(index.where, side),
            self.columns(index.include, side),
        )


class _Differ:
    def __init__(
        self, old: Schema, new: Schema, enum_value_renames: Mapping[str, Mapping[str, str]]
    ) -> None:
        self.old = _Side(old, assign_names(old))
        self.new = _Side(new, assign_names(new))
        self.enum_value_renames = enum_value_renames
        self.found: list[Change] = []

    def add(self, kind: Kind, identifier: str, **values: Any) -> None:
        self.found.append(Change(kind, identifier, **values))

    def changes(self) -> list[Change]:
        self._project()
        self._enums()
        self._domains()
        self._sequences()
        new_tables = self.new.tables
        for table in self.new.schema.tables:
            before = self.old.tables.get(table.id)
            if before is None:
                self.add(Kind.TABLE_ADDED, table.id, table_id=table.id, table=table.qname,
                         new_name=table.qname, new=table)  # fmt: skip
                if table.partition_of is not None:
                    # attached once its keys, indexes and foreign keys exist
                    self.add(Kind.PARTITION_ATTACHED, table.id, table_id=table.id,
                             table=table.qname, new_name=table.qname, new=table)  # fmt: skip
            else:
                self._table(before, table)
        for table in self.old.schema.tables:
            if table.id not in new_tables:
                self.add(Kind.TABLE_REMOVED, table.id, table_id=table.id, table=table.qname,
                         old_name=table.qname, old=table)  # fmt: skip
        self._relationships()
        self._objects()
        return self.found

    # -- the project -------------------------------------------------------------------

    def _project(self) -> None:
        old, new = self.old.schema, self.new.schema
        for setting in DDL_SETTINGS:
            before, after = getattr(old, setting), getattr(new, setting)
            if before != after:
                self.add(Kind.SETTING_CHANGED, setting, old=before, new=after)
        old_spaces = [name for name in old.schemas if name != "public"]
        new_spaces = [name for name in new.schemas if name != "public"]
        for name in new_spaces:
            if name not in old_spaces:
                self.add(Kind.SCHEMA_ADDED, name, new_name=name, new=name)
        for name in old_spaces:
            if name not in new_spaces:
                self.add(Kind.SCHEMA_REMOVED, name, old_name=name, old=name)
        for name in new.extensions:
            if name not in old.extensions:
                self.add(Kind.EXTENSION_ADDED, name, new_name=name, new=name)
        for name in old.extensions:
            if name not in new.extensions:
                self.add(Kind.EXTENSION_REMOVED, name, old_name=name, old=name)
        had = any(table.has_updated_at_trigger for table in old.tables)
        has = any(table.has_updated_at_trigger for table in new.tables)
        if has and not had:
            self.add(Kind.FUNCTION_ADDED, TRIGGER_FUNCTION, new_name=TRIGGER_FUNCTION)
        elif had and not has:
            self.add(Kind.FUNCTION_REMOVED, TRIGGER_FUNCTION, old_name=TRIGGER_FUNCTION)

    # -- enum types --------------------------------------------------------------------

    def _enums(self) -> None:
        old_enums = {enum.id: enum for enum in self.old.schema.enums}
        new_ids = {enum.id for enum in self.new.schema.enums}
        for enum in self.new.schema.enums:
            before = old_enums.get(enum.id)
            if before is None:
                self.add(Kind.ENUM_ADDED, enum.id, new_name=enum.qname, new=enum)
                continue
            names = {"old_name": before.qname, "new_name": enum.qname}
            if before.name != enum.name:
                self.add(Kind.ENUM_RENAMED, enum.id, **names, old=before.name, new=enum.name)
            if before.schema != enum.schema:
                self.add(Kind.ENUM_MOVED, enum.id, **names, old=before.schema, new=enum.schema)
            self._enum_values(before, enum)
            if before.description != enum.description:
                self.add(Kind.ENUM_COMMENT, enum.id, **names, old=before.description,
                         new=enum.description)  # fmt: skip
        for enum in self.old.schema.enums:
            if enum.id not in new_ids:
                self.add(Kind.ENUM_REMOVED, enum.id, old_name=enum.qname, old=enum)

    def _enum_values(self, before: EnumType, after: EnumType) -> None:
        old, new = before.values, after.values
        if old == new:
            return
        told = after.id in self.enum_value_renames
        renames = dict(self.enum_value_renames.get(after.id, {}))
        inferred = False
        if not told and len(old) == len(new):
            differ = [n for n, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
            if len(differ) == 1 and old[differ[0]] not in new and new[differ[0]] not in old:
                renames, inferred = {old[differ[0]]: new[differ[0]]}, True
        renames = {a: b for a, b in renames.items() if a in old and b in new and a != b}
        names = {"old_name": before.qname, "new_name": after.qname}
        for value in old:
            if value in renames:
                self.add(Kind.ENUM_VALUE_RENAMED, after.id, **names, old=value,
                         new=renames[value], inferred=inferred)  # fmt: skip
        mapped = [renames.get(value, value) for value in old]
        for value in old:
            if renames.get(value, value) not in new:
                self.add(Kind.ENUM_VALUE_REMOVED, after.id, **names, old=value)
        for value in new:
            if value not in mapped:
                self.add(Kind.ENUM_VALUE_ADDED, after.id, **names, new=value)
        kept_old = [value for value in mapped if value in new]
        kept_new = [value for value in new if value in mapped]
        if kept_old != kept_new:
            self.add(Kind.ENUM_VALUES_REORDERED, after.id, **names, old=old, new=new)

    # -- tables ------------------------------------------------------------------------

    def _table(self, before: Table, after: Table) -> None:
        pair = _TablePair(self.old, self.new, before, after)
        where = {"table_id": after.id, "table": after.qname}
        names = {**where, "old_name": before.qname, "new_name": after.qname}
        if before.name != after.name:
            self.add(Kind.TABLE_RENAMED, after.id, **names, old=before.name, new=after.name)
        if before.schema != after.schema:
            self.add(Kind.TABLE_MOVED, after.id, **names, old=before.schema, new=after.schema)
        if before.description != after.description:
            self.add(Kind.TABLE_COMMENT, after.id, **names, old=before.description,
                     new=after.description)  # fmt: skip
        self._columns(pair, where)
        self._primary_key(pair, where)
        self._uniques(pair, where)
        self._checks(pair, where)
        self._indexes(pair, where)
        self._trigger(before, after, where)
        self._partition(before, after, where)

    def _partition(self, before: Table, after: Table, where: dict[str, Any]) -> None:
        names = {**where, "old_name": before.qname, "new_name": after.qname}
        if before.partition_by != after.partition_by:
            self.add(Kind.PARTITIONING_CHANGED, after.id, **names, old=before.partition_by,
                     new=after.partition_by)  # fmt: skip
        old_parent = self.old.table_ids.get(before.partition_of) if before.partition_of else None
        new_parent = self.new.table_ids.get(after.partition_of) if after.partition_of else None
        if (old_parent, before.partition_bound) == (new_parent, after.partition_bound):
            return
        if before.partition_of is not None:
            # the parent's name when the step runs: after the renames
            parent = self.new.tables.get(old_parent or "")
            self.add(Kind.PARTITION_DETACHED, after.id, **names, old=before,
                     new=parent.qname if parent is not None else before.partition_of)  # fmt: skip
        if after.partition_of is not None:
            self.add(Kind.PARTITION_ATTACHED, after.id, **names, old=before, new=after)

    def _renamed(self, kind: Kind, key: tuple[str, str], where: dict[str, Any]) -> None:
        before, after = self.old.names.by_id.get(key), self.new.names.by_id.get(key)
        if before is not None and after is not None and before != after:
            self.add(kind, key[1], **where, old_name=before, new_name=after, old=before,
                     new=after)  # fmt: skip

    def _columns(self, pair: _TablePair, where: dict[str, Any]) -> None:
        before, after = pair.old, pair.new
        old_columns = {column.id: column for column in before.columns}
        new_ids = {column.id for column in after.columns}
        for column in after.columns:
            was = old_columns.get(column.id)
            if was is None:
                self.add(Kind.COLUMN_ADDED, column.id, **where, new_name=column.name, new=column)
                if column.unique:
                    self.add(Kind.UNIQUE_ADDED, column.id, **where, new=_column_unique(column),
                             new_name=self.new.names.by_id.get(("uq", column.id)))  # fmt: skip
                if column.check:
                    self.add(Kind.CHECK_ADDED, column.id, **where, new=_column_check(column),
                             new_name=self.new.names.by_id.get(("ck", column.id)))  # fmt: skip
                continue
            self._column(pair, was, column, where)
        for column in before.columns:
            if column.id not in new_ids:
                self.add(Kind.COLUMN_REMOVED, column.id, **where, old_name=column.name,
                         old=column)  # fmt: skip
        self._positions(before, after, where)

    def _column(self, pair: _TablePair, was: Column, column: Column, where: dict) -> None:
        names = {**where, "old_name": was.name, "new_name": column.name}
        if was.name != column.name:
            self.add(Kind.COLUMN_RENAMED, column.id, **names, old=was.name, new=column.name)
        if self.old.type_key(was.type) != self.new.type_key(column.type):
            self.add(Kind.COLUMN_TYPE, column.id, **names, old=was.type, new=column.type)
        if was.generated != column.generated:
            self.add(Kind.COLUMN_GENERATED, column.id, **names, old=was.generated,
                     new=column.generated)  # fmt: skip
        if was.default != column.default:
            self.add(Kind.COLUMN_DEFAULT, column.id, **names, old=was.default, new=column.default)
        if was.nullable != column.nullable:
            self.add(Kind.COLUMN_NULLABLE, column.id, **names, old=was.nullable,
                     new=column.nullable)  # fmt: skip
        if was.description != column.description:
            self.add(Kind.COLUMN_COMMENT, column.id, **names, old=was.description,
                     new=column.description)  # fmt: skip
        if was.generated is not Generated.NONE and column.generated is not Generated.NONE:
            old_sequence = sequence_name(pair.old, was.name)
            new_sequence = sequence_name(pair.new, column.name)
            if old_sequence != new_sequence:
                self.add(Kind.SEQUENCE_RENAMED, column.id, **where, old_name=old_sequence,
                         new_name=new_sequence, old=old_sequence, new=new_sequence)  # fmt: skip
        # The column's own unique and check constraints.
        key = ("uq", column.id)
        if was.unique and column.unique:
            self._renamed(Kind.UNIQUE_RENAMED, key, where)
        elif was.unique or column.unique:
            self._part(Kind.UNIQUE_ADDED if column.unique else Kind.UNIQUE_REMOVED, key, where,
                       _column_unique(was) if was.unique else None,
                       _column_unique(column) if column.unique else None)  # fmt: skip
        key = ("ck", column.id)
        if was.check and column.check:
            self._renamed(Kind.CHECK_RENAMED, key, where)
            if pair.expression(was.check, "old") != pair.expression(column.check, "new"):
                self._part(Kind.CHECK_CHANGED, key, where, _column_check(was),
                           _column_check(column))  # fmt: skip
        elif was.check or column.check:
            self._part(Kind.CHECK_ADDED if column.check else Kind.CHECK_REMOVED, key, where,
                       _column_check(was) if was.check else None,
                       _column_check(column) if column.check else None)  # fmt: skip

    def _part(
        self, kind: Kind, key: tuple[str, str], where: dict[str, Any], old: Any, new: Any
    ) -> None:
        old_name = self.old.names.by_id.get(key) if old is not None else None
        new_name = self.new.names.by_id.get(key) if new is not None else None
        self.add(kind, key[1], **where, old_name=old_name, new_name=new_name, old=old, new=new)

    def _positions(self, before: Table, after: Table, where: dict[str, Any]) -> None:
        common = {column.id for column in before.columns} & {c.id for c in after.columns}
        kept_old = [column.id for column in before.columns if column.id in common]
        kept_new = [column.id for column in after.columns if column.id in common]
        if kept_old == kept_new:
            return
        stay = set(_longest_increasing([kept_old.index(i) for i in kept_new], kept_new))
        old_columns = {column.id: (n, column) for n, column in enumerate(before.columns)}
        for position, column in enumerate(after.columns):
            if column.id in common and column.id not in stay:
                old_position, was = old_columns[column.id]
                self.add(Kind.COLUMN_MOVED, column.id, **where, old_name=was.name,
                         new_name=column.name, old=old_position, new=position)  # fmt: skip

    def _primary_key(self, pair: _TablePair, where: dict[str, Any]) -> None:
        before, after = pair.old.primary_key, pair.new.primary_key
        key = ("pk", pair.new.id)
        if before is None and after is None:
            return
        if before is None or after is None:
            kind = Kind.PRIMARY_KEY_ADDED if before is None else Kind.PRIMARY_KEY_REMOVED
            self._part(kind, key, where, before, after)
            return
        self._renamed(Kind.PRIMARY_KEY_RENAMED, key, where)
        if pair.columns(before.columns, "old") != pair.columns(after.columns, "new"):
            self._part(Kind.PRIMARY_KEY_CHANGED, key, where, before, after)

    def _uniques(self, pair: _TablePair, where: dict[str, Any]) -> None:
        def same(a: UniqueConstraint, b: UniqueConstraint) -> bool:
            return (
                pair.columns(a.columns, "old") == pair.columns(b.columns, "new")
                and a.nulls_not_distinct == b.nulls_not_distinct
            )

        self._parts(pair.old.uniques, pair.new.uniques, "uq", where, same,
                    (Kind.UNIQUE_ADDED, Kind.UNIQUE_REMOVED, Kind.UNIQUE_RENAMED,
                     Kind.UNIQUE_CHANGED))  # fmt: skip

    def _checks(self, pair: _TablePair, where: dict[str, Any]) -> None:
        def same(a: CheckConstraint, b: CheckConstraint) -> bool:
            # NOT VALID made valid is a VALIDATE; valid made NOT VALID, a new constraint
            return pair.expression(a.expression, "old") == pair.expression(
                b.expression, "new"
            ) and (a.not_valid or not b.not_valid)

        self._parts(pair.old.checks, pair.new.checks, "ck", where, same,
                    (Kind.CHECK_ADDED, Kind.CHECK_REMOVED, Kind.CHECK_RENAMED,
                     Kind.CHECK_CHANGED))  # fmt: skip
        old_checks = {check.id: check for check in pair.old.checks}
        for check in pair.new.checks:
            was = old_checks.get(check.id)
            if was is not None and was.not_valid and not check.not_valid and same(was, check):
                self._part(Kind.CHECK_VALIDATED, ("ck", check.id), where, was, check)

    def _indexes(self, pair: _TablePair, where: dict[str, Any]) -> None:
        def same(a: Index, b: Index) -> bool:
            return pair.index_key(a, "old") == pair.index_key(b, "new")

        self._parts(pair.old.indexes, pair.new.indexes, "ix", where, same,
                    (Kind.INDEX_ADDED, Kind.INDEX_REMOVED, Kind.INDEX_RENAMED,
                     Kind.INDEX_CHANGED))  # fmt: skip
        old_indexes = {index.id: index for index in pair.old.indexes}
        for index in pair.new.indexes:
            was = old_indexes.get(index.id)
            if was is not None and _index_comment(was) != _index_comment(index):
                self._part(Kind.INDEX_COMMENT, ("ix", index.id), where, _index_comment(was),
                           _index_comment(index))  # fmt: skip

    def _parts(self, old_items, new_items, prefix, where, same, kinds) -> None:
        added, removed, renamed, changed = kinds
        old_by_id = {item.id: item for item in old_items}
        new_ids = {item.id for item in new_items}
        for item in new_items:
            was = old_by_id.get(item.id)
            if was is None:
                self._part(added, (prefix, item.id), where, None, item)
                continue
            self._renamed(renamed, (prefix, item.id), where)
            if not same(was, item):
                self._part(changed, (prefix, item.id), where, was, item)
        for item in old_items:
            if item.id not in new_ids:
                self._part(removed, (prefix, item.id), where, item, None)

    def _trigger(self, before: Table, after: Table, where: dict[str, Any]) -> None:
        had, has = before.has_updated_at_trigger, after.has_updated_at_trigger
        if had and has:
            old_name, new_name = trigger_name(before), trigger_name(after)
            if old_name != new_name:
                self.add(Kind.TRIGGER_RENAMED, after.id, **where, old_name=old_name,
                         new_name=new_name, old=old_name, new=new_name)  # fmt: skip
        elif has:
            self.add(Kind.TRIGGER_ADDED, after.id, **where, new_name=trigger_name(after))
        elif had:
            self.add(Kind.TRIGGER_REMOVED, after.id, **where, old_name=trigger_name(before))

    # -- foreign keys ------------------------------------------------------------------

    def _relationships(self) -> None:
        old_by_id = {rel.id: rel for rel in self.old.schema.relationships}
        new_ids = {rel.id for rel in self.new.schema.relationships}
        for rel in self.new.schema.relationships:
            where = self._fk_table(self.new, rel)
            key = ("fk", rel.id)
            was = old_by_id.get(rel.id)
            if was is None:
                self._part(Kind.FOREIGN_KEY_ADDED, key, where, None, rel)
                continue
            self._renamed(Kind.FOREIGN_KEY_RENAMED, key, where)
            if self.old.relationship_key(was) != self.new.relationship_key(rel) or (
                rel.not_valid and not was.not_valid
            ):
                self._part(Kind.FOREIGN_KEY_CHANGED, key, where, was, rel)
            elif was.not_valid and not rel.not_valid:
                self._part(Kind.FOREIGN_KEY_VALIDATED, key, where, was, rel)
        for rel in self.old.schema.relationships:
            if rel.id not in new_ids:
                where = self._fk_table(self.old, rel)
                # The table's name when the drop runs: after the renames.
                if where["table_id"] in self.new.tables:
                    where["table"] = self.new.tables[where["table_id"]].qname
                self._part(Kind.FOREIGN_KEY_REMOVED, ("fk", rel.id), where, rel, None)

    # -- domains, sequences, objects kept as SQL -----------------------------------------

    def _named(
        self,
        kinds: tuple[Kind, Kind, Kind, Kind],
        before: tuple,
        after: tuple,
        added: Callable[[Any], None],
        kept: Callable[[Any, Any, dict], None],
    ) -> None:
        """The steps of a collection of named objects matched by id (domains, sequences):
        ``kinds`` are its added, renamed, moved and removed kinds; ``added(item)`` and
        ``kept(was, item, names)`` add what else a new or a kept object says, in place."""
        added_kind, renamed_kind, moved_kind, removed_kind = kinds
        old_by_id = {item.id: item for item in before}
        new_ids = {item.id for item in after}
        for item in after:
            was = old_by_id.get(item.id)
            if was is None:
                self.add(added_kind, item.id, new_name=item.qname, new=item)
                added(item)
                continue
            names = {"old_name": was.qname, "new_name": item.qname}
            if was.name != item.name:
                self.add(renamed_kind, item.id, **names, old=was.name, new=item.name)
            if was.schema != item.schema:
                self.add(moved_kind, item.id, **names, old=was.schema, new=item.schema)
            kept(was, item, names)
        for item in before:
            if item.id not in new_ids:
                self.add(removed_kind, item.id, old_name=item.qname, old=item)

    def _domains(self) -> None:
        def kept(was: Domain, domain: Domain, names: dict) -> None:
            if _domain_body(was, self.old) != _domain_body(domain, self.new):
                self.add(Kind.DOMAIN_CHANGED, domain.id, **names, old=was, new=domain)

        kinds = (Kind.DOMAIN_ADDED, Kind.DOMAIN_RENAMED, Kind.DOMAIN_MOVED, Kind.DOMAIN_REMOVED)
        self._named(kinds, self.old.schema.domains, self.new.schema.domains,
                    lambda domain: None, kept)  # fmt: skip

    def _sequences(self) -> None:
        def added(sequence: Sequence) -> None:
            if self._owner(self.new, sequence) is not None:
                self.add(Kind.SEQUENCE_OWNED, sequence.id, new_name=sequence.qname,
                         new=sequence)  # fmt: skip

        def kept(was: Sequence, sequence: Sequence, names: dict) -> None:
            if _sequence_options(was) != _sequence_options(sequence):
                self.add(Kind.SEQUENCE_ALTERED, sequence.id, **names, old=was, new=sequence)
            owner = self._owner(self.new, sequence)
            if self._owner(self.old, was) != owner:
                if was.owned_by is not None:
                    self.add(Kind.SEQUENCE_RELEASED, sequence.id, **names, old=was,
                             new=sequence)  # fmt: skip
                if owner is not None:
                    self.add(Kind.SEQUENCE_OWNED, sequence.id, **names, old=was, new=sequence)

        kinds = (Kind.SEQUENCE_ADDED, Kind.SEQUENCE_OBJECT_RENAMED, Kind.SEQUENCE_MOVED,
                 Kind.SEQUENCE_REMOVED)  # fmt: skip
        self._named(kinds, self.old.schema.sequences, self.new.schema.sequences, added, kept)

    def _owner(self, side: _Side, sequence: Sequence) -> tuple[str, str] | None:
        """The owning column by ids (a rename of the table or column is no change)."""
        if sequence.owned_by is None:
            return None
        table_name, column_name = sequence.owned_by
        table = side.tables.get(side.table_ids.get(table_name, ""))
        if table is None or column_name not in table.columns_by_name:
            return (str(table_name), column_name)
        return (table.id, table.column(column_name).id)

    def _objects(self) -> None:
        old_by_id = {item.id: item for item in self.old.schema.sql_objects}
        new_ids = {item.id for item in self.new.schema.sql_objects}
        old_base, new_base = self.old.object_phase(), self.new.object_phase()
        for item in self.new.schema.sql_objects:
            was = old_by_id.get(item.id)
            base = new_base.get(item.id, False)
            names = {"new_name": item.qname, "new": item}
            if was is None:
                kind = Kind.BASE_OBJECT_ADDED if base else Kind.OBJECT_ADDED
                self.add(kind, item.id, **names)
            elif was.sql != item.sql:  # the description is a -- comment in the DDL
                kind = Kind.BASE_OBJECT_CHANGED if base else Kind.OBJECT_CHANGED
                self.add(kind, item.id, **names, old_name=was.qname, old=was)
        for item in self.old.schema.sql_objects:
            if item.id not in new_ids:
                base = old_base.get(item.id, False)
                kind = Kind.BASE_OBJECT_REMOVED if base else Kind.OBJECT_REMOVED
                self.add(kind, item.id, old_name=item.qname, old=item)

    def _fk_table(self, side: _Side, relationship: Relationship) -> dict[str, Any]:
        return {"table_id": side.table_ids.get(relationship.from_table),
                "table": relationship.from_table}  # fmt: skip


def _domain_body(domain: Domain, side: _Side) -> tuple:
    """What ``ALTER DOMAIN`` changes (its name apart), its type by enum id."""
    checks = tuple((c.id, c.name, c.expression, c.not_valid) for c in domain.checks)
    return (side.type_key(domain.type), domain.nullable, domain.default, checks,
            domain.description)  # fmt: skip


def _sequence_options(sequence: Sequence) -> tuple:
    return (sequence.data_type, sequence.start, sequence.increment, sequence.min_value,
            sequence.max_value, sequence.cache, sequence.cycle,
            sequence.description)  # fmt: skip


def _base_objects(schema: Schema) -> dict[str, bool]:
    """By object id: whether the DDL creates it before the tables."""
    try:
        from designer.generators.ddl import object_phases  # type: ignore[attr-defined]
    except ImportError:
        object_phases = None
    if object_phases is not None:
        before, _ = object_phases(schema)
        base = {item.id for item in before}
    else:  # the DDL's rule: an object whose depends_on names no table, view, matview
        relations = set(schema.tables_by_name) | {
            item.qname
            for item in schema.sql_objects
            if item.kind in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
        }
        base = {
            item.id
            for item in schema.sql_objects
            if not any(name in relations for name in item.depends_on)
        }
    return {item.id: item.id in base for item in schema.sql_objects}


def _index_comment(index: Index) -> str:
    """The index's ``COMMENT`` (the DDL writes a rationale that is not blank)."""
    return index.rationale if index.rationale.strip() else ""


def _column_unique(column: Column) -> UniqueConstraint:
    return UniqueConstraint(column.id, (column.name,))


def _column_check(column: Column) -> CheckConstraint:
    return CheckConstraint(column.id, column.check or "")


def _longest_increasing(values: list[int], items: list[str]) -> list[str]:
    """The items at a longest strictly increasing run of ``values`` (not contiguous):
    the columns that keep their place; the others moved."""
    best: list[int] = []  # best[k]: index of the smallest tail of a run of length k + 1
    previous = [-1] * len(values)
    for number, value in enumerate(values):
        low, high = 0, len(best)
        while low < high:
            middle = (low + high) // 2
            if values[best[middle]] < value:
                low = middle + 1
            else:
                high = middle
        previous[number] = best[low - 1] if low else -1
        if low == len(best):
            best.append(number)
        else:
            best[low] = number
    run = []
    number = best[-1] if best else -1
    while number != -1:
        run.append(items[number])
        number = previous[number]
    return run[::-1]


# --- sentences -----------------------------------------------------------------------------


def _at(change: Change, name: Any) -> str:
    """``table.column`` for a column of the change's table."""
    return f"{change.table}.{name}"


def _columns_text(names: Iterable[str]) -> str:
    return "(" + ", ".join(names) + ")"


def _comment(text: str) -> str:
    return f'"{text}"' if text else "none"


def _index_text(index: Index) -> str:
    keys = []
    for element in index.elements:
        key = element.column if element.column is not None else f"({element.expression})"
        key += f" {element.opclass}" if element.opclass else ""
        key += " DESC" if element.descending else ""
        key += {NullsOrder.FIRST: " NULLS FIRST", NullsOrder.LAST: " NULLS LAST"}.get(
            element.nulls, ""
        )
        keys.append(key)
    text = ("unique " if index.unique else "") + f"{index.method.value} ({', '.join(keys)})"
    if index.include:
        text += f" INCLUDE {_columns_text(index.include)}"
    if index.where is not None:
        text += f" WHERE {index.where}"
    return text


def _fk_text(rel: Relationship) -> str:
    text = f"{_columns_text(rel.from_columns)} → {rel.to_table} {_columns_text(rel.to_columns)}"
    text += f" ON DELETE {rel.on_delete.value} ON UPDATE {rel.on_update.value}"
    if rel.deferral.value:
        text += " DEFERRABLE" + (" INITIALLY DEFERRED" if rel.deferral.value == "deferred" else "")
    return text


def _type_text(column_type: ColumnType) -> str:
    try:
        return type_sql(column_type)
    except (KeyError, ValueError):
        return column_type.base


def _constraint_text(value: Any) -> str:
    if isinstance(value, PrimaryKey | UniqueConstraint):
        nulls = " NULLS NOT DISTINCT" if getattr(value, "nulls_not_distinct", False) else ""
        return f"{_columns_text(value.columns)}{nulls}"
    if isinstance(value, CheckConstraint):
        return f"CHECK ({value.expression})"
    if isinstance(value, Index):
        return _index_text(value)
    if isinstance(value, Relationship):
        return _fk_text(value)
    return str(value)


def _renamed(what: str) -> Any:
    def sentence(c: Change) -> str:
        return f"renamed {what} {c.old_name} on {c.table} to {c.new_name}"

    return sentence


def _added(what: str) -> Any:
    def sentence(c: Change) -> str:
        return f"added {what} {c.new_name} on {c.table} {_constraint_text(c.new)}"

    return sentence


def _removed(what: str) -> Any:
    def sentence(c: Change) -> str:
        return f"removed {what} {c.old_name} from {c.table}"

    return sentence


def _changed(what: str) -> Any:
    def sentence(c: Change) -> str:
        return (
            f"changed {what} {c.new_name} on {c.table} from {_constraint_text(c.old)} "
            f"to {_constraint_text(c.new)}"
        )

    return sentence


def _column_added(c: Change) -> str:
    column: Column = c.new
    text = f"added column {_at(c, column.name)} {_type_text(column.type)}"
    if not column.nullable:
        text += " NOT NULL"
    if column.default is not None:
        text += f" DEFAULT {column.default}"
    return text


def _nullable(c: Change) -> str:
    return f"made {_at(c, c.new_name)} " + ("nullable" if c.new else "NOT NULL")


def _default(c: Change) -> str:
    where = _at(c, c.new_name)
    if c.old is None:
        return f"set the default of {where} to {c.new}"
    if c.new is None:
        return f"dropped the default of {where} (was {c.old})"
    return f"changed the default of {where} from {c.old} to {c.new}"


_SENTENCES: dict[Kind, Any] = {
    K.SETTING_CHANGED: lambda c: (
        f"changed the target PostgreSQL version from {c.old} to {c.new}"
        if c.id == "pg_version"
        else f"changed {c.id} from {c.old} to {c.new}"
    ),
    K.SCHEMA_ADDED: lambda c: f"added schema {c.new_name}",
    K.SCHEMA_REMOVED: lambda c: f"removed schema {c.old_name}",
    K.EXTENSION_ADDED: lambda c: f"added extension {c.new_name}",
    K.EXTENSION_REMOVED: lambda c: f"removed extension {c.old_name}",
    K.FUNCTION_ADDED: lambda c: f"added the trigger function {c.new_name}()",
    K.FUNCTION_REMOVED: lambda c: f"removed the trigger function {c.old_name}()",
    K.ENUM_ADDED: lambda c: (
        f"added enum type {c.new_name} " + _columns_text(f"'{value}'" for value in c.new.values)
    ),
    K.ENUM_REMOVED: lambda c: f"removed enum type {c.old_name}",
    K.ENUM_RENAMED: lambda c: (
        f"renamed enum type {c.old_name} to {QName(c.old_name.schema, c.new)}"
    ),
    K.ENUM_MOVED: lambda c: f"moved enum type {c.new_name.name} from schema {c.old} to {c.new}",
    K.ENUM_COMMENT: lambda c: (
        f"changed the comment of enum type {c.new_name} from {_comment(c.old)} to {_comment(c.new)}"
    ),
    K.ENUM_VALUE_ADDED: lambda c: f"added value '{c.new}' to enum type {c.new_name}",
    K.ENUM_VALUE_RENAMED: lambda c: (
        f"renamed value '{c.old}' of enum type {c.new_name} to "
        f"'{c.new}'" + (" (inferred from its position: please confirm)" if c.inferred else "")
    ),
    K.ENUM_VALUE_REMOVED: lambda c: f"removed value '{c.old}' from enum type {c.new_name}",
    K.ENUM_VALUES_REORDERED: lambda c: (
        f"reordered the values of enum type {c.new_name} from "
        + _columns_text(c.old)
        + " to "
        + _columns_text(c.new)
    ),
    K.TABLE_ADDED: lambda c: f"added table {c.new_name}",
    K.TABLE_REMOVED: lambda c: f"removed table {c.old_name}",
    K.TABLE_RENAMED: lambda c: f"renamed table {c.old_name} to {QName(c.old_name.schema, c.new)}",
    K.TABLE_MOVED: lambda c: f"moved table {c.new_name.name} from schema {c.old} to {c.new}",
    K.TABLE_COMMENT: lambda c: (
        f"changed the comment of table {c.table} from {_comment(c.old)} to {_comment(c.new)}"
    ),
    K.TRIGGER_ADDED: lambda c: f"added the updated_at trigger {c.new_name} on {c.table}",
    K.TRIGGER_REMOVED: lambda c: f"removed the updated_at trigger {c.old_name} from {c.table}",
    K.TRIGGER_RENAMED: _renamed("trigger"),
    K.COLUMN_ADDED: _column_added,
    K.COLUMN_REMOVED: lambda c: f"removed column {_at(c, c.old_name)}",
    K.COLUMN_RENAMED: lambda c: f"renamed column {_at(c, c.old)} to {_at(c, c.new)}",
    K.COLUMN_TYPE: lambda c: (
        f"changed {_at(c, c.new_name)} from {_type_text(c.old)} to {_type_text(c.new)}"
    ),
    K.COLUMN_NULLABLE: _nullable,
    K.COLUMN_DEFAULT: _default,
    K.COLUMN_GENERATED: lambda c: (
        f"changed {_at(c, c.new_name)} from {_GENERATED[c.old]} to {_GENERATED[c.new]}"
    ),
    K.COLUMN_COMMENT: lambda c: (
        f"changed the comment of {_at(c, c.new_name)} from {_comment(c.old)} to {_comment(c.new)}"
    ),
    K.COLUMN_MOVED: lambda c: (
        f"moved column {_at(c, c.new_name)} from position {c.old + 1} to {c.new + 1}"
    ),
    K.SEQUENCE_RENAMED: _renamed("sequence"),
    K.PRIMARY_KEY_ADDED: _added("primary key"),
    K.PRIMARY_KEY_REMOVED: _removed("primary key"),
    K.PRIMARY_KEY_RENAMED: _renamed("primary key"),
    K.PRIMARY_KEY_CHANGED: _changed("primary key"),
    K.UNIQUE_ADDED: _added("unique constraint"),
    K.UNIQUE_REMOVED: _removed("unique constraint"),
    K.UNIQUE_RENAMED: _renamed("unique constraint"),
    K.UNIQUE_CHANGED: _changed("unique constraint"),
    K.CHECK_ADDED: _added("check constraint"),
    K.CHECK_REMOVED: _removed("check constraint"),
    K.CHECK_RENAMED: _renamed("check constraint"),
    K.CHECK_CHANGED: _changed("check constraint"),
    K.FOREIGN_KEY_ADDED: _added("foreign key"),
    K.FOREIGN_KEY_REMOVED: _removed("foreign key"),
    K.FOREIGN_KEY_RENAMED: _renamed("foreign key"),
    K.FOREIGN_KEY_CHANGED: _changed("foreign key"),
    K.INDEX_ADDED: _added("index"),
    K.INDEX_REMOVED: _removed("index"),
    K.INDEX_RENAMED: _renamed("index"),
    K.INDEX_CHANGED: _changed("index"),
    K.INDEX_COMMENT: lambda c: (
        f"changed the comment of index {c.new_name} on {c.table} from "
        f"{_comment(c.old)} to {_comment(c.new)}"
    ),
    K.CHECK_VALIDATED: lambda c: f"validated check constraint {c.new_name} on {c.table}",
    K.FOREIGN_KEY_VALIDATED: lambda c: f"validated foreign key {c.new_name} on {c.table}",
    K.DOMAIN_ADDED: lambda c: f"added domain {c.new_name} as {_type_text(c.new.type)}",
    K.DOMAIN_REMOVED: lambda c: f"removed domain {c.old_name}",
    K.DOMAIN_RENAMED: lambda c: f"renamed domain {c.old_name} to {QName(c.old_name.schema, c.new)}",
    K.DOMAIN_MOVED: lambda c: f"moved domain {c.new_name.name} from schema {c.old} to {c.new}",
    K.DOMAIN_CHANGED: lambda c: f"changed domain {c.new_name}: {_domain_changes(c.old, c.new)}",
    K.SEQUENCE_ADDED: lambda c: f"added sequence {c.new_name}",
    K.SEQUENCE_REMOVED: lambda c: f"removed sequence {c.old_name}",
    K.SEQUENCE_OBJECT_RENAMED: lambda c: (
        f"renamed sequence {c.old_name} to {QName(c.old_name.schema, c.new)}"
    ),
    K.SEQUENCE_MOVED: lambda c: f"moved sequence {c.new_name.name} from schema {c.old} to {c.new}",
    K.SEQUENCE_ALTERED: lambda c: (
        f"changed the options of sequence {c.new_name}: {_sequence_changes(c.old, c.new)}"
    ),
    K.SEQUENCE_RELEASED: lambda c: (
        f"sequence {c.new_name} no longer owned by {_owner_text(c.old.owned_by)}"
    ),
    K.SEQUENCE_OWNED: lambda c: f"sequence {c.new_name} owned by {_owner_text(c.new.owned_by)}",
    K.PARTITIONING_CHANGED: lambda c: (
        f"changed the partitioning of {c.table} from {c.old or 'none'} to {c.new or 'none'}"
    ),
    K.PARTITION_DETACHED: lambda c: f"detached partition {c.table} from {c.new}",
    K.PARTITION_ATTACHED: lambda c: (
        f"attached {c.table} as a partition of {c.new.partition_of} {c.new.partition_bound}"
    ),
    K.BASE_OBJECT_ADDED: lambda c: f"added {c.new.kind.value} {_object_text(c.new)}",
    K.BASE_OBJECT_CHANGED: lambda c: f"changed {c.new.kind.value} {_object_text(c.new)}",
    K.BASE_OBJECT_REMOVED: lambda c: f"removed {c.old.kind.value} {_object_text(c.old)}",
    K.OBJECT_ADDED: lambda c: f"added {c.new.kind.value} {_object_text(c.new)}",
    K.OBJECT_CHANGED: lambda c: f"changed {c.new.kind.value} {_object_text(c.new)}",
    K.OBJECT_REMOVED: lambda c: f"removed {c.old.kind.value} {_object_text(c.old)}",
}
assert set(_SENTENCES) == set(Kind)


def _object_text(item: Any) -> str:
    return item.name if item.schema == "public" else f"{item.schema}.{item.name}"


def _owner_text(owned_by: tuple[QName, str] | None) -> str:
    return "none" if owned_by is None else f"{owned_by[0]}.{owned_by[1]}"


def _domain_changes(old: Domain, new: Domain) -> str:
    parts = []
    if type_sql_text(old.type) != type_sql_text(new.type):
        parts.append(f"type {type_sql_text(old.type)} to {type_sql_text(new.type)}")
    if old.nullable != new.nullable:
        parts.append("nullable" if new.nullable else "NOT NULL")
    if old.default != new.default:
        parts.append(f"default {old.default or 'none'} to {new.default or 'none'}")
    before = {check.id: check for check in old.checks}
    after = {check.id: check for check in new.checks}
    for key, check in after.items():
        was = before.get(key)
        if was is None:
            parts.append(f"added CHECK ({check.expression})")
        elif was.expression != check.expression or was.name != check.name:
            parts.append(f"CHECK ({was.expression}) to CHECK ({check.expression})")
        elif was.not_valid and not check.not_valid:
            parts.append(f"validated CHECK ({check.expression})")
        elif check.not_valid and not was.not_valid:
            parts.append(f"CHECK ({check.expression}) made NOT VALID")
    parts += [f"removed CHECK ({c.expression})" for k, c in before.items() if k not in after]
    if old.description != new.description:
        parts.append(f"comment {_comment(old.description)} to {_comment(new.description)}")
    return "; ".join(parts) or "no change"


_SEQUENCE_OPTIONS = ("data_type", "start", "increment", "min_value", "max_value", "cache",
                     "cycle", "description")  # fmt: skip


def _sequence_changes(old: Sequence, new: Sequence) -> str:
    return "; ".join(
        f"{name.replace('_', ' ')} {getattr(old, name)} to {getattr(new, name)}"
        for name in _SEQUENCE_OPTIONS
        if getattr(old, name) != getattr(new, name)
    )


def type_sql_text(column_type: ColumnType) -> str:
    return _type_text(column_type)
