"""A server default as Alembic's autogenerate can compare it with the database's.

``compare_server_default`` on PostgreSQL compares the metadata's default text with the
text PostgreSQL reports for the column (``pg_get_expr``), and when the two differ it asks
the server ``SELECT <reported> = <metadata's>``. That question fails outright for a type
without an equality operator (``json``, ``xml``: "operator does not exist") and answers
"different" for a ``nextval`` (each side draws a new number, and so moves the sequence).
So those defaults are written here in the form PostgreSQL reports them -- a default
PostgreSQL stores exactly as it stores the DDL's, so the catalog is the same:

- ``nextval('s'::regclass)`` / ``nextval(CAST('public.s' AS regclass))`` →
  ``nextval('s')``: the name as ``regclass`` prints it (Alembic compares it without the
  ``::regclass`` it removes from the database's text);
- the legacy ``nextval('s'::text)`` (the name looked up at each call) →
  ``nextval(('s'::text)::regclass)``, as PostgreSQL prints it;
- a string literal on a ``json`` or ``xml`` column (or an array of them), bare or cast
  to that type in any spelling (``CAST('{}' AS pg_catalog.json)``) → ``'{}'::json``.

Any other default is written as the design says it.
"""

from __future__ import annotations

import re
from typing import Any

from designer.schema.expressions import ExpressionError, expression_tree
from designer.schema.model import ColumnType
from designer.schema.sqltext import quote_ident, quote_literal

# Types without an equality operator that a registry column can have.
_WITHOUT_EQUALITY = frozenset({"json", "xml"})
_NAME_PART = re.compile(r'"((?:[^"]|"")*)"|([^."]+)')


def server_default_text(sql: str, column_type: ColumnType) -> str:
    """``sql`` as the column's ``server_default`` says it (see the module's docstring)."""
    try:
        tree = expression_tree(sql)
    except ExpressionError:
        return sql
    sequence = _nextval_argument(tree)
    if sequence is not None:
        name, cast = sequence
        if cast == "regclass":
            shown = _regclass_output(name)
            return f"nextval({quote_literal(shown)})" if shown else sql
        if cast == "text":
            return f"nextval(({quote_literal(name)}::text)::regclass)"
        return sql
    if column_type.domain is None and column_type.base in _WITHOUT_EQUALITY:
        text = _literal_of(tree, column_type)
        if text is not None:
            suffix = "[]" if column_type.array else ""
            return f"{quote_literal(text)}::{column_type.base}{suffix}"
    return sql


def _literal_of(tree: dict[str, Any], column_type: ColumnType) -> str | None:
    """The text of a string literal, bare or cast to the column's own type."""
    if "TypeCast" in tree:
        type_name = tree["TypeCast"]["typeName"]
        names = [part["String"]["sval"] for part in type_name["names"]]
        if names not in ([column_type.base], ["pg_catalog", column_type.base]):
            return None
        if bool(type_name.get("arrayBounds")) != column_type.array:
            return None
        tree = tree["TypeCast"]["arg"]
    constant = tree.get("A_Const", {})
    return constant["sval"]["sval"] if "sval" in constant else None


def _nextval_argument(tree: dict[str, Any]) -> tuple[str, str] | None:
    """(the sequence's name as written, the cast on it) of ``nextval('...'::cast)``."""
    call = tree.get("FuncCall")
    if call is None or len(call.get("args", ())) != 1:
        return None
    function = [part["String"]["sval"] for part in call["funcname"]]
    if function not in (["nextval"], ["pg_catalog", "nextval"]):
        return None
    argument = call["args"][0]
    cast = "regclass"  # a bare literal is read as a regclass
    if "TypeCast" in argument:
        names = [part["String"]["sval"] for part in argument["TypeCast"]["typeName"]["names"]]
        if argument["TypeCast"]["typeName"].get("arrayBounds"):
            return None
        cast = names[-1] if names[:-1] in ([], ["pg_catalog"]) else ""
        argument = argument["TypeCast"]["arg"]
    constant = argument.get("A_Const", {})
    if "sval" not in constant:
        return None
    return constant["sval"]["sval"], cast


def _regclass_output(name: str) -> str | None:
    """How PostgreSQL prints the ``regclass`` of ``name`` (read as the input function
    reads it: unquoted parts folded to lower case) with ``public`` on the search path:
    without ``public.``, each part quoted where it must be; None when unreadable."""
    parts = []
    position = 0
    while True:
        found = _NAME_PART.match(name, position)
        if found is None:
            return None
        quoted, plain = found.groups()
        parts.append(quoted.replace('""', '"') if quoted is not None else plain.strip().lower())
        position = found.end()
        if position == len(name):
            break
        if name[position] != ".":
            return None
        position += 1
    if not 1 <= len(parts) <= 2 or not all(parts):
        return None
    if len(parts) == 2 and parts[0] == "public":
        parts = parts[1:]
    return ".".join(quote_ident(part) for part in parts)
