"""An Alembic revision module from a migration: the proven statements, in ``op.execute``.

``revision(m, message=..., revision=..., down_revision=..., created=...)`` returns the
text of the module ``alembic revision`` would write from its ``script.py.mako`` (the
docstring, the revision identifiers, ``upgrade()`` and ``downgrade()``), filled from
``migration_sql``: each step is its sentence and its ``--`` comments as ``#`` comments,
then its statements, each one ``op.execute("...")``.

Why ``op.execute`` of those statements rather than ``op.add_column`` and the other
autogenerate-style operations: they are the very statements the migration proof runs on
PostgreSQL, so the revision and the psql script cannot drift apart; and the safe forms
(``NOT VALID`` then ``VALIDATE``, ``CREATE INDEX CONCURRENTLY``, ``SET NOT NULL`` proved
by a validated check, an enum type rebuilt, renames through a temporary name) have no
``op`` of their own.

Transactions follow ``Migration.blocks``: a transactional block starts with
``TRANSACTION_START``; a block that must run outside the transaction (``CONCURRENTLY``
after the commit, an ``ADD VALUE`` that later steps use) sits in
``op.get_context().autocommit_block()``, Alembic's documented way for those, which
commits the work before it (hence ``transaction_per_migration=True`` in ``env.py``).

What reaches PostgreSQL is each statement byte for byte, online and in offline
``--sql`` mode: ``op.execute`` turns a ``str`` into ``sqlalchemy.text()``, which reads
``:name`` as a bind parameter and drops the backslash of ``\\:name``; each colon it would
read so gets a backslash (the escape Alembic documents), and ``text()`` takes it off
again. SQLAlchemy doubles ``%`` for a ``pyformat`` driver and the driver undoes it. The
statement's closing ``;`` is left off: Alembic writes its own in ``--sql`` output. The
one change Alembic makes there is its own: ``--sql`` output writes a tab as four spaces
(``DefaultImpl._exec``), so a statement with a tab says so in a comment.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from designer.generators.migration_sql import (
    AFTER_CONCURRENT,
    DOWN,
    TRANSACTION_START,
    UP,
    Migration,
    Step,
)

LINE_LENGTH = 100
INDENT = "    "
# Characters Alembic refuses in a revision identifier, and whitespace.
_ILLEGAL_IN_REVISION = re.compile(r"[@\-+:\s]")
# What each kind of block is, as the psql script of ``Migration.sql`` says it.
_AFTER_COMMIT = (
    "After the commit, each statement on its own: CONCURRENTLY cannot run in a transaction, "
    "and a VALIDATE run alone holds only its weaker lock."
)
_ADD_VALUE = "Committed first: a new enum value cannot be used in the transaction that adds it."
_AUTOCOMMIT = "autocommit_block() commits the work above, then runs each statement on its own."
_AFTER_CONCURRENT = AFTER_CONCURRENT
_TAB_NOTE = (
    "NOTE: `alembic upgrade --sql` writes each tab of the next statement as four spaces "
    "(online runs keep it)."
)
# Where ``text()`` would read a colon: ``:name`` not after a word character, a colon or
# a backslash is a bind parameter; ``\:name`` loses its backslash (sqlalchemy's
# TextClause._bind_params_regex and compiler.BIND_PARAMS_ESC).
_READ_COLON = re.compile(r"(?<![:\w\\])(?=:\w+(?![:\w]))|(?<=\\)(?=:\w*(?![:\w]))")


def revision(
    m: Migration,
    *,
    message: str,
    revision: str,
    down_revision: str | None = None,
    created: datetime | None = None,
) -> str:
    """The text of an Alembic revision module for ``m`` (up as ``upgrade()``, down as
    ``downgrade()``; a ``downgrade()`` that raises when ``m.down_error`` is set)."""
    for value in (revision, down_revision):
        if value is not None and (not value or _ILLEGAL_IN_REVISION.search(value)):
            raise ValueError(f"not an Alembic revision identifier: {value!r}")
    created = created or datetime.now(UTC)
    upgrade = _function("upgrade", "Upgrade schema.", _body(m, UP))
    downgrade = _function("downgrade", "Downgrade schema.", _downgrade_body(m))
    # an empty migration has nothing to run, and ruff would flag the import
    code = (upgrade + downgrade).splitlines()
    uses_op = any(line.lstrip().startswith(("op.", "with op.")) for line in code)
    parts = [
        _docstring(message, revision, down_revision, created),
        "from collections.abc import Sequence\n" + ("\nfrom alembic import op\n" * uses_op),
        "# revision identifiers, used by Alembic.\n"
        f"revision: str = {_literal(revision)}\n"
        f"down_revision: str | Sequence[str] | None = {_literal(down_revision)}\n"
        "branch_labels: str | Sequence[str] | None = None\n"
        "depends_on: str | Sequence[str] | None = None\n",
    ]
    return "\n".join(parts) + "\n\n" + upgrade + "\n\n" + downgrade


def escape_colons(sql: str) -> str:
    """``sql`` as a ``str`` for ``op.execute``: ``text()`` gives back ``sql`` exactly."""
    return _READ_COLON.sub(r"\\", sql)


# -- the module's parts ----------------------------------------------------------------


def _docstring(message: str, revision: str, down_revision: str | None, created: datetime) -> str:
    lines = [
        _docstring_text(message.strip()) or "Empty message.",
        "",
        f"Revision ID: {_docstring_text(revision)}",
        f"Revises: {_docstring_text(down_revision or '')}".rstrip(),
        f"Create Date: {created}",
        "",
    ]
    return '"""' + "\n".join(lines) + '\n"""\n'


def _function(name: str, doc: str, body: list[str]) -> str:
    lines = [f"def {name}() -> None:", f'{INDENT}"""{doc}"""', *body]
    return "\n".join(lines) + "\n"


def _downgrade_body(m: Migration) -> list[str]:
    if m.down_error:
        return [
            f"{INDENT}# No downgrade can be written for this migration:",
            *_call(INDENT, "raise NotImplementedError", m.down_error),
        ]
    return _body(m, DOWN)


def _body(m: Migration, direction: str) -> list[str]:
    steps = m.steps(direction)
    lines: list[str] = []
    if any(step.destructive for step in steps):
        lines += _comment(INDENT, "WARNING: destructive steps below can lose data.")
    if any(step.irreversible for step in steps):
        back = "upgrade()" if direction == DOWN else "downgrade()"
        warning = f"WARNING: irreversible steps below: {back} cannot give their data back."
        lines += _comment(INDENT, warning)
    for inside, items in m.blocks(direction):
        block: list[str] = []
        if inside:
            if items[0].after_concurrent:
                block += _comment(INDENT, _AFTER_CONCURRENT)
            block += _comment(INDENT, "In a transaction:")
            block += _call(INDENT, "op.execute", escape_colons(_statement(TRANSACTION_START)))
            for step in items:
                block += ["", *_step(step, direction, INDENT)]
        else:
            block += _comment(INDENT, _AFTER_COMMIT if items[0].after_commit else _ADD_VALUE)
            block += _comment(INDENT, _AUTOCOMMIT)
            block.append(f"{INDENT}with op.get_context().autocommit_block():")
            inner = INDENT * 2
            for n, step in enumerate(items):
                block += ([""] if n else []) + _step(step, direction, inner)
            if not any(line.lstrip().startswith("op.") for line in block):
                block.append(f"{inner}pass")
        lines += ([""] if lines else []) + block
    return lines  # nothing to run: the docstring is the body


def _step(step: Step, direction: str, indent: str) -> list[str]:
    lines = _comment(indent, step.sentence)
    if step.destructive:
        lines += _comment(indent, "WARNING: this step can lose data.")
    said = any(line.startswith("-- IRREVERSIBLE") for text in step.comments
               for line in text.splitlines())  # fmt: skip
    if step.irreversible and not said and (direction == DOWN or not step.destructive):
        if step.destructive:
            why = "upgrade() cannot give back the data this step drops"
        else:
            why = (
                "this recreates the structure only; the data the other direction dropped "
                "does not come back"
            )
        lines += _comment(indent, f"IRREVERSIBLE: {why}.")
    for text in step.comments:
        for line in text.splitlines():
            lines += _comment(indent, line.removeprefix("--").removeprefix(" "))
    for sql in step.statements:
        if "\t" in sql:
            lines += _comment(indent, _TAB_NOTE)
        lines += _call(indent, "op.execute", escape_colons(_statement(sql)))
    return lines


def _statement(sql: str) -> str:
    return sql[:-1] if sql.endswith(";") else sql


# -- Python text -----------------------------------------------------------------------


def _comment(indent: str, text: str) -> list[str]:
    """``text`` as ``#`` lines that fit the line length; nothing in it ends a line."""
    clean = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    width = LINE_LENGTH - len(indent) - 2
    lines: list[str] = []
    for word in clean.split():
        if lines and _width(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)  # a word longer than the line stays whole
    return [f"{indent}# {line}" for line in lines] or [f"{indent}#"]


def _call(indent: str, name: str, text: str) -> list[str]:
    """``name(text)`` as ``ruff format`` writes it: on one line when it fits, else the
    string on its own line when that fits, else in parts, one a line, broken after a
    newline or a space where it can (the parts join to ``text`` exactly)."""
    one = f"{indent}{name}({_literal(text)})"
    if _width(one) <= LINE_LENGTH:
        return [one]
    inner = indent + INDENT
    width = LINE_LENGTH - len(inner)
    # ruff format joins the parts when the whole string fits on its own line
    lines = [text] if _width(_literal(text)) <= width else text.splitlines(keepends=True)
    parts = [piece for line in lines for piece in _pieces(line, width)]
    return [f"{indent}{name}(", *(f"{inner}{_literal(p)}" for p in parts), f"{indent})"]


def _pieces(text: str, width: int) -> list[str]:
    pieces = []
    while _width(_literal(text)) > width:
        fits = 1
        while fits < len(text) and _width(_literal(text[: fits + 1])) <= width:
            fits += 1
        space = text.rfind(" ", 0, fits)
        cut = space + 1 if space > 0 else fits
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text else pieces


def _width(text: str) -> int:
    """The columns ``text`` takes, as ruff counts them against the line length: two for a
    wide East Asian character, none for a combining one."""
    return sum(
        0
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf")
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


def _literal(value: str | None) -> str:
    """A Python string literal for ``value``, quoted as ``ruff format`` would."""
    if value is None:
        return "None"
    quote = "'" if value.count('"') > value.count("'") else '"'
    out = []
    for ch in value:
        if ch == "\\" or ch == quote:
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return quote + "".join(out) + quote


def _docstring_text(text: str) -> str:
    """``text`` inside a triple-quoted docstring: backslashes and quote runs escaped."""
    out = []
    for n, ch in enumerate(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"' and text[n + 1 : n + 2] == '"':
            out.append('\\"')
        elif ch == "\n" or ch.isprintable():
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "\n".join(line.rstrip() for line in "".join(out).split("\n"))
