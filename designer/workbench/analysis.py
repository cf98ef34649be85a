"""The analysis of a saved query against the design, without a database (pglast).

``analyze`` checks every table and column the query names, gathers what it asks of each
table (``TableAccess``), finds the existing index that serves each access or suggests one,
and adds findings about the query as written. It never raises: what it cannot read is an
error of the analysis.
"""

from __future__ import annotations

from dataclasses import replace

from pglast import ast, parser

from designer.schema.model import SavedQuery, Schema, Table

from .advice import findings
from .catalog import catalog
from .extract import Access, Walker, error_at
from .indexes import best_use, candidates, index_use, suggest
from .results import (
    AccessResult,
    Finding,
    IndexUse,
    Predicate,
    QueryAnalysis,
    QueryError,
    SortKey,
    Suggestion,
    TableAccess,
)

__all__ = [
    "AccessResult",
    "Finding",
    "IndexUse",
    "Predicate",
    "QueryAnalysis",
    "QueryError",
    "SortKey",
    "Suggestion",
    "TableAccess",
    "analyses",
    "analyze",
    "index_usage",
    "parse_error",
]

_KINDS = (ast.SelectStmt, ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt)
TOO_DEEP = "The query is too deeply nested to analyse."


def _parse(sql: str) -> tuple[ast.Node | None, QueryError | None]:
    """The one statement of ``sql``, or the error that says why there is none."""
    try:
        statements = parser.parse_sql(sql)
    except parser.ParseError as error:
        message = str(error.args[0]) if error.args else "syntax error"
        position = error.args[1] if len(error.args) > 1 else None
        if position is None:
            position = len(sql)
        return None, error_at(sql, f"The SQL does not parse: {message}.", position)
    except RecursionError:
        return None, QueryError(TOO_DEEP, None, None, None)
    except Exception as error:
        return None, QueryError(f"The SQL does not parse: {error}.", None, None, None)
    if not statements:
        return None, QueryError("The SQL holds no statement.", None, None, None)
    if len(statements) > 1:
        return None, error_at(
            sql,
            "The SQL holds more than one statement: a saved query is one statement.",
            statements[1].stmt_location,
        )
    statement = statements[0].stmt
    if not isinstance(statement, _KINDS) or getattr(statement, "intoClause", None) is not None:
        return None, error_at(
            sql,
            "A saved query is one SELECT (or WITH), INSERT, UPDATE or DELETE statement.",
            statements[0].stmt_location,
        )
    return statement, None


def parse_error(sql: str) -> QueryError | None:
    """None when ``sql`` is exactly one SELECT / WITH / INSERT / UPDATE / DELETE statement
    that PostgreSQL's parser accepts; else the error, with its position."""
    return _parse(sql)[1]


def analyze(schema: Schema, sql: str, *, name: str = "query") -> QueryAnalysis:
    """The analysis of ``sql`` against ``schema`` (never raises)."""
    try:
        return _analyze(schema, sql, name)
    except RecursionError:
        return QueryAnalysis(sql, name, (QueryError(TOO_DEEP, None, None, None),), (), ())
    except Exception as error:
        failed = QueryError(
            f"The query could not be analysed ({type(error).__name__}).", None, None, None
        )
        return QueryAnalysis(sql, name, (failed,), (), ())


def _analyze(schema: Schema, sql: str, name: str) -> QueryAnalysis:
    statement, error = _parse(sql)
    if statement is None:
        return QueryAnalysis(sql, name, (error,) if error else (), (), ())
    lookups = catalog(schema)
    walker = Walker(lookups, sql)
    walker.statement(statement, None, frozenset())
    results: list[AccessResult] = []
    gathered: list[tuple] = []
    for access in walker.accesses:
        frozen = access.frozen()
        looked_up = _looked_up(access, frozen)
        use = best_use(lookups, access.table, looked_up)
        served: IndexUse | None = index_use(use) if use is not None else None
        suggestion: Suggestion | None = suggest(lookups, access.table, looked_up, name, use)
        results.append(AccessResult(frozen, served, suggestion))
        gathered.append((access, served, suggestion))
    found: list[Finding] = findings(lookups, walker, gathered)
    return QueryAnalysis(sql, name, _unique(walker.errors), tuple(results), tuple(found))


def _looked_up(access: Access, frozen: TableAccess) -> TableAccess:
    """The access as an index sees it: on the inner side of a join (a correlated
    subquery, or a join whose other table has conditions of its own while this one has
    none), its join keys are equalities looked up once per outer row."""
    columns = list(access.correlated)
    if not frozen.predicates:
        others = [
            source.access
            for source in access.scope.sources
            if source.access is not None and source.access is not access
        ]
        if any(other.predicates for other in others):
            columns += [mine for mine, _, _ in frozen.join_keys]
    if not columns:
        return frozen
    known = {predicate.column for predicate in frozen.predicates if predicate.kind == "equality"}
    added = tuple(
        Predicate(column, None, "=", "equality", None, f"{column} = (the joined row's value)")
        for column in dict.fromkeys(columns)
        if column not in known
    )
    return replace(frozen, predicates=frozen.predicates + added)


def _unique(errors: list[QueryError]) -> tuple[QueryError, ...]:
    return tuple(dict.fromkeys(errors))


def analyses(schema: Schema) -> dict[str, QueryAnalysis]:
    """The saved queries' analyses by query id, computed once per schema object."""
    return schema.derived(_analyses)


def _analyses(schema: Schema) -> dict[str, QueryAnalysis]:
    return {query.id: analyze(schema, query.sql, name=query.name) for query in schema.queries}


def index_usage(schema: Schema) -> dict[str, tuple[SavedQuery, ...]]:
    """For every key of every table (the primary key by the table's id, a column's
    UNIQUE by the column's id, a unique constraint, an index): the saved queries it
    serves, in the order of the queries (maybe none)."""
    return schema.derived(_index_usage)


def index_keys(schema: Schema, table: Table) -> tuple[tuple[str, str, str], ...]:
    """``(key, kind, name)`` of each index and key constraint of ``table`` that can serve
    a query, as ``IndexUse`` names them (``kind``: primary key, unique or index)."""
    return tuple((item.key, item.kind, item.name) for item in candidates(catalog(schema), table))


def _index_usage(schema: Schema) -> dict[str, tuple[SavedQuery, ...]]:
    served: dict[str, list[SavedQuery]] = {
        key: [] for table in schema.tables for key, _, _ in index_keys(schema, table)
    }
    found = analyses(schema)
    for query in schema.queries:
        for result in found[query.id].accesses:
            use = result.served_by
            if use is not None and use.key in served and query not in served[use.key]:
                served[use.key].append(query)
    return {key: tuple(queries) for key, queries in served.items()}
