"""The PostgreSQL column types the designer knows, and what each one accepts.

One registry entry per base type. Generators read it to write SQL and Python; the
validator reads it to know which parameters a type takes and which types a foreign key
may compare. A column may also be of one of the project's enum types (``ENUM``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Params(StrEnum):
    """Which parameters a type takes in parentheses."""

    NONE = "none"
    LENGTH = "length"  # varchar(n), char(n), bit(n)
    PRECISION_SCALE = "precision_scale"  # numeric(p, s)
    FRACTIONAL_SECONDS = "fractional_seconds"  # time(p), timestamp(p), interval(p)


class Category(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMERIC = "numeric"
    BOOLEAN = "boolean"
    TEMPORAL = "temporal"
    JSON = "json"
    BINARY = "binary"
    NETWORK = "network"
    UUID = "uuid"
    OTHER = "other"
    ENUM = "enum"


@dataclass(frozen=True)
class TypeInfo:
    key: str  # the name stored in records and the schema model
    sql: str  # how PostgreSQL spells it (before parameters)
    label: str  # shown in the editor
    category: Category
    params: Params = Params.NONE
    # Types in the same comparison family can be joined by a foreign key; PostgreSQL
    # refuses a foreign key between types it cannot compare (uuid -> integer, say).
    family: str = ""
    # The catalog name PostgreSQL reports (pg_type.typname), used by importers.
    catalog: str = ""

    @property
    def takes_length(self) -> bool:
        return self.params is Params.LENGTH

    @property
    def takes_precision(self) -> bool:
        return self.params in {Params.PRECISION_SCALE, Params.FRACTIONAL_SECONDS}

    @property
    def takes_scale(self) -> bool:
        return self.params is Params.PRECISION_SCALE


ENUM = "enum"

# The index methods for which PostgreSQL 15 has a default operator class, by type key
# (without extensions). btree also means the type can be a key, unique or referenced.
_INDEX_METHODS: dict[str, frozenset[str]] = {
    "uuid": frozenset({"btree", "hash", "brin"}),
    "smallint": frozenset({"btree", "hash", "brin"}),
    "integer": frozenset({"btree", "hash", "brin"}),
    "bigint": frozenset({"btree", "hash", "brin"}),
    "numeric": frozenset({"btree", "hash", "brin"}),
    "real": frozenset({"btree", "hash", "brin"}),
    "double precision": frozenset({"btree", "hash", "brin"}),
    "money": frozenset({"btree"}),
    "boolean": frozenset({"btree", "hash"}),
    "varchar": frozenset({"btree", "hash", "brin", "spgist"}),
    "char": frozenset({"btree", "hash", "brin"}),
    "text": frozenset({"btree", "hash", "brin", "spgist"}),
    "date": frozenset({"btree", "hash", "brin"}),
    "time": frozenset({"btree", "hash", "brin"}),
    "timetz": frozenset({"btree", "hash", "brin"}),
    "timestamp": frozenset({"btree", "hash", "brin"}),
    "timestamptz": frozenset({"btree", "hash", "brin"}),
    "interval": frozenset({"btree", "hash", "brin"}),
    "json": frozenset(),
    "jsonb": frozenset({"btree", "hash", "gin"}),
    "bytea": frozenset({"btree", "hash", "brin"}),
    "inet": frozenset({"btree", "hash", "brin", "spgist"}),
    "cidr": frozenset({"btree", "hash", "brin", "spgist"}),
    "macaddr": frozenset({"btree", "hash", "brin"}),
    "bit": frozenset({"btree", "brin"}),
    "varbit": frozenset({"btree", "brin"}),
    "tsvector": frozenset({"btree", "gin", "gist"}),
    "xml": frozenset(),
    ENUM: frozenset({"btree", "hash"}),
}

_TYPES = (
    TypeInfo("uuid", "uuid", "uuid", Category.UUID, catalog="uuid"),
    TypeInfo("smallint", "smallint", "smallint", Category.INTEGER, family="int", catalog="int2"),
    TypeInfo("integer", "integer", "integer", Category.INTEGER, family="int", catalog="int4"),
    TypeInfo("bigint", "bigint", "bigint", Category.INTEGER, family="int", catalog="int8"),
    TypeInfo(
        "numeric",
        "numeric",
        "numeric(p, s)",
        Category.NUMERIC,
        Params.PRECISION_SCALE,
        family="numeric",
        catalog="numeric",
    ),
    TypeInfo("real", "real", "real", Category.NUMERIC, family="float", catalog="float4"),
    TypeInfo(
        "double precision",
        "double precision",
        "double precision",
        Category.NUMERIC,
        family="float",
        catalog="float8",
    ),
    TypeInfo("money", "money", "money", Category.NUMERIC, catalog="money"),
    TypeInfo("boolean", "boolean", "boolean", Category.BOOLEAN, catalog="bool"),
    TypeInfo(
        "varchar",
        "varchar",
        "varchar(n)",
        Category.STRING,
        Params.LENGTH,
        family="text",
        catalog="varchar",
    ),
    TypeInfo(
        "char", "char", "char(n)", Category.STRING, Params.LENGTH, family="text", catalog="bpchar"
    ),
    TypeInfo("text", "text", "text", Category.STRING, family="text", catalog="text"),
    TypeInfo("date", "date", "date", Category.TEMPORAL, family="datetime", catalog="date"),
    TypeInfo("time", "time", "time", Category.TEMPORAL, Params.FRACTIONAL_SECONDS, catalog="time"),
    TypeInfo(
        "timetz",
        "timetz",
        "time with time zone",
        Category.TEMPORAL,
        Params.FRACTIONAL_SECONDS,
        catalog="timetz",
    ),
    TypeInfo(
        "timestamp",
        "timestamp",
        "timestamp (without time zone)",
        Category.TEMPORAL,
        Params.FRACTIONAL_SECONDS,
        family="datetime",
        catalog="timestamp",
    ),
    TypeInfo(
        "timestamptz",
        "timestamptz",
        "timestamptz",
        Category.TEMPORAL,
        Params.FRACTIONAL_SECONDS,
        family="datetime",
        catalog="timestamptz",
    ),
    TypeInfo(
        "interval",
        "interval",
        "interval",
        Category.TEMPORAL,
        Params.FRACTIONAL_SECONDS,
        catalog="interval",
    ),
    TypeInfo("json", "json", "json", Category.JSON, catalog="json"),
    TypeInfo("jsonb", "jsonb", "jsonb", Category.JSON, catalog="jsonb"),
    TypeInfo("bytea", "bytea", "bytea", Category.BINARY, catalog="bytea"),
    TypeInfo("inet", "inet", "inet", Category.NETWORK, family="network", catalog="inet"),
    TypeInfo("cidr", "cidr", "cidr", Category.NETWORK, family="network", catalog="cidr"),
    TypeInfo("macaddr", "macaddr", "macaddr", Category.NETWORK, catalog="macaddr"),
    TypeInfo("bit", "bit", "bit(n)", Category.OTHER, Params.LENGTH, family="bit", catalog="bit"),
    TypeInfo(
        "varbit",
        "varbit",
        "bit varying(n)",
        Category.OTHER,
        Params.LENGTH,
        family="bit",
        catalog="varbit",
    ),
    TypeInfo("tsvector", "tsvector", "tsvector", Category.OTHER, catalog="tsvector"),
    TypeInfo("xml", "xml", "xml", Category.OTHER, catalog="xml"),
)

TYPES: dict[str, TypeInfo] = {info.key: info for info in _TYPES}
TYPE_BY_CATALOG: dict[str, TypeInfo] = {info.catalog: info for info in _TYPES}

# The keys in the order the editor offers them.
TYPE_KEYS: tuple[str, ...] = (*(info.key for info in _TYPES), ENUM)


# btree_gist and btree_gin give these scalar types a gist / gin operator class.
_BTREE_EMULATED = frozenset(
    {
        "smallint", "integer", "bigint", "numeric", "real", "double precision", "money",
        "boolean", "varchar", "char", "text", "date", "time", "timetz", "timestamp",
        "timestamptz", "interval", "bytea", "inet", "cidr", "macaddr", "bit", "varbit",
        "uuid", ENUM,
    }
)  # fmt: skip


def index_methods(
    key: str, *, array: bool = False, extensions: frozenset[str] | tuple[str, ...] = ()
) -> frozenset[str]:
    """The index methods that have a default operator class for a column of this type.

    An array takes btree and hash when its element does, and gin (``array_ops``). The
    extensions btree_gist and btree_gin add gist and gin for the common scalar types.
    """
    methods = _INDEX_METHODS.get(key, frozenset())
    if array:
        return (methods & {"btree", "hash"}) | ({"gin"} if "btree" in methods else set())
    if key in _BTREE_EMULATED:
        methods |= {"gist"} if "btree_gist" in extensions else set()
        methods |= {"gin"} if "btree_gin" in extensions else set()
    return methods


def type_info(key: str) -> TypeInfo:
    """The registry entry of ``key``; enum columns have their own entry."""
    if key == ENUM:
        return TypeInfo(ENUM, "", "enum type", Category.ENUM)
    return TYPES[key]
