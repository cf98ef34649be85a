"""Findings about a query as written: deep OFFSET (with the keyset rewrite), NOT IN over a
subquery (with the NOT EXISTS rewrite), a foreign-key join without an index, SELECT * on
a wide table, a function that hides an indexed column, an ORDER BY ... LIMIT no index
gives.

A rewrite is made on a fresh parse of the query (the node found again by its position)
and deparsed by pglast.
"""

from __future__ import annotations

from pglast import ast, enums, parser
from pglast.stream import IndentedStream

from designer.generators.queries import covering_index
from designer.schema.model import Table
from designer.schema.sqltext import quote_ident

from .catalog import Catalog
from .extract import Access, Paging, Scope, Walker, deparse, nodes_below
from .indexes import candidates, canonical
from .results import Finding, IndexUse, Suggestion

DEEP_OFFSET = 1000
WIDE_TABLE = 10


def findings(
    catalog: Catalog,
    walker: Walker,
    results: list[tuple[Access, IndexUse | None, Suggestion | None]],
) -> list[Finding]:
    found: list[Finding] = []
    for paging in walker.paging:
        finding = _deep_offset(walker, paging)
        if finding is not None:
            found.append(finding)
    for sublink, scope in walker.not_in:
        found.append(_not_in(walker, sublink, scope))
    seen: set[tuple[str, str]] = set()
    for access, served, suggestion in results:
        found += _foreign_key_joins(catalog, access, seen)
        table = access.table
        if access.select_star and len(table.columns) > WIDE_TABLE:
            found.append(
                Finding(
                    "select-star-wide",
                    f"SELECT * reads all {len(table.columns)} columns of {table.qname}: name "
                    "the columns the application uses, so that fewer bytes travel and an "
                    "index-only scan becomes possible.",
                    table.qname,
                )
            )
        found += _functions(catalog, access, served)
        unsorted = served is None or not served.sorted
        if access.order_by and access.limit is not None and suggestion is None and unsorted:
            keys = ", ".join(key.column or key.expression or "" for key in access.order_by)
            several = [
                p.column or p.expression or ""
                for p in access.predicates
                if p.kind == "equality" and p.operator == "in"
            ]
            why = f"no index of {table.qname} gives that order"
            if served is not None and several:
                why = (
                    f"{served.name} finds the rows, but an IN list of several values on "
                    f"{', '.join(several)} reads each value's rows in turn, not in that order"
                )
            found.append(
                Finding(
                    "sort-not-served",
                    f"ORDER BY {keys} with LIMIT {access.limit}: {why}, so PostgreSQL sorts "
                    "every matching row to return the first few.",
                    table.qname,
                )
            )
    return found


# --- deep OFFSET -------------------------------------------------------------------------


def _deep_offset(walker: Walker, paging: Paging) -> Finding | None:
    parameter = isinstance(paging.statement.limitOffset, ast.ParamRef)
    if not parameter and (paging.offset is None or paging.offset < DEEP_OFFSET):
        return None
    how_far = (
        f"{deparse(paging.statement.limitOffset)} (a parameter)"
        if parameter
        else f"{paging.offset:,}"
    )
    message = (
        f"OFFSET {how_far}: PostgreSQL reads and throws away every row before the page, so "
        "each page is slower than the last."
    )
    access = paging.sort_access
    table = access.table.qname if access is not None else None
    if not paging.statement.sortClause:
        return Finding(
            "deep-offset", message + " Without an ORDER BY, pages are not even stable.", table
        )
    try:
        rewrite, keys = _keyset(walker, paging)
    except Exception:
        rewrite, keys = None, ""
    if rewrite is None:
        return Finding(
            "deep-offset",
            message + " The ORDER BY mixes directions or expressions: "
            "keyset pagination needs a row comparison on plain sort columns.",
            table,
        )
    message += (
        f" Keyset pagination remembers the last row's {keys} and asks for the rows after it, "
        "which an index on the sort columns finds directly."
    )
    return Finding("deep-offset", message, table, rewrite)


def _keyset(walker: Walker, paging: Paging) -> tuple[str | None, str]:
    root, statement = _fresh(walker.sql, lambda node: _offset_at(node, paging.location))
    if statement is None:
        return None, ""
    keys: list[str] = []
    directions = set()
    for item in statement.sortClause or ():
        node = item.node
        targets = [t for t in statement.targetList or () if isinstance(t, ast.ResTarget)]
        if isinstance(node, ast.A_Const) and isinstance(node.val, ast.Integer):
            position = node.val.ival
            if not 1 <= position <= len(targets):
                return None, ""
            node = targets[position - 1].val
        if not isinstance(node, ast.ColumnRef) or item.sortby_nulls not in (
            enums.SortByNulls.SORTBY_NULLS_DEFAULT,
            None,
        ):
            return None, ""
        directions.add(item.sortby_dir == enums.SortByDir.SORTBY_DESC)
        keys.append(deparse(node))
    if len(directions) != 1:
        return None, ""
    descending = directions.pop()
    access = paging.sort_access
    if access is not None:
        extra = _tie_breaker(access.table, access, paging.scope, statement)
        for column in extra:
            keys.append(column)
            statement.sortClause = (
                *statement.sortClause,
                _parse_expression(f"1 ORDER BY {column}{' DESC' if descending else ''}"),
            )
    first = _next_parameter(statement)
    parameters = [f"${first + n}" for n in range(len(keys))]
    if len(keys) == 1:
        condition = f"{keys[0]} {'<' if descending else '>'} {parameters[0]}"
    else:
        condition = f"({', '.join(keys)}) {'<' if descending else '>'} ({', '.join(parameters)})"
    compared = _parse_where(condition)
    statement.limitOffset = None
    if statement.whereClause is None:
        statement.whereClause = compared
    else:
        statement.whereClause = ast.BoolExpr(
            boolop=enums.BoolExprType.AND_EXPR, args=(statement.whereClause, compared)
        )
    shown = f"({', '.join(keys)})" if len(keys) > 1 else keys[0]
    return _pretty(root), shown


def _tie_breaker(
    table: Table, access: Access, scope: Scope, statement: ast.SelectStmt
) -> list[str]:
    """The primary key columns to add to the ORDER BY when the sort keys may repeat."""
    sorted_columns = {key.column for key in access.order_by}
    for unique in table.unique_keys():
        if set(unique) <= sorted_columns:
            return []
    if table.primary_key is None:
        return []
    qualify = len(scope.sources) > 1 or access.alias != table.name
    prefix = f"{quote_ident(access.alias)}." if qualify else ""
    return [
        f"{prefix}{quote_ident(c)}" for c in table.primary_key.columns if c not in sorted_columns
    ]


def _next_parameter(statement: ast.Node) -> int:
    numbers = [node.number for node in nodes_below(statement) if isinstance(node, ast.ParamRef)]
    return max(numbers, default=0) + 1


def _parse_where(condition: str) -> ast.Node:
    return parser.parse_sql(f"SELECT 1 WHERE {condition}")[0].stmt.whereClause


def _parse_expression(text: str) -> ast.SortBy:
    return parser.parse_sql(f"SELECT {text}")[0].stmt.sortClause[0]


def _offset_at(node: ast.Node, location: int | None) -> bool:
    offset = getattr(node, "limitOffset", None) if isinstance(node, ast.SelectStmt) else None
    return offset is not None and getattr(offset, "location", None) == location


def _pretty(node: ast.Node) -> str:
    return IndentedStream(compact_lists_margin=100)(node)


def _fresh(sql: str, wanted) -> tuple[ast.Node, ast.Node | None]:
    """A fresh parse of ``sql`` (to change) and its node that ``wanted`` picks."""
    root = parser.parse_sql(sql)[0].stmt
    return root, next((node for node in nodes_below(root) if wanted(node)), None)


# --- NOT IN (subquery) -------------------------------------------------------------------


def _not_in(walker: Walker, sublink: ast.SubLink, scope: Scope) -> Finding:
    message = (
        "NOT IN (subquery) returns no row at all as soon as the subquery yields one NULL, "
        "and PostgreSQL cannot run it as an anti-join; NOT EXISTS says what is meant and "
        "can use an index on the subquery's column."
    )
    rewrite = None
    try:
        rewrite = _not_exists(walker, sublink, scope)
    except Exception:
        rewrite = None
    return Finding("not-in-subquery", message, None, rewrite)


def _not_exists(walker: Walker, sublink: ast.SubLink, scope: Scope) -> str | None:
    location = sublink.location
    root, found = _fresh(
        walker.sql, lambda n: isinstance(n, ast.SubLink) and n.location == location
    )
    if found is None:
        return None
    select = found.subselect
    tested = found.testexpr
    if (
        not isinstance(select, ast.SelectStmt)
        or (select.op is not None and select.op != enums.SetOperation.SETOP_NONE)
        or len(select.targetList or ()) != 1
        or isinstance(tested, ast.RowExpr)
    ):
        return None
    original = walker.resolved.get(id(sublink.testexpr))
    if isinstance(tested, ast.ColumnRef) and len(tested.fields) == 1 and original is not None:
        alias = original[0].alias
        if alias:
            tested.fields = (ast.String(sval=alias), *tested.fields)
    inner = select.targetList[0].val
    equal = ast.A_Expr(
        kind=enums.A_Expr_Kind.AEXPR_OP, name=(ast.String(sval="="),), lexpr=inner, rexpr=tested
    )
    if select.whereClause is None:
        select.whereClause = equal
    else:
        select.whereClause = ast.BoolExpr(
            boolop=enums.BoolExprType.AND_EXPR, args=(select.whereClause, equal)
        )
    select.targetList = (ast.ResTarget(val=ast.A_Const(val=ast.Integer(ival=1))),)
    found.subLinkType = enums.SubLinkType.EXISTS_SUBLINK
    found.testexpr = None
    found.operName = None
    return _pretty(root)


# --- joins and functions -----------------------------------------------------------------


def _foreign_key_joins(
    catalog: Catalog, access: Access, seen: set[tuple[str, str]]
) -> list[Finding]:
    found = []
    table = access.table
    pairs = set(access.join_keys)
    for relationship in catalog.schema.relationships_from(table.qname):
        wanted = {
            (mine, relationship.to_table, theirs)
            for mine, theirs in zip(
                relationship.from_columns, relationship.to_columns, strict=False
            )
        }
        if not wanted or not wanted <= pairs or (table.id, relationship.id) in seen:
            continue
        seen.add((table.id, relationship.id))
        if covering_index(table, relationship.from_columns, catalog.names) is not None:
            continue
        columns = ", ".join(relationship.from_columns)
        found.append(
            Finding(
                "fk-join-unindexed",
                f"The join follows the foreign key {table.qname} ({columns}) → "
                f"{relationship.to_table}, but no index of {table.qname} starts with {columns}: "
                f"for each {relationship.to_table} row PostgreSQL must scan {table.qname}. "
                f"An index on {table.qname} ({columns}) serves the join.",
                table.qname,
            )
        )
    return found


def _functions(catalog: Catalog, access: Access, served: IndexUse | None) -> list[Finding]:
    found = []
    shapes = candidates(catalog, access.table)
    for expression, columns in access.wrapped:
        match = "(" + canonical(expression) + ")"
        if any(key.match == match for shape in shapes for key in shape.keys):
            continue
        for column in columns:
            indexed = [shape for shape in shapes if shape.keys and shape.keys[0].match == column]
            if not indexed:
                continue
            found.append(
                Finding(
                    "function-on-column",
                    f"{expression} wraps {column}, so {indexed[0].name} on {column} cannot "
                    f"be used for this condition: compare {column} itself, or index the "
                    f"expression ({expression}).",
                    access.table.qname,
                )
            )
            break
    return found
