"""Each registry type as a SQLAlchemy type and a Python annotation, with the same parameters.

``python_type`` also says whether SQLModel would infer exactly that SQLAlchemy type from
the annotation on its own (``uuid.UUID`` → ``UUID``, ``str`` with ``max_length=255`` →
``VARCHAR(255)``, ``datetime`` → ``TIMESTAMP WITH TIME ZONE``...), so that the common
fields read as plain SQLModel and ``sa_type=`` appears only where it says something.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from designer.schema.model import ColumnType, QName
from designer.schema.sqltext import shadowed

from . import imports as imp
from .code import FALSE, Atom, Node, Str, call


@dataclass(frozen=True)
class EnumNames:
    """How the generated module calls one enum type: its class and its SQLAlchemy type."""

    class_name: str
    constant: str


@dataclass(frozen=True)
class PythonType:
    annotation: str
    sa_type: Node
    inferred: bool  # SQLModel picks ``sa_type`` itself from the annotation
    imports: frozenset[imp.Import]  # what the annotation needs
    sa_imports: frozenset[imp.Import]  # what ``sa_type`` needs


_ANNOTATIONS: dict[str, tuple[str, frozenset[imp.Import]]] = {
    "uuid": ("uuid.UUID", frozenset({imp.UUID})),
    "smallint": ("int", frozenset()),
    "integer": ("int", frozenset()),
    "bigint": ("int", frozenset()),
    "numeric": ("Decimal", frozenset({imp.DECIMAL})),
    "real": ("float", frozenset()),
    "double precision": ("float", frozenset()),
    "money": ("Decimal", frozenset({imp.DECIMAL})),
    "boolean": ("bool", frozenset()),
    "varchar": ("str", frozenset()),
    "char": ("str", frozenset()),
    "text": ("str", frozenset()),
    "date": ("date", frozenset({imp.DATE})),
    "time": ("time", frozenset({imp.TIME})),
    "timetz": ("time", frozenset({imp.TIME})),
    "timestamp": ("datetime", frozenset({imp.DATETIME})),
    "timestamptz": ("datetime", frozenset({imp.DATETIME})),
    "interval": ("timedelta", frozenset({imp.TIMEDELTA})),
    "json": ("Any", frozenset({imp.ANY})),
    "jsonb": ("Any", frozenset({imp.ANY})),
    "bytea": ("bytes", frozenset()),
    "inet": ("IPvAnyInterface", frozenset({imp.IP_INTERFACE})),
    "cidr": ("IPvAnyNetwork", frozenset({imp.IP_NETWORK})),
    "macaddr": ("str", frozenset()),
    "bit": ("str", frozenset()),
    "varbit": ("str", frozenset()),
    "tsvector": ("str", frozenset()),
    "xml": ("str", frozenset()),
}
# Types SQLModel infers from the bare annotation when they take no parameters.
_INFERRED = frozenset(
    {"uuid", "integer", "boolean", "date", "double precision", "bytea", "numeric"}
    | {"time", "timestamptz", "interval"}
)
XML_TYPE = "XmlType"


def _number(value: int | None) -> Atom | None:
    return Atom(str(value)) if value is not None else None


def _timezone(base: str) -> Atom | None:
    return Atom("True") if base in {"timetz", "timestamptz"} else None


_SIMPLE_TYPES = {
    "uuid": "sa.Uuid",
    "smallint": "sa.SmallInteger",
    "integer": "sa.Integer",
    "bigint": "sa.BigInteger",
    "real": "sa.REAL",
    "double precision": "sa.Double",
    "money": "pg.MONEY",
    "boolean": "sa.Boolean",
    "text": "sa.Text",
    "date": "sa.Date",
    "json": "pg.JSON",
    "jsonb": "pg.JSONB",
    "bytea": "pg.BYTEA",
    "inet": "pg.INET",
    "cidr": "pg.CIDR",
    "macaddr": "pg.MACADDR",
    "tsvector": "pg.TSVECTOR",
    "xml": XML_TYPE,
}


def sa_type(column_type: ColumnType) -> Node:
    """The SQLAlchemy type of one non-array, non-enum column type."""
    base, length, precision = column_type.base, column_type.length, column_type.precision
    if base in _SIMPLE_TYPES:
        return call(_SIMPLE_TYPES[base])
    if base == "numeric":
        scale = _number(column_type.scale)
        return call("sa.Numeric", *(arg for arg in (_number(precision), scale) if arg))
    if base == "varchar":
        return call("sa.String", *([_number(length)] if length else []))
    if base == "char":
        return call("sa.CHAR", *([_number(length)] if length else []))
    if base in {"time", "timetz"}:
        return call("pg.TIME", timezone=_timezone(base), precision=_number(precision))
    if base in {"timestamp", "timestamptz"}:
        return call("pg.TIMESTAMP", timezone=_timezone(base), precision=_number(precision))
    if base == "interval":
        return call("pg.INTERVAL", precision=_number(precision))
    if base in {"bit", "varbit"}:
        varying = Atom("True") if base == "varbit" else None
        return call("pg.BIT", *([_number(length)] if length else []), varying=varying)
    raise ValueError(f"no SQLAlchemy type for {base!r}")


@lru_cache(maxsize=1024)
def python_type(
    column_type: ColumnType, enum: EnumNames | None = None, max_length: int | None = None
) -> PythonType:
    """The annotation and SQLAlchemy type of a column (``max_length``: its Field's).

    Cached: a schema has thousands of columns but few distinct types, and the result is
    immutable.
    """
    if column_type.is_enum:
        assert enum is not None
        annotation, element, needed = enum.class_name, Atom(enum.constant), frozenset()
        inferred = False
    else:
        annotation, needed = _ANNOTATIONS[column_type.base]
        element = sa_type(column_type)
        inferred = _inferred(column_type, max_length)
    sa_needed = frozenset({imp.SA}) if element.text.startswith("sa.") else frozenset()
    sa_needed |= {imp.PG} if element.text.startswith("pg.") else frozenset()
    if column_type.domain is not None:
        element, inferred = domain_type(column_type.domain, element), False
        sa_needed |= {imp.PG}
    if not column_type.array:
        return PythonType(annotation, element, inferred, needed, sa_needed)
    return PythonType(
        f"list[{annotation}]", call("pg.ARRAY", element), False, needed, sa_needed | {imp.PG}
    )


def domain_type(domain: QName, base: Node) -> Node:
    """``pg.DOMAIN``: the column's type spelled by the domain's name (the DDL event that
    creates the domain says the rest), over the SQLAlchemy type of its base."""
    schema = None if domain.schema == "public" and not shadowed(domain.name) else domain.schema
    return call(
        "pg.DOMAIN",
        Str(domain.name),
        base,
        schema=Str(schema) if schema else None,
        create_type=FALSE,
    )


def _inferred(column_type: ColumnType, max_length: int | None) -> bool:
    if column_type.array:
        return False
    if column_type.base == "varchar":
        return column_type.length == max_length
    return (
        column_type.base in _INFERRED
        and column_type.precision is None
        and column_type.scale is None
    )
