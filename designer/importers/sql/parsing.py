"""PostgreSQL's own parser (pglast's libpg_query) on a whole script.

The script is parsed once with ``parse_sql_json``: libpg_query writes the parse tree as
JSON in C and ``json.loads`` turns it into plain dicts, several times faster on a big
dump than building pglast's Python node objects (``benchmarks/import_schema.py``
measures both). A syntax error becomes ``SqlSyntaxError`` with the line, the column and
the offending text; a text that is not SQL at all gets its own message.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pglast import parser

from ..summary import ImportFailure, SqlSyntaxError

# The words an SQL statement can start with; a file starting otherwise is not SQL.
_COMMANDS = frozenset(
    """
    ABORT ALTER ANALYZE ANALYSE BEGIN CALL CHECKPOINT CLOSE CLUSTER COMMENT COMMIT COPY
    CREATE DEALLOCATE DECLARE DELETE DISCARD DO DROP END EXECUTE EXPLAIN FETCH GRANT IMPORT
    INSERT LISTEN LOAD LOCK MERGE MOVE NOTIFY PREPARE REASSIGN REFRESH REINDEX RELEASE
    RESET REVOKE ROLLBACK SAVEPOINT SECURITY SELECT SET SHOW START TABLE TRUNCATE UNLISTEN
    UPDATE VACUUM VALUES WITH
    """.split()  # noqa: SIM905 - a word list reads better than 56 quoted strings
)
_LEADING_NOISE = re.compile(r"(?:\s+|--[^\n]*|/\*.*?\*/)*", re.DOTALL)
_FIRST_WORD = re.compile(r"[A-Za-z_]+|\S")


@dataclass(frozen=True)
class Statement:
    """One parsed statement: its kind, its parse tree and where it is in the script."""

    kind: str  # the node name: CreateStmt, IndexStmt ...
    node: dict[str, Any]
    line: int
    text: str

    @property
    def summary(self) -> str:
        """The statement's first line, shortened, to name it in a summary."""
        first = " ".join(self.text.split())
        return first if len(first) <= 60 else first[:57] + "..."


def parse_script(text: str) -> list[Statement]:
    """The statements of ``text``, or SqlSyntaxError / ImportFailure."""
    try:
        tree = json.loads(parser.parse_sql_json(text))
    except parser.ParseError as error:
        raise _syntax_error(error, text) from None
    statements = tree.get("stmts", [])
    if not statements:
        raise ImportFailure("the file contains no SQL statements (only comments or blanks)")
    encoded = text.encode()
    result = []
    newlines = counted = 0  # newlines before ``counted``, kept as we go: one pass
    for raw in statements:
        start = raw.get("stmt_location", 0)
        length = raw.get("stmt_len") or len(encoded) - start
        ((kind, node),) = raw["stmt"].items()
        body = encoded[start : start + length].decode(errors="replace")
        leading = _LEADING_NOISE.match(body).end()
        newlines += encoded.count(b"\n", counted, start)
        counted = start
        result.append(
            Statement(
                kind=kind,
                node=node,
                line=newlines + body.count("\n", 0, leading) + 1,
                text=body[leading:].rstrip(),
            )
        )
    return result


def _syntax_error(error: parser.ParseError, text: str) -> ImportFailure:
    message = str(error.args[0]) if error.args else "syntax error"
    location = error.args[1] if len(error.args) > 1 else None
    if not isinstance(location, int) or not 0 <= location <= len(text):
        location = len(text.rstrip())
    if not_sql := _not_sql(text, location):
        return not_sql
    line_start = text.rfind("\n", 0, location) + 1
    line_end = text.find("\n", location)
    offending = text[location : len(text) if line_end < 0 else line_end].strip()
    if len(offending) > 40:
        offending = offending[:37] + "..."
    return SqlSyntaxError(
        message,
        line=text.count("\n", 0, location) + 1,
        column=location - line_start + 1,
        text=offending or "end of input",
    )


def _not_sql(text: str, location: int) -> ImportFailure | None:
    """A clear refusal when the parser stopped at the first word of a non-SQL file."""
    start = _LEADING_NOISE.match(text).end()
    first = _FIRST_WORD.match(text, start)
    if first is None or location > first.end():
        return None
    word = first.group()
    if word.upper() in _COMMANDS or word.startswith("("):
        return None
    return ImportFailure(f"the file does not look like SQL: it starts with {word!r}")
