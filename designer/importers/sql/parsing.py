"""PostgreSQL's own parser (pglast's libpg_query) on a whole script.

The script is parsed with ``parse_sql_json``, a chunk of statements at a time
(``CHUNK_CHARS``): libpg_query writes the parse tree as
JSON in C and ``json.loads`` turns it into plain dicts, several times faster on a big
dump than building pglast's Python node objects (``benchmarks/import_schema.py``
measures both). A syntax error becomes ``SqlSyntaxError`` with the line, the column and
the offending text; a text that is not SQL at all gets its own message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pglast import parser

from designer.schema.limits import MAX_EXPRESSION_DEPTH

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


# A script is parsed about this many characters at a time, each chunk ending after a
# statement's semicolon: the parse tree of a whole 20 MB dump would hold 600 MB of dicts
# at once; a chunk's goes once its statements are read. The statements, their lines and
# the errors are those of the whole script parsed at once (tests/importers/
# test_large_import.py); the offsets inside a statement's nodes (``location``) count from
# its chunk's start, and the importer reads none of them.
CHUNK_CHARS = 1_000_000


def parse_script(text: str) -> Iterator[Statement]:
    """The statements of ``text`` in order, chunk by chunk; SqlSyntaxError or
    ImportFailure when the iteration reaches the chunk that has the error."""
    ends = _chunk_ends(text)
    start, end, count = 0, next(ends, len(text)), 0
    line = 1  # the line the chunk starts on
    while start < len(text):
        chunk = text[start:end]
        try:
            tree = json.loads(parser.parse_sql_json(chunk))
        except parser.ParseError as error:
            if end == len(text):
                raise _syntax_error(error, text, start) from None
            # The scanner cut a statement that holds semicolons (BEGIN ATOMIC ... END),
            # or the chunk has an error: parse on to the next cut. The parser stops at
            # its first error, so a retry costs no more than the text up to it.
            end = next(ends, len(text))
            continue
        except RecursionError:
            raise _too_deep(text) from None
        for statement in _statements(tree, chunk, line):
            count += 1
            yield statement
        line += chunk.count("\n")
        start, end = end, next(ends, len(text))
    if not count:
        raise ImportFailure("the file contains no SQL statements (only comments or blanks)")


def _chunk_ends(text: str) -> Iterator[int]:
    """Where the chunks of ``text`` end: after the semicolon of a statement, every
    CHUNK_CHARS characters or so (found by PostgreSQL's scanner)."""
    if len(text) <= CHUNK_CHARS:
        return
    try:
        pieces = parser.split(text, with_parser=False, only_slices=True)
    except parser.ParseError:
        return  # the parser will say what is wrong
    last = 0
    for piece in pieces:
        if piece.stop - last >= CHUNK_CHARS and text.startswith(";", piece.stop):
            last = piece.stop + 1
            yield last


def _statements(tree: dict[str, Any], text: str, first_line: int) -> Iterator[Statement]:
    """The statements of one chunk's parse tree (``text``: the chunk, starting on
    ``first_line`` of the script)."""
    encoded = text.encode()
    newlines, counted = first_line - 1, 0  # newlines before ``counted``, kept as we go
    for raw in tree.get("stmts", []):
        start = raw.get("stmt_location", 0)
        length = raw.get("stmt_len") or len(encoded) - start
        ((kind, node),) = raw["stmt"].items()
        body = encoded[start : start + length].decode(errors="replace")
        leading = _LEADING_NOISE.match(body).end()
        newlines += encoded.count(b"\n", counted, start)
        counted = start
        yield Statement(
            kind=kind,
            node=node,
            line=newlines + body.count("\n", 0, leading) + 1,
            text=body[leading:].rstrip(),
        )


def _too_deep(text: str) -> ImportFailure:
    """The statement Python's JSON reader could not read: its expressions nest deeper
    than Python recurses (thousands of ``a + a + ...``), far beyond what the designer
    keeps (``designer.schema.limits.MAX_EXPRESSION_DEPTH``)."""
    for piece in parser.split(text, with_parser=False, only_slices=True):
        try:
            json.loads(parser.parse_sql_json(text[piece]))
        except RecursionError:
            line = text.count("\n", 0, piece.start) + 1
            return ImportFailure(
                f"the statement at line {line} nests an expression too deeply to be read "
                f"(at most {MAX_EXPRESSION_DEPTH} levels of operators, calls or casts)"
            )
        except parser.ParseError:
            continue
    return ImportFailure("a statement nests an expression too deeply to be read")


def _syntax_error(error: parser.ParseError, text: str, offset: int = 0) -> ImportFailure:
    """The error of the parser on ``text[offset:]``, placed in ``text``."""
    message = str(error.args[0]) if error.args else "syntax error"
    location = error.args[1] if len(error.args) > 1 else None
    if isinstance(location, int) and 0 <= location <= len(text) - offset:
        location += offset
    else:
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
