"""Column types: bounded strings, time zones, jsonb, identity, and types to avoid."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from designer.schema.model import Column, ColumnType, Domain, Generated, Table

from .context import Context, parsed
from .findings import Issue, SetColumnType, Severity, Target, UseIdentity
from .registry import rule
from .vocabulary import looks_bounded, words

_LENGTH_FUNCTIONS = frozenset({"char_length", "character_length", "length", "octet_length"})
# Comparisons that bound the function's result from above, by the side it stands on.
_UPPER_WHEN_LEFT = frozenset({"<", "<="})
_UPPER_WHEN_RIGHT = frozenset({">", ">="})
# A starting length for common bounded fields, offered in words only: the right bound
# is the user's to choose.
_SUGGESTED_LENGTHS = {"email": 320, "name": 100, "title": 200, "slug": 100, "code": 50}


def _target(table: Table, column: Column) -> Target:
    return Target(table=table.id, columns=(column.id,))


def _retypable(context: Context, table: Table, column: Column) -> bool:
    """Whether the type can change without touching anything else that reads it (a
    domain column's type is its domain's: changing the column alone would leave it)."""
    return (
        column.type.domain is None
        and not context.relationships_of(table, column.name)
        and column.name not in context.expression_columns(table)
    )


def _through(column: Column) -> str:
    """`` (through its domain year)`` for a column of a domain: the rules read the
    domain's base type, and the fix belongs on the domain."""
    if column.type.domain is None:
        return ""
    return f" (through its domain {column.type.domain})"


def _on_domain(column: Column, fix: str) -> str:
    if column.type.domain is None:
        return fix
    return f"{fix} Do it on the domain {column.type.domain}: its columns share its type."


def _retype(table: Table, column: Column, new: ColumnType, label: str) -> SetColumnType:
    return SetColumnType(table.id, column.id, new, label=label)


# --- text without a bound -------------------------------------------------------------


def has_length_bound(table: Table, column: Column, domain: Domain | None = None) -> bool:
    """Whether a CHECK bounds ``char_length(column)`` (or length, octet_length) from above
    (or a check of the column's ``domain`` bounds ``char_length(VALUE)``)."""
    texts = ([column.check] if column.check else []) + [check.expression for check in table.checks]
    for text in texts:
        tree = parsed(text)
        if tree is not None and _bounds(tree, column.name):
            return True
    for check in domain.checks if domain is not None else ():
        tree = parsed(check.expression)
        if tree is not None and _bounds(tree, "value"):
            return True
    return False


def _domain(context: Context, column: Column) -> Domain | None:
    if column.type.domain is None:
        return None
    return context.schema.domains_by_name.get(column.type.domain)


def _bounds(node: Any, name: str) -> bool:
    if isinstance(node, list):
        return any(_bounds(item, name) for item in node)
    if not isinstance(node, dict):
        return False
    expression = node.get("A_Expr")
    if expression is not None:
        kind = expression.get("kind")
        operator = expression.get("name", [{}])[0].get("String", {}).get("sval")
        left, right = expression.get("lexpr"), expression.get("rexpr")
        if kind == "AEXPR_OP" and (
            (operator in _UPPER_WHEN_LEFT and _length_of(left, name))
            or (operator in _UPPER_WHEN_RIGHT and _length_of(right, name))
        ):
            return True
        if kind == "AEXPR_BETWEEN" and _length_of(left, name):
            return True
    # AND keeps a bound; inside OR or NOT it may not hold, so only AND is followed.
    boolean = node.get("BoolExpr")
    if boolean is not None:
        return boolean.get("boolop") == "AND_EXPR" and _bounds(boolean.get("args"), name)
    return False


def _length_of(node: Any, name: str) -> bool:
    call = node.get("FuncCall") if isinstance(node, dict) else None
    if call is None:
        return False
    function = call.get("funcname", [{}])[-1].get("String", {}).get("sval")
    arguments = call.get("args", [])
    if function not in _LENGTH_FUNCTIONS or len(arguments) != 1:
        return False
    fields = arguments[0].get("ColumnRef", {}).get("fields", [])
    return len(fields) == 1 and fields[0].get("String", {}).get("sval") == name


def _suggested_length(name: str) -> int:
    """A usual bound for the kind of data ``name`` suggests (320 for an email...)."""
    known = [_SUGGESTED_LENGTHS[word] for word in words(name) if word in _SUGGESTED_LENGTHS]
    return known[0] if known else 255


@rule(
    "text-unbounded",
    title="Unbounded text for data that looks bounded (names, emails, codes, slugs...).",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def text_unbounded(context: Context, table: Table) -> Iterator[Issue]:
    for column in table.columns:
        if column.type.base != "text" or not looks_bounded(column.name):
            continue
        if has_length_bound(table, column, _domain(context, column)):
            continue
        length = _suggested_length(column.name)
        yield Issue(
            message=(
                f"{table.name}.{column.name} is unbounded text{_through(column)} but looks "
                "like bounded data."
            ),
            why=(
                "A name, an email or a code has a natural maximum length. Without one in the "
                "database any client can store megabytes in it, forms and indexes cannot "
                "rely on a size, and the API schema says nothing about it."
            ),
            fix=_on_domain(
                column,
                f"Declare it varchar({length}) (or the bound your data has), or keep text "
                f"with CHECK (char_length({column.name}) <= {length}).",
            ),
            target=_target(table, column),
        )


@rule(
    "varchar-no-length",
    title="varchar without a length (as unbounded as text).",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def varchar_without_length(context: Context, table: Table) -> Iterator[Issue]:
    for column in table.columns:
        if column.type.base != "varchar" or column.type.length is not None:
            continue
        if has_length_bound(table, column, _domain(context, column)):
            continue
        yield Issue(
            message=f"{table.name}.{column.name} is varchar without a length{_through(column)}.",
            why=(
                "varchar without (n) accepts any length, exactly like text: the type "
                "promises a bound it does not enforce."
            ),
            fix=_on_domain(
                column,
                "Give it the length the data has, e.g. varchar(255); or make it text if it "
                "is truly free text.",
            ),
            target=_target(table, column),
        )


@rule(
    "timestamp-without-time-zone",
    title="timestamp without time zone.",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def timestamp_without_zone(context: Context, table: Table) -> Iterator[Issue]:
    for column in table.columns:
        if column.type.base != "timestamp":
            continue
        fixed = replace(column.type, base="timestamptz")
        yield Issue(
            message=(
                f"{table.name}.{column.name} is timestamp without time zone{_through(column)}."
            ),
            why=(
                "A timestamp without time zone is a wall-clock reading with no zone: the same "
                "value means different instants for servers and users in different zones, "
                "and daylight-saving changes make some values ambiguous. timestamptz stores "
                "the instant and costs the same 8 bytes."
            ),
            fix=_on_domain(column, "Use timestamptz."),
            target=_target(table, column),
            auto_fixes=(
                (_retype(table, column, fixed, f"Make {column.name} timestamptz"),)
                if _retypable(context, table, column)
                else ()
            ),
        )


@rule(
    "json-not-jsonb",
    title="json where jsonb serves.",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def json_not_jsonb(context: Context, table: Table) -> Iterator[Issue]:
    for column in table.columns:
        if column.type.base != "json":
            continue
        fixed = replace(column.type, base="jsonb")
        yield Issue(
            message=f"{table.name}.{column.name} is json, not jsonb{_through(column)}.",
            why=(
                "json keeps the text as typed and reparses it on every access; it has no "
                "equality, so it cannot be indexed, compared or made unique. jsonb is "
                "parsed once and supports GIN indexes and containment queries."
            ),
            fix=_on_domain(
                column, "Use jsonb, unless the exact text (key order, duplicate keys) must be kept."
            ),
            target=_target(table, column),
            auto_fixes=(
                (_retype(table, column, fixed, f"Make {column.name} jsonb"),)
                if _retypable(context, table, column)
                else ()
            ),
        )


@rule(
    "serial-column",
    title="serial in a new design (identity columns replace it).",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def serial(context: Context, table: Table) -> Iterator[Issue]:
    for column in table.columns:
        if column.generated is not Generated.SERIAL:
            continue
        yield Issue(
            message=f"{table.name}.{column.name} is serial.",
            why=(
                "serial is a default over a separately owned sequence: permissions, copies "
                "of the table and explicit inserts that skip the sequence trip over it. "
                "Identity columns (SQL standard, PostgreSQL 10+) tie the sequence to the "
                "column."
            ),
            fix=f"Declare {column.name} GENERATED BY DEFAULT AS IDENTITY.",
            target=_target(table, column),
            auto_fixes=(UseIdentity(table.id, column.id, label=f"Make {column.name} identity"),),
        )


@rule("money-type", title="The money type.", strict=Severity.WARNING, relaxed=Severity.INFO)
def money(context: Context, table: Table) -> Iterator[Issue]:
    for column in table.columns:
        if column.type.base != "money":
            continue
        yield Issue(
            message=f"{table.name}.{column.name} is money{_through(column)}.",
            why=(
                "money's input, output and precision follow the server's lc_monetary "
                "setting: a dump restored elsewhere can change its meaning, it holds no "
                "currency, and division rounds to the locale's cents."
            ),
            fix=_on_domain(
                column,
                "Use numeric(19,4) (or the precision your amounts need), with a currency "
                "column if several currencies exist.",
            ),
            target=_target(table, column),
        )


@rule(
    "char-type",
    title="char(n), blank-padded to its length.",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def char(context: Context, table: Table) -> Iterator[Issue]:
    for column in table.columns:
        if column.type.base != "char":
            continue
        length = column.type.length or 1
        fixed = replace(column.type, base="varchar", length=length)
        spelled = f"char({column.type.length})" if column.type.length else "char (that is, char(1))"
        yield Issue(
            message=f"{table.name}.{column.name} is {spelled}{_through(column)}.",
            why=(
                "char(n) pads values with spaces to n characters and ignores trailing spaces "
                "in comparisons, which surprises applications; it is no faster than varchar "
                "in PostgreSQL."
            ),
            fix=_on_domain(column, f"Use varchar({length}), or text with a CHECK on its length."),
            target=_target(table, column),
            auto_fixes=(
                (_retype(table, column, fixed, f"Make {column.name} varchar({length})"),)
                if _retypable(context, table, column)
                else ()
            ),
        )
