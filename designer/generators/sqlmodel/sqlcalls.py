"""SQL text inside the generated Python: ``sa.text(...)`` and ``sa.DDL(...)`` calls.

Both read their string: ``sa.text`` takes ``:name`` for a bound parameter, so a colon
that starts a word is escaped (``\\:``); ``sa.DDL`` fills ``%(table)s``-style
placeholders, so a literal ``%`` is doubled. The SQL reaching PostgreSQL is the text
the DDL generator writes.
"""

from __future__ import annotations

import re

from .code import Node, Str, call

# The pattern SQLAlchemy's TextClause reads as a bound parameter.
_BIND = re.compile(r"(?<![:\w\\]):(?=\w)")


def sql_text(sql: str) -> Node:
    """``sa.text("...")`` that renders exactly ``sql``."""
    return call("sa.text", Str(_BIND.sub(r"\\:", sql)))


def check_text(sql: str) -> Node:
    """The text of a CHECK constraint (SQLAlchemy reads a string there as ``sa.text``)."""
    return Str(_BIND.sub(r"\\:", sql))


def ddl_text(statement: str) -> Node:
    """``sa.DDL("...")`` that runs exactly ``statement``."""
    return call("sa.DDL", Str(statement.replace("%", "%%")))
