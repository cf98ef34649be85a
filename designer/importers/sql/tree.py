"""Reading libpg_query's JSON parse tree, and writing its expressions back as SQL.

The tree is plain dicts: a node is ``{"Kind": {fields}}``, and fields left at their
default (false, zero, empty) are omitted. Expressions (defaults, checks, predicates,
index keys) are written back as SQL by pglast's own deparser: ``deparse`` turns just
that subtree into pglast's node objects first — the same objects ``parse_sql`` would
have built — so the bulk of a big script never pays for them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pglast import ast, enums
from pglast.printers import get_special_function, sfuncs
from pglast.stream import RawStream

from designer.schema.expressions import expression_problem
from designer.schema.memo import TextMap
from designer.schema.sqltext import QUOTED_KEYWORDS

Node = dict[str, Any]

MAX_IDENTIFIER_BYTES = 63


def identifier(name: str) -> str:
    """``name`` as PostgreSQL stores it: cut to 63 bytes (it only warns when it cuts)."""
    encoded = name.encode()
    if len(encoded) <= MAX_IDENTIFIER_BYTES:
        return name
    return encoded[:MAX_IDENTIFIER_BYTES].decode(errors="ignore")


def unwrap(node: Node) -> tuple[str, Node]:
    """The kind and the fields of a wrapped node ``{"Kind": {...}}``."""
    ((kind, body),) = node.items()
    return kind, body


def strings(items: list[Node] | None) -> tuple[str, ...]:
    """The values of a list of String nodes (a qualified name, a column list)."""
    if not items:
        return ()
    if len(items) == 1 and "List" in items[0]:
        items = items[0]["List"].get("items", [])
    return tuple(item["String"]["sval"] for item in items if "String" in item)


def integer(node: Node | None) -> int | None:
    """The value of an Integer or integer A_Const node (omitted zero included)."""
    if node is None:
        return None
    if "A_Const" in node:
        node = node["A_Const"]
        if "ival" not in node:
            return None
        return node["ival"].get("ival", 0)
    if "Integer" in node:
        return node["Integer"].get("ival", 0)
    return None


def definitions(options: list[Node] | None) -> dict[str, Node | None]:
    """DefElem options (``WITH (...)``, sequence options) by name."""
    result: dict[str, Node | None] = {}
    for option in options or ():
        body = option.get("DefElem", {})
        result[body.get("defname", "")] = body.get("arg")
    return result


def walk(node: Any) -> Iterator[tuple[str, Node]]:
    """Every wrapped node in a tree as (kind, fields), in no particular order. Walked
    with a list, not by recursion: a script's expressions may nest deeper than Python
    recurses."""
    pending = [node]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key[:1].isupper() and isinstance(value, dict):
                    yield key, value
                if isinstance(value, dict | list):
                    pending.append(value)
        elif isinstance(node, list):
            pending.extend(item for item in node if isinstance(item, dict | list))


def column_references(node: Node) -> set[str]:
    """The column names an expression reads (the last part of each reference)."""
    found = set()
    for kind, body in walk(node):
        if kind == "ColumnRef":
            last = body.get("fields", [{}])[-1]
            if "String" in last:
                found.add(last["String"]["sval"])
    return found


def function_names(node: Node) -> set[tuple[str, ...]]:
    """The (possibly qualified) names of the functions an expression calls."""
    return {strings(body.get("funcname")) for kind, body in walk(node) if kind == "FuncCall"}


def replace_column(node: Any, old: str, new: str) -> Any:
    """A copy of ``node`` where the unqualified column ``old`` reads ``new`` instead
    (copied with a list, not by recursion, as ``walk`` reads)."""
    copy = _copy(node)
    for kind, body in walk(copy):
        if kind == "ColumnRef":
            fields = body.get("fields", [])
            if len(fields) == 1 and fields[0].get("String", {}).get("sval") == old:
                body["fields"] = [{"String": {"sval": new}}]
    return copy


def _copy(node: Any) -> Any:
    """A deep copy of a tree of dicts and lists."""
    root: dict[str, Any] = {}
    pending: list[tuple[Any, Any]] = [({"": node}, root)]
    while pending:
        source, target = pending.pop()
        for key, value in source.items() if isinstance(source, dict) else enumerate(source):
            if isinstance(value, dict):
                target[key] = {}
            elif isinstance(value, list):
                target[key] = [None] * len(value)
            else:
                target[key] = value
                continue
            pending.append((value, target[key]))
    return root[""]


class _AsWrittenStream(RawStream):
    """pglast's deparser, keeping SQL-syntax calls (``NORMALIZE(x, NFKC)``,
    ``x AT TIME ZONE 'utc'``) in that syntax and explicit calls explicit: PostgreSQL
    stores the two forms differently, and the catalog shows the difference."""

    def get_printer_for_function(self, name, node=None):
        printer = get_special_function(name)
        if printer is None or node is None:
            return None
        if node.funcformat != enums.CoercionForm.COERCE_SQL_SYNTAX:
            return None
        return printer if sfuncs.can_use_special_syntax(printer, node) else None


def deparse(node: Node) -> str:
    """The SQL text of an expression node, as pglast's deparser writes it."""
    return _AsWrittenStream()(_to_pglast(node))


_LOCATION = re.compile(r'"location": -?\d+')
# Bounded by entries and by the keys' total length (a key is an expression's tree).
_WRITTEN: TextMap[str | None] = TextMap(entries=10_000, characters=4_000_000)
_NOT_WRITTEN: Any = object()


def write_back(node: Node) -> str | None:
    """The expression as SQL text, or None when it cannot be written back as exactly one
    valid expression. Remembered by shape: a dump repeats ``now()`` a thousand times."""
    try:
        key = _LOCATION.sub("", json.dumps(node))
    except RecursionError:  # far deeper than any expression the designer keeps
        return None
    text: str | None = _WRITTEN.get(key, _NOT_WRITTEN)
    if text is not _NOT_WRITTEN:
        return text
    try:
        text = deparse(node)
    except Exception:  # pglast's deparser refuses a few exotic nodes (or recurses too deep)
        text = None
    if text is not None and expression_problem(text) is not None:
        text = None
    _WRITTEN.put(key, text)
    return text


# --- libpg_query JSON -> pglast nodes -------------------------------------------------

_CONSTANTS = {
    "ival": ("Integer", 0),
    "fval": ("Float", None),
    "sval": ("String", None),
    "boolval": ("Boolean", False),
    "bsval": ("BitString", None),
}
_INTEGER_C_TYPES = frozenset(
    {"int", "int16", "int32", "int64", "long", "uint32", "bits32", "Oid", "Index",
     "AttrNumber", "ParseLoc", "SubTransactionId", "RelFileNumber", "Cost", "double"}
)  # fmt: skip


@lru_cache(maxsize=512)  # keyed by pglast's node classes: about 250 of them
def _slots(kind: str) -> tuple[tuple[str, str, str], ...]:
    """(attribute, JSON key, C type) of each field of a pglast node class."""
    return tuple(
        (attribute, attribute.removesuffix("_"), info.c_type)
        for attribute, info in getattr(ast, kind).__slots__.items()
    )


def _to_pglast(node: Any, hint: str | None = None) -> Any:
    if isinstance(node, list):
        return tuple(_to_pglast(item) for item in node)
    if not isinstance(node, dict):
        return node
    if not node:
        return None
    if len(node) == 1:
        ((kind, body),) = node.items()
        if kind == "List":
            return _to_pglast(body.get("items", []))
        if kind[:1].isupper() and isinstance(body, dict) and hasattr(ast, kind):
            return _pglast_node(kind, body)
    if hint is None:
        raise ValueError(f"cannot read the parse tree node {node!r:.80}")
    return _pglast_node(hint, node)


def _pglast_node(kind: str, body: Node) -> ast.Node:
    if kind == "A_Const":
        return _constant(body)
    if kind == "TypeName":
        body = _qualified_keyword_type(body)
    fields: dict[str, Any] = {"@": kind}
    for attribute, key, c_type in _slots(kind):
        if key in body:
            value = body[key]
            if isinstance(value, dict | list):
                target = c_type.removesuffix("*")
                hint = target if c_type.endswith("*") and hasattr(ast, target) else None
                value = _to_pglast(value, hint)
            fields[attribute] = value
        else:
            fields[attribute] = _default(c_type)
    # A node without fields (A_Star) takes no arguments.
    return getattr(ast, kind)(fields) if len(fields) > 1 else getattr(ast, kind)()


def _qualified_keyword_type(body: Node) -> Node:
    """``"bit"`` (quoted: the type itself) as ``pg_catalog.bit``: pglast would print it
    bare, and a bare ``bit`` is the SQL keyword, which means ``bit(1)``."""
    names = body.get("names", [])
    if len(names) == 1 and names[0].get("String", {}).get("sval") in QUOTED_KEYWORDS:
        return {**body, "names": [{"String": {"sval": "pg_catalog"}}, *names]}
    return body


def _default(c_type: str) -> Any:
    """The value libpg_query leaves out of its JSON for a field of this C type."""
    if c_type == "bool":
        return False
    if c_type == "char":
        return "\x00"
    if c_type in _INTEGER_C_TYPES:
        return 0
    enum = getattr(enums, c_type, None)
    return enum(0) if enum is not None else None


def _constant(body: Node) -> ast.A_Const:
    for key, (kind, default) in _CONSTANTS.items():
        if key in body:
            value = body[key].get(key, default)
            return ast.A_Const(isnull=False, val=getattr(ast, kind)(value))
    return ast.A_Const(isnull=True)
