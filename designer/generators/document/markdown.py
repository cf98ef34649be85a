"""Markdown pieces that user text cannot break: inline text, code spans, fences, tables.

The document is read raw (in an editor, on a code host) and rendered by Python-Markdown
with the ``tables`` and ``fenced_code`` extensions (the review page). User text — names,
descriptions, rationales, SQL — is therefore written so that it can neither inject HTML
nor end a code block, a table cell or a line early:

- ``text(value)``: one line; ``&``, ``<`` and ``>`` as entities, Markdown's own
  characters (``\\`` `````` ``*`` ``_`` ``[`` ``]`` ``|`` ...) backslash-escaped;
- ``code(value)``: an inline code span fenced by more backticks than the value holds
  (inside a code span Markdown escapes HTML itself);
- ``fence(value, language)``: a fenced block whose fence is longer than any run of
  backticks in the value;
- ``table(headers, rows)``: cells are Markdown already (from ``text`` / ``code``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# What Python-Markdown reads specially inside a line (an underscore only at a word's
# edge); the rest of its escapable characters (- . + # ! ...) only matter at the start of
# a line, where user text never is.
_SPECIAL = re.compile(r"[\\`*\[\]|]")
_LOOSE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# Unicode's control characters (Cc) and line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BACKTICKS = re.compile(r"`+")
# What ``one_line`` changes: control characters, whitespace other than one space
# (``\s`` is ``str.isspace``, what ``str.split`` splits on), and spaces at either end.
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]|[^\\S ]|  |^ | $")


def one_line(value: str) -> str:
    """``value`` on one line: line breaks and other control characters become spaces."""
    if not _NOT_ONE_LINE.search(value):
        return value
    return " ".join(_CONTROL.sub(" ", value).split())


def text(value: str) -> str:
    """User text as inline Markdown that renders exactly as written."""
    line = one_line(value)
    line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    line = _SPECIAL.sub(r"\\\g<0>", line)
    # snake_case stays readable: an underscore inside a word is never emphasis.
    return _LOOSE_UNDERSCORE.sub(r"\\_", line)


def code(value: str) -> str:
    """An inline code span holding ``value`` (on one line) exactly."""
    value = one_line(value) if value.strip() else value
    if "`" not in value:
        return f"`{value}`"
    longest = max((len(run) for run in _BACKTICKS.findall(value)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{ticks}{pad}{value}{pad}{ticks}"


def fence(value: str, language: str = "") -> str:
    """A fenced code block; no line of ``value`` can close it."""
    runs = _BACKTICKS.findall(value) if "`" in value else ()
    longest = max((len(run) for run in runs), default=0)
    ticks = "`" * max(3, longest + 1)
    body = value if value.endswith("\n") else value + "\n"
    return f"{ticks}{language}\n{body}{ticks}"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A pipe table; each cell is Markdown already (``text`` / ``code``)."""
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def heading(level: int, title: str) -> str:
    return f"{'#' * level} {title}"
