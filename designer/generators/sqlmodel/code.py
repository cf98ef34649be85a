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
from dataclasses import dataclass, field
from functools import lru_cache

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


kept = _kept  # for the other writers of literals (render.py's triple-quoted SQL)


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
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'  # the common case, without a look at each character
    quote = "'" if value.count('"') > value.count("'") else '"'
    if "\\" in value and _raw_friendly(value, quote):
        return f"r{quote}{value}{quote}"
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
    printable_ascii = text.isascii() and text.isprintable()  # all kept: no look at each
    return (
        bool(text)
        and (printable_ascii or all(_kept(char) for char in text))
        and "\\" not in text
        and '"' not in text
        and text == text.strip()
    )


# --- expressions ----------------------------------------------------------------------


class Node:
    """An expression that knows its one-line form and how to break over lines.

    A node is made from the inside out and never changes afterwards, so it writes its
    one-line form (``text``) once, when it is made, from its parts' forms: laying out a
    deep expression never formats a part twice. Nodes are slotted dataclasses without
    ``frozen`` (which costs an ``object.__setattr__`` per field, and a module has tens
    of thousands of nodes) and compare by identity; nothing looks them up by value.
    """

    __slots__ = ()
    text: str

    def lines(self, prefix: str, indent: str, suffix: str) -> list[str]:
        """The expression after ``prefix`` and before ``suffix``, broken if it must be."""
        text = prefix + self.text + suffix
        # No character is narrower than one column: a longer text never fits.
        if len(text) <= LINE_LENGTH and (text.isascii() or width(text) <= LINE_LENGTH):
            return [text]
        return self.broken(prefix, indent, suffix)

    def broken(self, prefix: str, indent: str, suffix: str) -> list[str]:
        return [prefix + self.text + suffix]


@dataclass(slots=True, eq=False)
class Atom(Node):
    """Text that never breaks: a name, a number, a short literal."""

    text: str

    def lines(self, prefix: str, indent: str, suffix: str) -> list[str]:
        return [prefix + self.text + suffix]  # one line, however long: nothing to measure


NONE = Atom("None")
TRUE = Atom("True")
FALSE = Atom("False")


@dataclass(slots=True, eq=False)
class Str(Node):
    """A string literal; too long for its line, it becomes ``("...")`` or ``("..." "...")``."""

    value: str
    text: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.text = string(self.value)

    def broken(self, prefix: str, indent: str, suffix: str) -> list[str]:
        # In parentheses on lines of their own: whole when it fits there (the formatter
        # joins pieces that would), else in pieces that each fit.
        inner = indent + INDENT
        room = LINE_LENGTH - width(inner)
        pieces = [self.value] if width(self.text) <= room else _pieces(self.value, room)
        return [prefix + "(", *(inner + string(piece) for piece in pieces), indent + ")" + suffix]


@dataclass(slots=True, eq=False)
class Text(Node):
    """A string of several lines (SQL text); too long for its line, it becomes
    ``("line\\n" "line\\n" ...)``: one piece per line of the text, each cut further only
    where it is still too long, so that the text keeps its shape in the source."""

    value: str
    text: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.text = string(self.value)

    def broken(self, prefix: str, indent: str, suffix: str) -> list[str]:
        inner = indent + INDENT
        room = LINE_LENGTH - width(inner)
        pieces: list[str] = []
        for line in self.value.splitlines(keepends=True):
            pieces += [line] if width(string(line)) <= room else _pieces(line, room)
        return [prefix + "(", *(inner + string(piece) for piece in pieces), indent + ")" + suffix]


@lru_cache(maxsize=4096)
def literal(value: str) -> Str:
    """``Str(value)``, shared: the same names recur all over a module (a column name in
    every table that has it, the keys of ``sa_column_kwargs``), and a node never changes."""
    return Str(value)


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


@dataclass(slots=True, eq=False)
class Arg:
    """One argument of a call: positional (``keyword`` is None) or by keyword."""

    value: Node
    keyword: str | None = None
    head: str = field(init=False, repr=False)  # ``keyword=``, or nothing

    def __post_init__(self) -> None:
        self.head = f"{self.keyword}=" if self.keyword else ""


@dataclass(slots=True, eq=False)
class Call(Node):
    function: str
    args: tuple[Arg, ...] = ()
    text: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        inside = ", ".join([arg.head + arg.value.text for arg in self.args])
        self.text = f"{self.function}({inside})"

    def broken(self, prefix: str, indent: str, suffix: str) -> list[str]:
        if not self.args:
            return [prefix + self.text + suffix]
        inner = indent + INDENT
        lines = [prefix + self.function + "("]
        for arg in self.args:
            lines += arg.value.lines(inner + arg.head, inner, ",")
        return [*lines, indent + ")" + suffix]


@dataclass(slots=True, eq=False)
class Items(Node):
    """A list, tuple or dict display (dict entries are ``Pair`` nodes)."""

    opening: str
    closing: str
    items: tuple[Node, ...]
    text: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        inside = ", ".join([item.text for item in self.items])
        if self.opening == "(" and len(self.items) == 1:
            inside += ","
        self.text = f"{self.opening}{inside}{self.closing}"

    def broken(self, prefix: str, indent: str, suffix: str) -> list[str]:
        if not self.items:
            return [prefix + self.text + suffix]
        inner = indent + INDENT
        lines = [prefix + self.opening]
        for item in self.items:
            lines += item.lines(inner, inner, ",")
        return [*lines, indent + self.closing + suffix]


@dataclass(slots=True, eq=False)
class Pair(Node):
    """``key: value`` inside a dict display."""

    key: Node
    value: Node
    text: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.text = f"{self.key.text}: {self.value.text}"

    def broken(self, prefix: str, indent: str, suffix: str) -> list[str]:
        return self.value.lines(prefix + self.key.text + ": ", indent, suffix)


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
    return Items("{", "}", tuple([Pair(literal(key), value) for key, value in pairs]))


# --- statements -----------------------------------------------------------------------


def statement(target: str, value: Node, indent: str = "") -> list[str]:
    """``target = value`` (``target`` may carry an annotation), laid out to fit; a call
    whose opening ``target = name(`` is itself too long goes in parentheses below, as
    ruff format puts it."""
    prefix = f"{indent}{target} = "
    if isinstance(value, Call) and value.args:
        opening = prefix + value.function + "("
        if width(prefix + value.text) > LINE_LENGTH and width(opening) > LINE_LENGTH:
            inner = indent + INDENT
            return [prefix + "(", *value.lines(inner, inner, ""), indent + ")"]
    return value.lines(prefix, indent, "")


def class_head(name: str, bases: Sequence[str]) -> list[str]:
    """``class Name(Base, ...):``, broken as ruff format breaks a line too long."""
    one_line = f"class {name}({', '.join(bases)}):"
    if width(one_line) <= LINE_LENGTH:
        return [one_line]
    inside = INDENT + ", ".join(bases)
    if width(inside) <= LINE_LENGTH:
        return [f"class {name}(", inside, "):"]
    return [f"class {name}(", *(f"{INDENT}{base}," for base in bases), "):"]


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
    if not lines and " " in current:
        # One line of text with the closing quotes on the next: ruff format would join
        # them (however long the line); the last word goes down instead.
        head, last = current.rsplit(" ", 1)
        lines, current = [head], last
    lines += [current, '"""']
    return [indent + line for line in lines]
