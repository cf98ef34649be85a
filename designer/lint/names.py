"""Naming: snake_case, no keywords, names that fit 63 bytes, consistent table and key names,
no two names that differ only in case."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator
from typing import TypeVar

from designer.schema.model import EnumType, Generated, Relationship, Table
from designer.schema.naming import MAX_IDENTIFIER_BYTES, expression_words
from designer.schema.sqltext import QUOTED_KEYWORDS
from designer.schema.words import singular

from .context import Context, columns_read
from .findings import Issue, Severity, Target
from .registry import enum_rule, rule

_SNAKE_CASE = re.compile(r"[a-z_][a-z0-9_]*")
T = TypeVar("T")


# --- snake_case ------------------------------------------------------------------------

_SNAKE_TITLE = "A table, column or enum type name that is not snake_case."
_SNAKE_WHY = (
    "PostgreSQL folds unquoted names to lower case, so a name with capitals, spaces or "
    "other characters must be double-quoted in every query, by every tool, forever; "
    "forgetting the quotes gives 'relation does not exist'."
)


def _snake(name: str) -> str:
    """A snake_case spelling of ``name`` to suggest (ASCII letters and digits)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    words = re.findall(r"[A-Za-z0-9]+", spaced)
    text = "_".join(word.lower() for word in words) or "name"
    return f"_{text}" if text[0].isdigit() else text


@rule(
    "name-not-snake-case",
    title=_SNAKE_TITLE,
    strict=Severity.INFO,
    relaxed=None,
)
def not_snake_case(context: Context, table: Table) -> Iterator[Issue]:
    if not _SNAKE_CASE.fullmatch(table.name):
        yield _snake_issue(f"The table name {table.name!r}", table.name, Target(table=table.id))
    for column in table.columns:
        if not _SNAKE_CASE.fullmatch(column.name):
            yield _snake_issue(
                f"{table.name}: the column name {column.name!r}",
                column.name,
                Target(table=table.id, columns=(column.id,)),
            )


@enum_rule("name-not-snake-case", title=_SNAKE_TITLE, strict=Severity.INFO, relaxed=None)
def enum_not_snake_case(context: Context, enum: EnumType) -> Iterator[Issue]:
    if not _SNAKE_CASE.fullmatch(enum.name):
        yield _snake_issue(f"The enum type name {enum.name!r}", enum.name, Target(enum=enum.id))


def _snake_issue(subject: str, name: str, target: Target) -> Issue:
    return Issue(
        message=f"{subject} is not snake_case.",
        why=_SNAKE_WHY,
        fix=f"Rename it {_snake(name)}.",
        target=target,
    )


# --- keywords --------------------------------------------------------------------------

_KEYWORD_TITLE = "A name that is an SQL keyword (user, order, group...)."
_KEYWORD_WHY = (
    "The generated SQL quotes it everywhere, but every hand-written query, report and tool "
    "must quote it too: an unquoted user or order is a syntax error or, worse, "
    "CURRENT_USER."
)


@rule("name-reserved-word", title=_KEYWORD_TITLE, strict=Severity.WARNING, relaxed=Severity.INFO)
def reserved_word(context: Context, table: Table) -> Iterator[Issue]:
    if table.name in QUOTED_KEYWORDS:
        yield _keyword_issue(f"The table name {table.name}", table.name, Target(table=table.id))
    for column in table.columns:
        if column.name in QUOTED_KEYWORDS:
            yield _keyword_issue(
                f"{table.name}: the column name {column.name}",
                column.name,
                Target(table=table.id, columns=(column.id,)),
            )


@enum_rule(
    "name-reserved-word", title=_KEYWORD_TITLE, strict=Severity.WARNING, relaxed=Severity.INFO
)
def enum_reserved_word(context: Context, enum: EnumType) -> Iterator[Issue]:
    if enum.name in QUOTED_KEYWORDS:
        yield _keyword_issue(f"The enum type name {enum.name}", enum.name, Target(enum=enum.id))


def _keyword_issue(subject: str, name: str, target: Target) -> Issue:
    better = {"user": "users / app_user", "order": "orders / sort_order", "group": "groups"}
    return Issue(
        message=f"{subject} is an SQL keyword.",
        why=_KEYWORD_WHY,
        fix=f"Choose a name that is not a keyword (e.g. {better.get(name, name + 's')}).",
        target=target,
    )


# --- generated names that do not fit ------------------------------------------------------


def _wanted_names(context: Context, table: Table) -> Iterator[tuple[str, str, Target]]:
    """(what, the conventional name before trimming, target) for every generated name."""
    t = table.name
    if table.primary_key is not None and table.primary_key.name is None:
        yield "primary key", f"pk_{t}", Target(table=table.id)
    for column in table.columns:
        if column.unique:
            yield "unique constraint", f"uq_{t}_{column.name}", _column(table, column.id)
        if column.check:
            yield "check constraint", f"ck_{t}_{column.name}", _column(table, column.id)
        if column.generated is not Generated.NONE:
            yield "sequence", f"{t}_{column.name}_seq", _column(table, column.id)
    for unique in table.uniques:
        if unique.name is None:
            target = Target(table=table.id, constraint=unique.id)
            yield "unique constraint", f"uq_{t}_{'_'.join(unique.columns)}", target
    for check in table.checks:
        if check.name is None:
            read = columns_read(check.expression)
            words = "_".join(name for name in table.column_names if name in read) or "check"
            yield "check constraint", f"ck_{t}_{words}", Target(table=table.id, constraint=check.id)
    for relationship in context.foreign_keys(table):
        if relationship.name is None:
            ids = tuple(table.column(name).id for name in relationship.from_columns)
            target = Target(table=table.id, columns=ids, relationship=relationship.id)
            yield "foreign key", f"fk_{t}_{'_'.join(relationship.from_columns)}", target
    for index in table.indexes:
        if index.name is None:
            keys = [
                element.column
                if element.column is not None
                else expression_words(element.expression or "")
                for element in index.elements
            ]
            yield "index", f"ix_{t}_{'_'.join(keys)}", Target(table=table.id, index=index.id)
    if table.has_updated_at_trigger:
        yield "trigger", f"trg_{t}_updated_at", Target(table=table.id)


def _column(table: Table, column_id: str) -> Target:
    return Target(table=table.id, columns=(column_id,))


@rule(
    "name-too-long",
    title="A generated constraint, index, trigger or sequence name cut to 63 bytes.",
    strict=Severity.INFO,
    relaxed=Severity.INFO,
)
def too_long(context: Context, table: Table) -> Iterator[Issue]:
    for what, wanted, target in _wanted_names(context, table):
        size = len(wanted.encode())
        if size <= MAX_IDENTIFIER_BYTES:
            continue
        yield Issue(
            message=(
                f"{table.name}: the {what} name {wanted} is {size} bytes; PostgreSQL allows "
                f"{MAX_IDENTIFIER_BYTES}, so it is cut and ends with a hash."
            ),
            why=(
                "A cut name with a hash suffix is what error messages, query plans and "
                "migrations show: it no longer says which table and columns it is about."
            ),
            fix=f"Shorten the table or column names, or give the {what} an explicit name.",
            target=target,
        )


# --- table names: singular and plural ---------------------------------------------------


@rule(
    "table-names-mixed-number",
    title="Table names mixing singular and plural.",
    strict=Severity.INFO,
    relaxed=None,
)
def mixed_number(context: Context, table: Table) -> Iterator[Issue]:
    if not context.off_number(table):
        return
    is_singular = singular(table.name) == table.name
    form = "singular" if is_singular else "plural"
    other = "plural" if is_singular else "singular"
    yield Issue(
        message=f"The table name {table.name} is {form}; most table names here are {other}.",
        why=(
            "One convention lets everyone guess a table's name (user or users?) and keeps "
            "derived names — foreign-key columns, relationship attributes — predictable."
        ),
        fix=f"Rename it to the {other} form, like the other tables.",
        target=Target(table=table.id),
    )


# --- foreign-key column names ------------------------------------------------------------


def _fk_name_problem(
    context: Context, referenced: str, name: str, relationship: Relationship
) -> str | None:
    """What is wrong with the name of a one-column foreign key, or None.

    ``user_id`` and role names ending in ``_<key>`` (``owner_id``, ``parent_id``) are
    fine; a name without the key's suffix, the plural (``users_id``) or another table's
    name (``customer_id`` pointing at users) is not.
    """
    key = relationship.to_columns[0]
    expected = f"{singular(referenced)}_{key}"
    if name == expected or name.endswith(f"_{expected}"):
        return None
    if not name.endswith(f"_{key}") or name == f"_{key}":
        return f"its name does not end in _{key}"
    head = name[: -len(key) - 1]
    if head != singular(head) and singular(head) == singular(referenced):
        return f"{head} is the plural; name it {expected}"
    misleading = [
        other.name
        for other in context.tables_by_singular.get(head.lower(), [])
        if other.qname != relationship.to_table
    ]
    if misleading:
        return f"its name suggests the table {misleading[0]}"
    return None


@rule(
    "fk-column-name",
    title="A foreign-key column named neither after the table it references nor after a role "
    "(user_id, owner_id).",
    strict=Severity.INFO,
    relaxed=None,
)
def fk_column_name(context: Context, table: Table) -> Iterator[Issue]:
    for relationship in context.foreign_keys(table):
        if len(relationship.from_columns) != 1:
            continue  # composite keys name their parts after the referenced columns
        name = relationship.from_columns[0]
        problem = _fk_name_problem(context, relationship.to_table.name, name, relationship)
        if problem is None:
            continue
        key = relationship.to_columns[0]
        expected = f"{singular(relationship.to_table.name)}_{key}"
        yield Issue(
            message=(
                f"{table.name}.{name} references {relationship.to_table.name}.{key}, but {problem}."
            ),
            why=(
                "Naming a foreign key after what it references (user_id), or after the role "
                "the referenced row plays (author_id, owner_id), makes joins read themselves "
                "and lets people and tools recognise the relationship without the diagram."
            ),
            fix=f"Rename it {expected}, or <role>_{key} (author_{key}) for a role.",
            target=Target(
                table=table.id, columns=(table.column(name).id,), relationship=relationship.id
            ),
        )


# --- names that differ only in case ---------------------------------------------------------

_CASE_TITLE = (
    "Tables (in one PostgreSQL schema), columns (in one table) or enum types whose names "
    "differ only in case (Customers beside customers)."
)
_CASE_WHY = (
    "PostgreSQL keeps both only because the generated SQL quotes names: an unquoted query "
    "folds to lower case and reaches the lower-case one, whichever was meant, and tools "
    "or ORMs that ignore case may merge them or pick the wrong one."
)


def _same_but_case(named: Iterable[tuple[Hashable, str, T]]) -> dict[int, T]:
    """For each item (by ``id()``) whose name repeats an earlier one's but for case (in
    the same scope), that earlier item: each pair is reported once, on the later one."""
    first: dict[tuple[Hashable, str], T] = {}
    earlier: dict[int, T] = {}
    for scope, name, item in named:
        seen = first.setdefault((scope, name.casefold()), item)
        if seen is not item:
            earlier[id(item)] = seen
    return earlier


def _tables_same_but_case(context: Context) -> dict[int, Table]:
    return context.remember(
        "tables-same-but-case",
        lambda: _same_but_case((t.schema, t.name, t) for t in context.schema.tables),
    )


def _case_issue(message: str, target: Target) -> Issue:
    return Issue(
        message=message,
        why=_CASE_WHY,
        fix="Rename one of them so that the names differ in more than case.",
        target=target,
    )


@rule(
    "names-differ-only-in-case",
    title=_CASE_TITLE,
    strict=Severity.WARNING,
    relaxed=Severity.WARNING,
)
def differ_only_in_case(context: Context, table: Table) -> Iterator[Issue]:
    other = _tables_same_but_case(context).get(id(table))
    if other is not None:
        yield _case_issue(
            f"The tables {other.qname} and {table.qname} differ only in case.",
            Target(table=table.id),
        )
    earlier = _same_but_case((None, column.name, column) for column in table.columns)
    for column in table.columns:
        if (first := earlier.get(id(column))) is not None:
            yield _case_issue(
                f"{table.name}: the columns {first.name} and {column.name} differ only in case.",
                Target(table=table.id, columns=(first.id, column.id)),
            )


@enum_rule(
    "names-differ-only-in-case",
    title=_CASE_TITLE,
    strict=Severity.WARNING,
    relaxed=Severity.WARNING,
)
def enum_differs_only_in_case(context: Context, enum: EnumType) -> Iterator[Issue]:
    other = context.remember(
        "enums-same-but-case",
        lambda: _same_but_case((e.schema, e.name, e) for e in context.schema.enums),
    ).get(id(enum))
    if other is not None:
        yield _case_issue(
            f"The enum types {other.qname} and {enum.qname} differ only in case.",
            Target(enum=enum.id),
        )
