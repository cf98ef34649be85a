"""What an analysis says about one query: small frozen dataclasses (``analysis`` exports
them; the other modules of the workbench build them)."""

from __future__ import annotations

from dataclasses import dataclass

from designer.schema.model import Index, QName


@dataclass(frozen=True)
class QueryError:
    """A problem that stops the analysis of a name or of the whole query."""

    message: str
    position: int | None  # 0-based character offset in the SQL, when known
    line: int | None  # 1-based
    column: int | None  # 1-based


@dataclass(frozen=True)
class Predicate:
    """One condition of WHERE or JOIN ON on a single table."""

    column: str | None  # the column compared, when it is a plain column
    expression: str | None  # deparsed expression when a function wraps it: "lower(email)"
    operator: str  # "=", "<", "between", "in", "like", "ilike", "is null", ...
    kind: str  # "equality" | "range" | "prefix" | "infix" | "other"
    constant: str | None  # the SQL constant compared to; None for $n or another column
    text: str  # the predicate as SQL (deparsed, unqualified)


@dataclass(frozen=True)
class SortKey:
    column: str | None
    expression: str | None
    descending: bool = False
    nulls: str | None = None  # "first" | "last" | None (the direction's default)


@dataclass(frozen=True)
class TableAccess:
    """One table reference (FROM / JOIN / UPDATE / DELETE) of the query."""

    table: QName
    alias: str
    predicates: tuple[Predicate, ...]
    join_keys: tuple[tuple[str, QName, str], ...]  # (my column, other table, other column)
    group_by: tuple[str, ...]
    order_by: tuple[SortKey, ...]  # only when every ORDER BY key is of this table
    limit: int | None  # None = no LIMIT; a $n parameter counts as 100
    offset: int | None  # None = no OFFSET or a parameter
    columns: tuple[str, ...]  # the columns of this table the query reads anywhere
    select_star: bool


@dataclass(frozen=True)
class IndexUse:
    key: str  # Index.id, UniqueConstraint.id, Column.id (its UNIQUE) or Table.id (its PK)
    kind: str  # "index" | "primary key" | "unique"
    name: str  # as the DDL spells it
    how: str  # words
    sorted: bool  # the index also gives the ORDER BY
    covering: bool  # an index-only scan is possible


@dataclass(frozen=True)
class Suggestion:
    table: QName
    table_id: str
    index: Index  # fresh id, name None, rationale set
    reason: str
    sql: str  # CREATE INDEX ... as the DDL generator spells it
    extension: str | None  # "pg_trgm" when the index needs it


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    table: QName | None = None
    rewrite: str | None = None  # SQL text of the suggested rewrite


@dataclass(frozen=True)
class AccessResult:
    access: TableAccess
    served_by: IndexUse | None
    suggestion: Suggestion | None


@dataclass(frozen=True)
class QueryAnalysis:
    sql: str
    name: str
    errors: tuple[QueryError, ...]
    accesses: tuple[AccessResult, ...]
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.errors
