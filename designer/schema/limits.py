"""The bounds of what a design may hold, each with its reason, and the checks of values.

Three kinds of bound, all enforced by ``designer.schema.validation`` (so the editor's
forms, the imports and the commands refuse the same things, with the same message):

- PostgreSQL's own limits beyond names (a table has at most 1,600 columns, an index or
  a key at most 32 columns);
- the store's: a value must fit the record's column that holds it (``designer.models``:
  ``Project.name`` is 200 characters, ``Field.ge`` 64, ``Field.pattern`` 500, counts are
  ``PositiveIntegerField``), and PostgreSQL keeps no NUL character and no lone surrogate
  in text;
- bounds on what people type, so that no single input makes a page slow or a process
  grow: free text, SQL expressions (their length and how deeply they nest: every tool
  that reads a parse tree recurses) and regular expressions.

Each ``*_problem`` function returns why a value is refused, or None, in the words of
``validation.Problem`` messages (lower case, no full stop).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from pydantic_core import SchemaError, SchemaValidator, core_schema

# Free text. A comment on one object (a table's purpose, a column's description, an
# index's rationale, the reason a finding is accepted) is documentation of that object:
# 10,000 characters is about 1,500 words, pages of text. The project's description is
# the overview of the whole design, so it gets five times more. These bound the
# document and the previews (each description appears in the document about five
# times: the table, its DDL, the SQLModel code, the migration).
MAX_DESCRIPTION_LENGTH = 10_000
MAX_PROJECT_DESCRIPTION_LENGTH = 50_000

# SQL expressions (defaults, checks, predicates, index expressions). pg_dump writes a
# CHECK of 300 allowed values in about 8,500 characters; a hand-written expression is
# rarely a tenth of that.
MAX_EXPRESSION_LENGTH = 10_000
# Operators, calls, casts... inside one another: ``1 + 1 + 1`` is 2 deep (PostgreSQL
# reads it as ``(1 + 1) + 1``); a long AND, OR or IN list is 1 deep whatever its length.
# The parser, the validation, the review, the sample data and the generators all walk
# the parse tree; at this depth each of them stays far below Python's recursion limit.
MAX_EXPRESSION_DEPTH = 100

# The store's columns (designer.models).
MAX_PROJECT_NAME_LENGTH = 200  # Project.name
MAX_NUMBER_LENGTH = 64  # Field.ge, Field.le
MAX_PATTERN_LENGTH = 500  # Field.pattern
MAX_ATTRIBUTE_LENGTH = 63  # Relationship.from_attribute / to_attribute
MAX_RULE_LENGTH = 63  # Suppression.rule
MAX_TARGET_LENGTH = 400  # Suppression.target
MAX_COUNT = 2_147_483_647  # a PositiveIntegerField on PostgreSQL (min_length, max_length)
PG_VERSIONS = range(13, 19)  # the versions the generators write for

# PostgreSQL's limits (MaxHeapAttributeNumber, INDEX_MAX_KEYS).
MAX_COLUMNS = 1600
MAX_KEY_COLUMNS = 32

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_problem(text: str, what: str) -> str | None:
    """Why PostgreSQL (and UTF-8) cannot keep ``text``, or None."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return f"the {what} contains a NUL character"
    return (
        f"the {what} contains an invalid character (a lone surrogate, U+{ord(found.group()):04X})"
    )


def text_problem(text: str, what: str, limit: int) -> str | None:
    """Why ``text`` is refused as free text of at most ``limit`` characters, or None."""
    if len(text) > limit:
        return f"the {what} is {len(text):,} characters long; at most {limit:,} are allowed"
    return unstorable_problem(text, what)


def number_problem(text: str, what: str) -> str | None:
    """Why ``text`` is not a finite decimal number the store can keep, or None.

    ``nan``, ``inf`` and ``1e999999999`` (infinite as a float) are refused: pydantic,
    the sample data and the document all need a real bound.
    """
    if len(text) > MAX_NUMBER_LENGTH:
        return f"the {what} is longer than {MAX_NUMBER_LENGTH} characters"
    try:
        value = float(text)
    except ValueError:
        return f"the {what} {text!r} is not a number"
    if not math.isfinite(value):
        return f"the {what} {text!r} is not a finite number"
    return None


def count_problem(value: int, what: str) -> str | None:
    """Why ``value`` is refused as a count (a length limit), or None."""
    if value < 0:
        return f"the {what} cannot be negative"
    if value > MAX_COUNT:
        return f"the {what} must be at most {MAX_COUNT:,}"
    return None


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a field's regular expression, or None.

    It must compile with Python's ``re`` and with pydantic-core's regular expressions
    (Rust's ``regex`` crate: no look-around, no back-references), because the SQLModel
    code hands it to pydantic as ``Field(pattern=...)`` and a pattern pydantic refuses
    makes ``models.py`` fail to import.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"the regular expression is longer than {MAX_PATTERN_LENGTH} characters"
    if problem := unstorable_problem(pattern, "regular expression"):
        return problem
    return _compile_problem(pattern)


@lru_cache(maxsize=1024)  # patterns are at most 500 characters: at most about 1 MB
def _compile_problem(pattern: str) -> str | None:
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as error:
        return f"not a valid regular expression: {error}"
    try:
        SchemaValidator(core_schema.str_schema(pattern=pattern))
    except SchemaError as error:
        reason = str(error).strip().splitlines()[-1].strip().removeprefix("SchemaError:")
        reason = reason.strip().removeprefix("error:").strip().rstrip(".")
        return f"pydantic cannot use this regular expression: {reason[:200]}"
    return None
