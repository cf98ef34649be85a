"""Python defaults for the database defaults that have an exact Python equivalent.

The server default is always written (``server_default=``), so the table is the same as
the DDL's. A model also gets the value in Python when the SQL says something Python can
say exactly: a literal (``false`` → ``False``, ``'draft'`` → ``Status.DRAFT``),
``gen_random_uuid()`` → ``uuid.uuid4``, ``now()`` on a ``timestamptz`` → ``utc_now``.
Other expressions (``CURRENT_DATE``, ``'{}'::jsonb``) are left to the database: the field
is then optional in Python and filled by PostgreSQL on insert.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from designer.schema.expressions import ExpressionError, expression_tree
from designer.schema.model import ColumnType

from . import imports as imp
from .code import Atom, Node, Str, call

_STRINGS = frozenset({"varchar", "char", "text"})
_INTEGERS = frozenset({"smallint", "integer", "bigint"})
_FLOATS = frozenset({"real", "double precision"})


@dataclass(frozen=True)
class PythonDefault:
    """``default=value`` or ``default_factory=factory`` (exactly one is set)."""

    value: Node | None = None
    factory: str | None = None
    imports: frozenset[imp.Import] = frozenset()


# The two factories, one object each for every column that has them.
_UUID4 = PythonDefault(factory="uuid.uuid4", imports=frozenset({imp.UUID}))
_UTC_NOW = PythonDefault(factory="utc_now")


def python_default(
    sql: str | None, column_type: ColumnType, members: dict[str, str] | None = None
) -> PythonDefault | None:
    """The Python equivalent of the default ``sql``, or None when there is none.

    ``members`` maps an enum column's labels to ``Class.MEMBER`` spellings.
    """
    if sql is None or column_type.array:
        return None
    try:
        tree = expression_tree(sql)
    except ExpressionError:
        return None
    if "A_Const" in tree:
        return _literal(tree["A_Const"], column_type, members or {})
    base = column_type.base
    if base == "uuid" and _function(tree) == "gen_random_uuid":
        return _UUID4
    now = _function(tree) == "now" or _sql_value(tree) == "SVFOP_CURRENT_TIMESTAMP"
    if base == "timestamptz" and now:
        return _UTC_NOW
    return None


def _function(tree: dict[str, Any]) -> str | None:
    """The name of a function called without arguments (``pg_catalog.`` allowed)."""
    node = tree.get("FuncCall")
    if node is None or node.get("args") or node.get("agg_star"):
        return None
    names = [part["String"]["sval"] for part in node["funcname"]]
    if len(names) == 2 and names[0] == "pg_catalog":
        names = names[1:]
    return names[0] if len(names) == 1 else None


def _sql_value(tree: dict[str, Any]) -> str | None:
    node = tree.get("SQLValueFunction")
    return node["op"] if node is not None and node.get("typmod", -1) == -1 else None


def _literal(
    constant: dict[str, Any], column_type: ColumnType, members: dict[str, str]
) -> PythonDefault | None:
    base = column_type.base
    if "boolval" in constant and base == "boolean":
        return PythonDefault(Atom(str(bool(constant["boolval"].get("boolval", False)))))
    if "ival" in constant:
        number = constant["ival"].get("ival", 0)
        if base in _INTEGERS:
            return PythonDefault(Atom(str(number)))
        return _fractional(str(number), base)
    if "fval" in constant:
        return _fractional(constant["fval"]["fval"], base)
    if "sval" in constant:
        text = constant["sval"].get("sval", "")
        if base in _STRINGS:
            return PythonDefault(Str(text))
        if column_type.is_enum and text in members:
            return PythonDefault(Atom(members[text]))
    return None


def _fractional(text: str, base: str) -> PythonDefault | None:
    if base == "numeric":
        return PythonDefault(call("Decimal", Str(text)), imports=frozenset({imp.DECIMAL}))
    if base in _FLOATS and math.isfinite(value := float(text)):
        return PythonDefault(Atom(repr(value)))
    return None
