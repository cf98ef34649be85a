"""The objects a script defines, as the statements build them up one by one.

Statements change these drafts the way they would change a database: ``CREATE TABLE``
adds a table, ``ALTER TABLE ... DROP COLUMN`` removes a column, ``DROP FUNCTION`` takes
back a function. Expressions stay parse-tree nodes until ``build`` turns the drafts into
the pure schema model, once the whole script is known (a sequence is owned by a column
only after ``ALTER SEQUENCE ... OWNED BY``, a trigger marks the timestamps convention
only if its function does).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from designer.schema.model import (
    Action,
    ColumnType,
    Deferral,
    Generated,
    IndexMethod,
    NullsOrder,
    QName,
)

from ..summary import ImportSummary
from .tree import Node


@dataclass
class DraftType:
    """A column type as written: a known type, or the name of one the model lacks."""

    known: ColumnType | None  # a registry type or an enum (enum name resolved later)
    name: QName | None = None  # the user type named (an enum, a domain, or unknown)
    array: bool = False
    text: str = ""  # as written, for messages
    serial: bool = False  # serial / bigserial / smallserial


@dataclass
class DraftColumn:
    name: str
    type: DraftType
    nullable: bool = True
    default: Node | None = None
    generated: Generated = Generated.NONE
    identity_sequence: QName | None = None  # SEQUENCE NAME of an identity column
    unique: bool = False  # an unnamed inline UNIQUE
    check: Node | None = None  # an unnamed inline CHECK reading this column
    description: str = ""


@dataclass
class DraftKey:
    columns: tuple[str, ...]
    name: str | None = None
    nulls_not_distinct: bool = False


@dataclass
class DraftCheck:
    expression: Node
    name: str | None = None
    not_valid: bool = False


@dataclass
class DraftForeignKey:
    columns: tuple[str, ...]
    target: QName
    target_columns: tuple[str, ...]  # empty: the target's primary key
    name: str | None = None
    on_delete: Action = Action.NO_ACTION
    on_update: Action = Action.NO_ACTION
    deferral: Deferral = Deferral.NOT_DEFERRABLE
    not_valid: bool = False


@dataclass
class DraftIndexKey:
    column: str | None = None
    expression: Node | None = None
    descending: bool = False
    nulls: NullsOrder = NullsOrder.DEFAULT
    opclass: str | None = None


@dataclass
class DraftIndex:
    keys: list[DraftIndexKey]
    name: str | None = None
    unique: bool = False
    method: IndexMethod = IndexMethod.BTREE
    where: Node | None = None
    include: tuple[str, ...] = ()
    rationale: str = ""


@dataclass
class DraftTable:
    qname: QName
    columns: dict[str, DraftColumn] = field(default_factory=dict)  # in column order
    description: str = ""
    primary_key: DraftKey | None = None
    uniques: list[DraftKey] = field(default_factory=list)
    checks: list[DraftCheck] = field(default_factory=list)
    foreign_keys: list[DraftForeignKey] = field(default_factory=list)
    indexes: list[DraftIndex] = field(default_factory=list)
    partition_by: str | None = None  # RANGE (payment_date)
    partition_of: QName | None = None
    partition_bound: str | None = None  # FOR VALUES ... / DEFAULT


@dataclass
class DraftEnum:
    qname: QName
    values: list[str]
    description: str = ""


@dataclass
class DraftDomain:
    qname: QName
    type: DraftType
    not_null: bool = False
    default: Node | None = None
    checks: list[DraftCheck] = field(default_factory=list)
    description: str = ""


@dataclass
class DraftSequence:
    qname: QName
    owner: tuple[QName, str] | None = None  # OWNED BY table.column
    options: list[str] = field(default_factory=list)  # non-default options, as written
    data_type: str | None = None  # AS ...; None when not written (bigint)
    start: int | None = None
    increment: int = 1
    min_value: int | None = None
    max_value: int | None = None
    cache: int = 1
    cycle: bool = False
    description: str = ""


@dataclass
class DraftObject:
    """An object kept as SQL text: its statements as written, in order (its CREATE,
    then its comments, ALTERs, a materialized view's indexes...)."""

    key: tuple  # how later statements find it (see ``objects.object_key``)
    kind: str  # the summary's kind: view, function, trigger...
    label: str
    statements: list[str] = field(default_factory=list)


@dataclass
class DraftFunction:
    qname: QName
    signature: str  # name(argument types), to list it
    returns_trigger: bool = False
    language: str = ""
    body: str = ""
    key: tuple = ()  # its DraftObject's


@dataclass
class DraftTrigger:
    name: str
    table: QName
    function: QName
    plain_before_update: bool  # BEFORE UPDATE FOR EACH ROW, no WHEN, no arguments
    key: tuple = ()  # its DraftObject's


@dataclass
class Drafts:
    """Everything a script defined so far, and what its summary says."""

    summary: ImportSummary = field(default_factory=ImportSummary)
    search_path: list[str] = field(default_factory=lambda: ["public"])
    schemas: set[str] = field(default_factory=lambda: {"public"})
    tables: dict[QName, DraftTable] = field(default_factory=dict)
    enums: dict[QName, DraftEnum] = field(default_factory=dict)
    domains: dict[QName, DraftDomain] = field(default_factory=dict)
    sequences: dict[QName, DraftSequence] = field(default_factory=dict)
    functions: dict[str, DraftFunction] = field(default_factory=dict)  # by signature
    triggers: list[DraftTrigger] = field(default_factory=list)
    # Objects kept as SQL text, in the order the script creates them.
    objects: dict[tuple, DraftObject] = field(default_factory=dict)
    option_count: int = 0  # table options are keyed by their number
    # Objects the model does not hold, by qualified name, with their summary kind:
    # statements that later refer to them (an index on a view) are skipped quietly.
    others: dict[QName, str] = field(default_factory=dict)
    extensions: list[str] = field(default_factory=list)  # in the order they are created
    # Where each named index was created (schema, name -> table): COMMENT ON INDEX
    # finds it without reading every table's indexes (pg_dump writes thousands).
    index_tables: dict[tuple[str, str], QName] = field(default_factory=dict)

    @property
    def creation_schema(self) -> str:
        """Where an unqualified CREATE puts its object: the first schema of the path."""
        for schema in self.search_path:
            if schema not in {"$user", "pg_catalog", "pg_temp"}:
                return schema
        return "public"

    def qualify(self, names: tuple[str, ...]) -> QName:
        """The qualified name of a new object named ``names`` (``schema.name`` or ``name``)."""
        if len(names) >= 2:
            return QName(names[-2], names[-1])
        return QName(self.creation_schema, names[-1])

    def find(self, names: tuple[str, ...], *where: Mapping[QName, object]) -> QName:
        """The qualified name ``names`` refers to among ``where``, along the search path."""
        if len(names) >= 2:
            return QName(names[-2], names[-1])
        for schema in self.search_path:
            candidate = QName(schema, names[-1])
            if any(candidate in mapping for mapping in where):
                return candidate
        return QName(self.creation_schema, names[-1])

    def find_table(self, names: tuple[str, ...]) -> QName:
        return self.find(names, self.tables, self.others)

    def find_type(self, names: tuple[str, ...]) -> QName:
        return self.find(names, self.enums, self.domains, self.others)
