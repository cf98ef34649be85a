"""SQL expressions typed by users: one expression, parsed by PostgreSQL's own parser.

Defaults, checks, partial-index predicates and index expressions are copied into the
generated SQL as written, so each must be exactly one expression — never a way to smuggle
a statement (``0; DROP TABLE users``) or a comment that swallows the rest of a line into
exported SQL. ``check_expression`` parses the text with pglast and refuses anything else.
"""

from __future__ import annotations

import json
from typing import Any

from pglast import ast, enums, parse_sql, parser
from pglast.stream import RawStream

from .limits import MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, unstorable_problem
from .memo import text_memo
from .model import IndexElement, NullsOrder
from .sqltext import quote_ident

_PREFIX = "SELECT "
# Node types that can follow DEFAULT without parentheses in every context.
_SIMPLE_NODES = frozenset({"A_Const", "FuncCall", "TypeCast", "SQLValueFunction", "ColumnRef"})
_SELECT_KEYS_ALLOWED = frozenset({"targetList", "limitOption", "op"})
_TOO_DEEP = (
    f"the expression is nested too deeply: more than {MAX_EXPRESSION_DEPTH} levels of "
    "operators, calls or casts inside one another"
)


class ExpressionError(ValueError):
    """The text is not exactly one valid SQL expression; the message says why."""


def _parse(text: str) -> dict[str, Any]:
    """The parse tree of ``text`` as one expression, or ExpressionError.

    Results are remembered (generators ask about the same ``now()`` thousands of times),
    within a bounded memo; the trees are shared, so callers read them and never change
    them.
    """
    tree, problem = _parse_cached(text)
    if problem is not None:
        raise ExpressionError(problem)
    return tree


@text_memo(entries=8192, characters=500_000)
def _parse_cached(text: str) -> tuple[Any, str | None]:
    try:
        return _parse_uncached(text), None
    except ExpressionError as error:
        return None, str(error)


def _parse_uncached(text: str) -> dict[str, Any]:
    _refuse_unreadable(text)
    try:
        tokens = parser.scan(text)
    except parser.ParseError as error:
        raise ExpressionError(_parse_message(error, text, offset=0)) from None
    for token in tokens:
        if token.name in {"SQL_COMMENT", "C_COMMENT"}:
            raise ExpressionError("comments are not allowed in an expression")
        if token.name == "ASCII_59":
            raise ExpressionError("a semicolon ends a statement; write one expression only")
    try:
        tree = _tree(parser.parse_sql_json(_PREFIX + text))
    except parser.ParseError as error:
        raise ExpressionError(_parse_message(error, text, offset=len(_PREFIX))) from None
    statements = tree.get("stmts", [])
    if len(statements) != 1 or "SelectStmt" not in statements[0]["stmt"]:
        raise ExpressionError("write one expression, not a statement")
    select = statements[0]["stmt"]["SelectStmt"]
    targets = select.get("targetList", [])
    if set(select) - _SELECT_KEYS_ALLOWED or len(targets) != 1:
        raise ExpressionError("write one expression, not a list or a query")
    target = targets[0]["ResTarget"]
    if "name" in target:
        raise ExpressionError("an expression cannot have an alias (AS ...)")
    value = target["val"]
    depth, kinds = _shape(value)
    if depth > MAX_EXPRESSION_DEPTH:
        raise ExpressionError(_TOO_DEEP)
    if "SubLink" in kinds:
        raise ExpressionError("subqueries are not allowed here")
    if "A_Star" in kinds:
        raise ExpressionError("* is not an expression")
    return value


def _refuse_unreadable(text: str) -> None:
    """Refuse what no expression may be: empty, too long, or not storable as text."""
    if not text.strip():
        raise ExpressionError("the expression is empty")
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(
            f"the expression is {len(text):,} characters long; "
            f"at most {MAX_EXPRESSION_LENGTH:,} are allowed"
        )
    if problem := unstorable_problem(text, "expression"):
        raise ExpressionError(problem)


def _tree(parsed_json: str) -> dict[str, Any]:
    """libpg_query's JSON as dicts; a tree too deep for Python's JSON reader is refused
    like one too deep for the rest of the designer."""
    try:
        return json.loads(parsed_json)
    except RecursionError:
        raise ExpressionError(_TOO_DEEP) from None


def _shape(tree: Any) -> tuple[int, set[str]]:
    """How deep a parse tree is, in nodes inside one another, and the kinds of node in
    it. Walked with a list, not by recursion: the tree may be too deep to recurse."""
    deepest, kinds = 0, set()
    pending: list[tuple[Any, int]] = [(tree, 0)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key[:1].isupper() and isinstance(value, dict):
                    kinds.add(key)
                    pending.append((value, depth + 1))
                    deepest = max(deepest, depth + 1)
                elif isinstance(value, dict | list):
                    pending.append((value, depth))
        elif isinstance(node, list):
            pending.extend((item, depth) for item in node if isinstance(item, dict | list))
    return deepest, kinds


def _parse_message(error: parser.ParseError, text: str, offset: int) -> str:
    message = str(error.args[0]) if error.args else "syntax error"
    location = error.args[1] if len(error.args) > 1 else None
    position = location - offset if isinstance(location, int) else None
    if position is not None and 0 <= position < len(text):
        return f"{message} at character {position + 1}: {text[position : position + 20]!r}"
    return message


def check_expression(text: str) -> None:
    """Raise ExpressionError unless ``text`` is exactly one SQL expression."""
    _parse(text)


def expression_problem(text: str) -> str | None:
    """The reason ``text`` is not one SQL expression, or None when it is."""
    try:
        _parse(text)
    except ExpressionError as error:
        return str(error)
    return None


def expression_tree(text: str) -> dict[str, Any]:
    """The parse tree (pglast JSON) of one valid expression."""
    return _parse(text)


def column_references(text: str) -> set[str]:
    """The column names an expression reads (the last part of each column reference)."""
    return set(columns_read(_parse(text)))


def columns_read(tree: dict[str, Any]) -> list[str]:
    """The column names a parse tree reads, in the order they appear (with repeats)."""
    return [
        fields[-1]["String"]["sval"] for fields, _ in _column_refs(tree) if "String" in fields[-1]
    ]


def rename_column(text: str, old: str, new: str) -> str:
    """``text`` with every reference to the column ``old`` naming ``new`` instead.

    A reference is a column reference whose last part is ``old`` (``old``, ``"old"``,
    ``t.old``). Only those names change, quoted as ``new`` needs; the rest of the text
    stays as it was written. PostgreSQL keeps a parsed expression and follows a rename
    by itself; we keep the text, so a rename must rewrite it.
    """
    return _rename_part(text, old, new, from_end=1)


def rename_table(text: str, old: str, new: str) -> str:
    """``text`` with the columns it qualifies by the table ``old`` (``old.title``)
    qualified by ``new`` instead; as ``rename_column``, only those names change."""
    return _rename_part(text, old, new, from_end=2)


def table_qualifiers(text: str) -> set[str]:
    """The table names an expression qualifies its columns with (``t`` of ``t.a``)."""
    found: set[str] = set()
    for fields, _ in _column_refs(_parse(text)):
        if len(fields) >= 2 and "String" in fields[-2]:
            found.add(fields[-2]["String"]["sval"])
    return found


def _column_refs(node: Any) -> list[tuple[list[Any], int]]:
    """(fields, location) of every column reference in a parse tree, in the order they
    appear (depth first, without recursion)."""
    found: list[tuple[list[Any], int]] = []
    pending = [node]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if "ColumnRef" in node:
                reference = node["ColumnRef"]
                found.append((reference["fields"], reference["location"]))
            pending.extend(reversed(node.values()))
        elif isinstance(node, list):
            pending.extend(reversed(node))
    return found


def _rename_part(text: str, old: str, new: str, *, from_end: int) -> str:
    """Rename the part ``from_end`` places from the end (1: the column, 2: its table) of
    each column reference where that part is ``old``."""
    # Parse-tree locations count bytes of "SELECT <text>"; scanner tokens count characters.
    encoded = (_PREFIX + text).encode()
    starts: list[tuple[int, int]] = []  # (character where the reference starts, its part)
    for fields, location in _column_refs(_parse(text)):
        if len(fields) >= from_end and fields[-from_end].get("String", {}).get("sval") == old:
            start = len(encoded[:location].decode()) - len(_PREFIX)
            starts.append((start, len(fields) - from_end))
    if not starts:
        return text
    tokens = parser.scan(text)
    token_at = {token.start: number for number, token in enumerate(tokens)}
    pieces, written = [], 0
    for start, part in sorted(starts):
        # The parts of a reference are names separated by dots: name . name . name
        token = tokens[token_at[start] + 2 * part]
        pieces += [text[written : token.start], quote_ident(new)]
        written = token.end + 1
    pieces.append(text[written:])
    return "".join(pieces)


def needs_parentheses(text: str) -> bool:
    """Whether ``text`` must be parenthesised after DEFAULT to be read as one expression."""
    node = _parse(text)
    kind = next(iter(node))
    # A call written in SQL's own syntax may read as an operator (now() AT TIME ZONE
    # 'UTC' is timezone(...)), which DEFAULT does not take without parentheses.
    if kind == "FuncCall" and node[kind].get("funcformat") == "COERCE_SQL_SYNTAX":
        return True
    return kind not in _SIMPLE_NODES


def _refuse_comments_and_statements(text: str) -> None:
    try:
        tokens = parser.scan(text)
    except parser.ParseError as error:
        raise ExpressionError(_parse_message(error, text, offset=0)) from None
    for token in tokens:
        if token.name in {"SQL_COMMENT", "C_COMMENT"}:
            raise ExpressionError("comments are not allowed here")
        if token.name == "ASCII_59":
            raise ExpressionError("a semicolon ends a statement; it is not allowed here")


def parse_index_keys(text: str) -> tuple[IndexElement, ...]:
    """Index keys written as in SQL: ``user_id, created_at DESC, (lower(email))``.

    Each key is a column name or a parenthesised expression, optionally followed by an
    operator class, ASC / DESC and NULLS FIRST / LAST. Expressions come back in
    PostgreSQL's own spelling (deparsed by pglast), checked as one expression each.
    """
    if not text.strip():
        raise ExpressionError("give at least one column or (expression)")
    _refuse_unreadable(text)
    _refuse_comments_and_statements(text)
    prefix = "CREATE INDEX i ON t ("
    try:
        # The depth first, from the JSON tree: pglast's deparser recurses several
        # frames a node. IndexStmt and IndexElem are the two nodes above each key.
        depth, _ = _shape(_tree(parser.parse_sql_json(f"{prefix}{text})")))
        statements = parse_sql(f"{prefix}{text})")
    except parser.ParseError as error:
        raise ExpressionError(_parse_message(error, text, offset=len(prefix))) from None
    if depth > MAX_EXPRESSION_DEPTH + 2:
        raise ExpressionError(_TOO_DEEP)
    statement = statements[0].stmt if len(statements) == 1 else None
    if (
        not isinstance(statement, ast.IndexStmt)
        or statement.whereClause is not None
        or statement.indexIncludingParams
    ):
        raise ExpressionError("write a comma-separated list of columns or (expressions)")
    elements = []
    for param in statement.indexParams:
        expression = None
        if param.expr is not None:
            expression = RawStream()(param.expr)
            check_expression(expression)
        opclass = ".".join(name.sval for name in param.opclass) if param.opclass else None
        elements.append(
            IndexElement(
                column=param.name,
                expression=expression,
                descending=param.ordering == enums.SortByDir.SORTBY_DESC,
                nulls={
                    enums.SortByNulls.SORTBY_NULLS_FIRST: NullsOrder.FIRST,
                    enums.SortByNulls.SORTBY_NULLS_LAST: NullsOrder.LAST,
                }.get(param.nulls_ordering, NullsOrder.DEFAULT),
                opclass=opclass,
            )
        )
    return tuple(elements)


def parse_column_list(text: str) -> tuple[str, ...]:
    """Plain column names separated by commas (names may be double-quoted)."""
    elements = parse_index_keys(text)
    if any(
        element.column is None or element.descending or element.nulls or element.opclass
        for element in elements
    ):
        raise ExpressionError("write column names only, separated by commas")
    return tuple(str(element.column) for element in elements)
