"""Python source as ``ruff format`` writes it: literals, and expressions laid out to fit.

The generated module must pass ``ruff format --check`` without running ruff, so the
layout follows the formatter's rules for the shapes the generator writes: an expression
goes on one line when it fits in ``LINE_LENGTH`` columns; otherwise its outermost
brackets open and every item goes on its own line with a trailing comma (which the
formatter keeps: a "magic trailing comma"), recursively. A string too long for its line
goes in parentheses on a line of its own, cut into an implicit concatenation of pieces
(at spaces where it can) when even that line is too short.

String literals are written the way the formatter normalises them (double quotes unless
that needs more escapes) and keep to characters ``ruff check`` does not flag as
confusable (RUF001): ASCII, Latin letters and CJK ideographs; anything else is escaped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

LINE_LENGTH = 100
INDENT = "    "

# Letters ruff's confusables table leaves alone (probed with ruff 0.17): Latin-1 and
# Latin Extended-A letters but for a few look-alikes, and the CJK ideographs.
_CONFUSABLE_LATIN = frozenset("\u00d7\u00f7\u0131\u017f")
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _kept(char: str) -> bool:
    """Whether ``char`` may appear as itself inside a generated string literal."""
    code = ord(char)
    if 0x20 <= code < 0x7F:
        return True
    if char in _CONFUSABLE_LATIN:
        return False
    return 0xC0 <= code <= 0x17F or 0x4E00 <= code <= 0x9FFF


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def width(text: str) -> int:
    """Columns ``text`` takes in an editor (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def string(value: str) -> str:
    """``value`` as a Python string literal, as ``ruff format`` would leave it."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    if "\\" in value and _raw_friendly(value, quote):
        return f"r{quote}{value}{quote}"
    if value.isascii() and value.isprintable() and quote not in value and "\\" not in value:
        return f"{quote}{value}{quote}"  # the common case, without a look at each character
    body = "".join(
        ("\\" + char)
        if char == quote
        else (char if char != "\\" and _kept(char) else _escape(char))
        for char in value
    )
    return f"{quote}{body}{quote}"


def _raw_friendly(value: str, quote: str) -> bool:
    """Whether a raw literal says ``value`` exactly (regular expressions read better)."""
    return (
        quote not in value
        and not value.endswith("\\")
        and all(0x20 <= ord(char) < 0x7F for char in value)
    )


def docstring_safe(text: str) -> bool:
    """Whether ``text`` reads the same as a docstring without any escaping."""
    return (
        bool(text)
        and all(_kept(char) for char in text)
        and "\\" not in text
        and '"' not in text
        and text == text.strip()
    )


# --- expressions ----------------------------------------------------------------------


class Node:
    """An expression that knows its one-line form and how to break over lines."""

    def flat(self) -> str:
        raise NotImplementedError

    def lines(self, prefix: str, indent: str, suffix: str) -> list[str]:
        """The expression after ``prefix`` and before ``suffix``, broken if it must be."""
        text = prefix + self.flat() + suffix
        return [text] if width(text) <= LINE_LENGTH else self.broken(prefix, indent, suffix)

    def broken(self, prefix: str, indent: str, suffix: str) -> list[str]:
        return [prefix + self.flat() + suffix]


@dataclass(frozen=True)
class Atom(Node):
    """Text that never breaks: a name, a number, a short literal."""

    text: str

    def flat(self) -> str:
        return self.text


@dataclass(frozen=True)
class Str(Node):
    """A string literal; too long for its line, it becomes ``("...")`` or ``("..." "...")``."""

    value: str

    def flat(self) -> str:
        return string(self.value)

    def broken(self, prefix: str, indent: str, suffix: str) -> list[str]:
        # In parentheses on lines of their own: whole when it fits there (the formatter
        # joins pieces that would), else in pieces that each fit.
        inner = indent + INDENT
        room = LINE_LENGTH - width(inner)
        pieces = [self.value] if width(self.flat()) <= room else _pieces(self.value, room)
        return [prefix + "(", *(inner + string(piece) for piece in pieces), indent + ")" + suffix]


def _pieces(value: str, room: int) -> list[str]:
    """``value`` cut into pieces whose literals fit in ``room`` columns, after spaces
    where it can be, between any two characters where a word alone is too long."""
    pieces: list[str] = []
    current = ""
    for token in re.findall(r"[^ ]* *", value):
        if width(string(current + token)) <= room:
            current += token
            continue
        if current:
            pieces.append(current)
            current = ""
        for char in token:
            if current and width(string(current + char)) > room:
                pieces.append(current)
                current = ""
            current += char
    if current:
        pieces.append(current)
    return pieces


@dataclass(frozen=True)
class Arg:
    """One argument of a call: positional (``keyword`` is None) or by keyword."""

    value: Node
    keyword: str | None = None

    def head(self) -> str:
        return f"{self.keyword}=" if self.keyword else ""


@dataclass(frozen=True)
class Call(Node):
    function: str
    args: tuple[Arg, ...] = ()

    def flat(self) -> str:
        inside = ", ".join(arg.head() + arg.value.flat() for arg in self.args)
        return f"{self.function}({inside})"

    def broken(self, prefix: str, indent: str, suffix: str) -> list[str]:
        if not self.args:
            return [prefix + self.flat() + suffix]
        inner = indent + INDENT
        lines = [prefix + self.function + "("]
        for arg in self.args:
            lines += arg.value.lines(inner + arg.head(), inner, ",")
        return [*lines, indent + ")" + suffix]


@dataclass(frozen=True)
class Items(Node):
    """A list, tuple or dict display (dict entries are ``Pair`` nodes)."""

    opening: str
    closing: str
    items: tuple[Node, ...]

    def flat(self) -> str:
        inside = ", ".join(item.flat() for item in self.items)
        if self.opening == "(" and len(self.items) == 1:
            inside += ","
        return f"{self.opening}{inside}{self.closing}"

    def broken(self, prefix: str, indent: str, suffix: str) -> list[str]:
        if not self.items:
            return [prefix + self.flat() + suffix]
        inner = indent + INDENT
        lines = [prefix + self.opening]
        for item in self.items:
            lines += item.lines(inner, inner, ",")
        return [*lines, indent + self.closing + suffix]


@dataclass(frozen=True)
class Pair(Node):
    """``key: value`` inside a dict display."""

    key: Node
    value: Node

    def flat(self) -> str:
        return f"{self.key.flat()}: {self.value.flat()}"

    def broken(self, prefix: str, indent: str, suffix: str) -> list[str]:
        return self.value.lines(prefix + self.key.flat() + ": ", indent, suffix)


def call(function: str, *positional: Node, **keywords: Node | None) -> Call:
    """A call; keyword arguments that are None are left out."""
    args = [Arg(value) for value in positional]
    args += [Arg(value, name) for name, value in keywords.items() if value is not None]
    return Call(function, tuple(args))


def tuple_of(items: Sequence[Node]) -> Items:
    return Items("(", ")", tuple(items))


def list_of(items: Sequence[Node]) -> Items:
    return Items("[", "]", tuple(items))


def dict_of(pairs: Sequence[tuple[str, Node]]) -> Items:
    return Items("{", "}", tuple(Pair(Str(key), value) for key, value in pairs))


# --- statements -----------------------------------------------------------------------


def statement(target: str, value: Node, indent: str = "") -> list[str]:
    """``target = value`` (``target`` may carry an annotation), laid out to fit."""
    return value.lines(f"{indent}{target} = ", indent, "")


def expression_statement(value: Node, indent: str = "") -> list[str]:
    return value.lines(indent, indent, "")


def docstring(text: str, indent: str) -> list[str]:
    """A docstring: one line when it fits, else wrapped with the quotes on their own line."""
    one_line = f'{indent}"""{text}"""'
    if width(one_line) <= LINE_LENGTH:
        return [one_line]
    room = LINE_LENGTH - width(indent)
    lines: list[str] = []
    current = '"""'
    for word in text.split():
        candidate = f"{current} {word}" if current != '"""' else current + word
        if width(candidate) > room and current != '"""':
            lines.append(current)
            current = word
        else:
            current = candidate
    lines += [current, '"""']
    return [indent + line for line in lines]
