"""From uploaded bytes to SQL text PostgreSQL's parser can read.

Two steps: ``decode`` refuses what is not SQL text (empty, binary, not UTF-8, a
pg_dump archive) with a clear message; ``blank_psql_parts`` blanks what only psql
understands — meta-commands such as pg_dump's ``\\restrict`` / ``\\unrestrict`` and the
data lines after ``COPY ... FROM stdin;`` — with spaces, so that every remaining
character keeps its line and column for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..summary import ImportFailure

# C0 control characters other than tab, newline, vertical tab, form feed and carriage
# return never appear in SQL text.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAGIC = {
    b"PGDMP": "a pg_dump archive in custom format: turn it into SQL with "
    "`pg_restore --schema-only -f schema.sql FILE` and import that",
    b"\x1f\x8b": "gzip-compressed: decompress it and import the .sql file",
    b"PK\x03\x04": "a zip archive: extract the .sql file and import that",
}


def decode(data: str | bytes) -> str:
    """The text of an uploaded SQL file, or ImportFailure saying why it is not one."""
    if isinstance(data, bytes):
        for magic, what in _MAGIC.items():
            if data.startswith(magic):
                raise ImportFailure(f"the file is {what}")
        if b"\x00" in data:
            raise ImportFailure("the file is binary (it contains NUL bytes), not SQL text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFailure(
                f"the file is not UTF-8 text (byte {error.start + 1} cannot be decoded); "
                "save it as UTF-8 and try again"
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFailure("the file is empty")
    if match := _CONTROL.search(text):
        line = text.count("\n", 0, match.start()) + 1
        raise ImportFailure(
            f"the file is binary, not SQL text (control character {match.group()!r} on line {line})"
        )
    return text


@dataclass
class PsqlParts:
    """What ``blank_psql_parts`` took out of a script."""

    meta_commands: int = 0
    copy_sections: int = 0


# The places where the lexical state can change; one character class, so that the
# regular expression engine jumps over ordinary text.
_SPECIAL = re.compile(r"""[-/'"$;\\]""")
_DOLLAR_TAG = re.compile(r"\$(?:[^\W\d]\w*)?\$")
_LINE_START = re.compile(r"[ \t]*")
_COPY_FROM_STDIN = re.compile(r"copy\b[^;]*\bfrom\s+stdin\b", re.IGNORECASE)
_SPACES = re.compile(r"\s*")
_DOLLAR_AFTER_WORD = re.compile(r"[\w$]")


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _is_escape_string(text: str, quote: int) -> bool:
    """Whether the literal opening at ``quote`` is an E'...' string (backslash escapes)."""
    if quote == 0 or text[quote - 1] not in "eE":
        return False
    return quote == 1 or not (text[quote - 2].isalnum() or text[quote - 2] in "_$")


def _end_of_block_comment(text: str, start: int) -> int:
    """The index after the ``*/`` closing the (nestable) comment opened at ``start``."""
    depth, position = 0, start
    while True:
        opening = text.find("/*", position)
        closing = text.find("*/", position)
        if closing < 0:
            return len(text)
        if 0 <= opening < closing:
            depth += 1
            position = opening + 2
        else:
            depth -= 1
            position = closing + 2
            if depth == 0:
                return position


def _end_of_quoted(text: str, start: int, quote: str, backslashes: bool) -> int:
    """The index after the closing ``quote`` of a literal opened at ``start``."""
    position = start + 1
    while True:
        found = text.find(quote, position)
        if found < 0:
            return len(text)
        if backslashes:
            escapes = len(text[position:found]) - len(text[position:found].rstrip("\\"))
            if escapes % 2:
                position = found + 1
                continue
        if text.startswith(quote * 2, found):
            position = found + 2
            continue
        return found + 1


def blank_psql_parts(text: str) -> tuple[str, PsqlParts]:
    """``text`` with psql meta-commands and COPY data blanked, and what was blanked.

    Only what sits outside literals, quoted names, comments and dollar-quoted bodies
    counts: a backslash at the start of a line inside a function body is left alone.
    """
    if "\\" not in text:
        return text, PsqlParts()
    parts = PsqlParts()
    pieces: list[str] = []
    done = statement_start = position = 0
    while (match := _SPECIAL.search(text, position)) is not None:
        start = match.start()
        char = text[start]
        position = start + 1
        if char == "-" and text.startswith("--", start):
            newline = text.find("\n", start)
            position = len(text) if newline < 0 else newline
        elif char == "/" and text.startswith("/*", start):
            position = _end_of_block_comment(text, start)
        elif char in "'\"":
            escapes = char == "'" and _is_escape_string(text, start)
            position = _end_of_quoted(text, start, char, backslashes=escapes)
        elif char == "$":
            position = _end_of_dollar_quote(text, start)
        elif char == "\\" and _at_line_start(text, start):
            newline = text.find("\n", start)
            end = len(text) if newline < 0 else newline
            pieces += [text[done:start], _blank(text[start:end])]
            done = position = end
            parts.meta_commands += 1
        elif char == ";":  # the end of a statement; COPY ... FROM stdin is followed by data
            if _COPY_FROM_STDIN.match(text, _first_word(text, statement_start, start), start):
                end = _end_of_copy_data(text, position)
                pieces += [text[done:position], _blank(text[position:end])]
                done = position = end
                parts.copy_sections += 1
            statement_start = position
    pieces.append(text[done:])
    return "".join(pieces), parts


def _at_line_start(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return _LINE_START.fullmatch(text, line_start, position) is not None


def _end_of_dollar_quote(text: str, start: int) -> int:
    """After a $tag$...$tag$ body opening at ``start`` (or just after a lone ``$``)."""
    match = _DOLLAR_TAG.match(text, start)
    if match is None or (start and _DOLLAR_AFTER_WORD.match(text[start - 1])):
        return start + 1  # $1, or a $ inside a name: not a quote
    closing = text.find(match.group(), match.end())
    return len(text) if closing < 0 else closing + len(match.group())


def _first_word(text: str, start: int, end: int) -> int:
    """Where a statement starts after the blanks, comments and meta-commands before it."""
    position = start
    while position < end:
        position = _SPACES.match(text, position).end()
        if text.startswith("--", position) or text.startswith("\\", position):
            newline = text.find("\n", position)
            position = end if newline < 0 else newline
        elif text.startswith("/*", position):
            position = _end_of_block_comment(text, position)
        else:
            break
    return position


_END_OF_DATA = re.compile(r"^\\\.[ \t\r]*$", re.MULTILINE)


def _end_of_copy_data(text: str, start: int) -> int:
    """The index after the ``\\.`` line ending the COPY data that follows ``start``."""
    match = _END_OF_DATA.search(text, start)
    return len(text) if match is None else match.end()
