"""Saved queries: the indexes they leave unused, and the queries the design broke.

The project's saved queries (the query workbench, ``designer.workbench.analysis``) are
what the application runs. When a project has some, an index that serves none of them is
write cost without a reader (``index-unused``) — except an index that enforces
uniqueness, or whose leading keys cover a foreign key's columns, which serves the
foreign key's checks (ON DELETE, ON UPDATE) and joins whatever the saved queries are. A
saved query that names a table or column the design does not have (after a rename, say)
fails the day the application runs it (``query-broken``).

An index serves a query when the analysis picks it for one of the query's table accesses
(``index_usage``: the best index for the access), so an index whose every query another
index serves better is unused too: there is no separate rule for shadowed indexes.

Indexes made redundant by another (whose keys lead another's) are ``index-redundant``
(``designer/lint/indexes.py``), with or without saved queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from designer.schema.model import Index, IndexMethod, Relationship, SavedQuery, Table

from .findings import Issue, Severity, Target
from .foreign_keys import _only_not_null
from .registry import query_rule, rule

if TYPE_CHECKING:
    from designer.workbench.analysis import QueryAnalysis

    from .context import Context


def _analyses(context: Context) -> dict[str, QueryAnalysis]:
    from designer.workbench.analysis import analyses

    return context.remember("query analyses", lambda: analyses(context.schema))


def _usage(context: Context) -> dict[str, tuple[SavedQuery, ...]]:
    from designer.workbench.analysis import index_usage

    return context.remember("index usage", lambda: index_usage(context.schema))


def covers_foreign_key(index: Index, relationships: tuple[Relationship, ...]) -> bool:
    """Whether ``index`` has a foreign key's columns as its leading keys (in any order
    among them): a btree, partial only on ``col IS NOT NULL`` (as ``fk-unindexed``)."""
    if index.method is not IndexMethod.BTREE:
        return False
    for relationship in relationships:
        width = len(relationship.from_columns)
        leading = index.column_names[:width]
        wanted = set(relationship.from_columns)
        if len(leading) < width or None in leading or set(leading) != wanted:
            continue
        if index.where is None or _only_not_null(index.where, wanted):
            return True
    return False


@rule(
    "index-unused",
    title="An index no saved query uses (when the project has saved queries), that "
    "enforces nothing and covers no foreign key.",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def unused(context: Context, table: Table) -> Iterator[Issue]:
    queries = context.schema.queries
    if not queries or not table.indexes:
        return
    usage = _usage(context)
    relationships = context.foreign_keys(table)
    for index in table.indexes:
        if index.unique or usage.get(index.id) or covers_foreign_key(index, relationships):
            continue
        name = context.names.index(index.id)
        columns = sorted({c for c in index.column_names if c} | set(index.include))
        updates = f"every UPDATE of {', '.join(columns)}" if columns else "UPDATEs"
        count = "the one saved query" if len(queries) == 1 else f"the {len(queries)} saved queries"
        yield Issue(
            message=f"{table.name}: no saved query uses index {name}.",
            why=(
                f"None of {count} reads {table.name} through {name} (where another index "
                "serves a query better, the planner takes that one), yet every INSERT, "
                f"{updates} and every DELETE writes it (and so do vacuum and the WAL): "
                "disk, memory and write time without a reader. It does not enforce "
                "uniqueness and covers no foreign key."
            ),
            fix=(
                f"Save the query that needs {name} (its analysis then shows the index "
                f"serving it), or drop {name}."
            ),
            target=Target(table=table.id, index=index.id),
        )


@query_rule(
    "query-broken",
    title="A saved query naming a table or column the design does not have (or that is "
    "not one valid statement).",
    strict=Severity.ERROR,
    relaxed=Severity.ERROR,
)
def broken(context: Context, query: SavedQuery) -> Iterator[Issue]:
    analysis = _analyses(context).get(query.id)
    if analysis is None or not analysis.errors:
        return
    first = analysis.errors[0]
    where = f" (line {first.line}, column {first.column})" if first.line is not None else ""
    more = len(analysis.errors) - 1
    also = f" And {more} more problem{'s' if more > 1 else ''}." if more else ""
    yield Issue(
        message=f"Saved query “{query.name}”: {first.message.rstrip().rstrip('.')}{where}.{also}",
        why=(
            "The application runs this query; on a database built from this design it "
            "fails. A rename or a removal in the design does not rewrite the saved queries."
        ),
        fix=(
            "Edit the query to the design's names (Queries tab), or add the table or "
            "column it needs."
        ),
        target=Target(query=query.id),
    )
