"""Which existing index serves a table access, and which index to suggest when none does.

A B-tree (the primary key, a unique constraint or an index) serves an access when its
leading keys are equality columns of the access (in any order among them), optionally
followed by one range column, or when its keys, after the equality ones, give the
ORDER BY (the same directions and NULLS, or all of them reversed). An IN list of several
values is an equality that does not keep the order (each value's rows in turn); a key
with an operator class other than the type's default (``text_pattern_ops``) serves
equality and ``LIKE 'abc%'``, never an ORDER BY or a range. A partial index only
when its WHERE is implied by the query's constant conditions (``status = 'open'``
implies ``status IN ('open', 'done')``); an expression key only when the query compares
the same expression. A GIN ``gin_trgm_ops`` index serves ``LIKE`` / ``ILIKE``.

A suggestion orders its keys equality → range → sort, moves a constant condition on a
boolean or status-like column into a partial ``WHERE``, INCLUDEs the few other columns
the query reads (an index-only scan), and is never a prefix of an index the table has
that holds the same rows (no WHERE, the same WHERE, or one the query implies).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from functools import lru_cache

from pglast import parser

from designer.generators.ddl import index_statement
from designer.schema.model import Index, IndexElement, IndexMethod, NullsOrder, Table
from designer.schema.naming import Names, assign_names, expression_words, trim_identifier
from designer.schema.sqltext import qualified
from designer.schema.types import index_methods

from .catalog import Catalog
from .extract import Walker, conjuncts, constant_text, unqualified_text
from .results import IndexUse, Predicate, SortKey, Suggestion, TableAccess

TRIGRAM_OPCLASS = "gin_trgm_ops"
PATTERN_OPCLASSES = {
    "text": "text_pattern_ops",
    "varchar": "varchar_pattern_ops",
    "char": "bpchar_pattern_ops",
}
MAX_INCLUDE = 3
# Columns whose constant conditions make a good partial index's WHERE.
STATUS_WORDS = frozenset(
    [
        "status",
        "state",
        "kind",
        "type",
        "stage",
        "phase",
        "deleted",
        "archived",
        "active",
        "enabled",
        "disabled",
        "visible",
        "hidden",
        "published",
        "draft",
        "completed",
        "done",
        "closed",
        "open",
        "processed",
    ]
)
_IMPLIES_NOT_NULL = frozenset({"=", "<", "<=", ">", ">=", "between", "in", "like", "ilike"})
# B-tree operator classes that sort as the type's default one does (the defaults, and
# ``varchar_ops`` / ``cidr_ops``, other names of ``text_ops`` / ``inet_ops``). A key with
# another operator class (``text_pattern_ops``: equality and LIKE 'abc%' only) gives no
# ORDER BY and no range.
ORDERED_OPCLASSES = frozenset(
    [
        "array_ops",
        "bit_ops",
        "bool_ops",
        "bpchar_ops",
        "bytea_ops",
        "char_ops",
        "cidr_ops",
        "citext_ops",
        "date_ops",
        "enum_ops",
        "float4_ops",
        "float8_ops",
        "inet_ops",
        "int2_ops",
        "int4_ops",
        "int8_ops",
        "interval_ops",
        "jsonb_ops",
        "macaddr_ops",
        "macaddr8_ops",
        "money_ops",
        "name_ops",
        "numeric_ops",
        "oid_ops",
        "pg_lsn_ops",
        "range_ops",
        "record_ops",
        "text_ops",
        "time_ops",
        "timestamp_ops",
        "timestamptz_ops",
        "timetz_ops",
        "tsvector_ops",
        "uuid_ops",
        "varbit_ops",
        "varchar_ops",
    ]
)


@lru_cache(maxsize=4096)
def canonical(expression: str) -> str:
    """An expression as pglast deparses it, column references unqualified: the same text
    for the same expression however it was spaced or qualified."""
    try:
        statement = parser.parse_sql(f"SELECT {expression}")[0].stmt
        return unqualified_text(statement.targetList[0].val)
    except Exception:
        return expression.strip()


def _match(column: str | None, expression: str | None) -> str:
    return column if column is not None else "(" + canonical(expression or "") + ")"


@dataclass(frozen=True)
class Key:
    match: str  # the column name, or "(canonical expression)"
    descending: bool
    nulls_first: bool
    opclass: str | None

    def flipped(self) -> Key:
        return Key(self.match, not self.descending, not self.nulls_first, self.opclass)

    @property
    def ordered(self) -> bool:
        """Whether a B-tree on this key gives its order (and so ORDER BY and ranges)."""
        return self.opclass is None

    @property
    def pattern(self) -> bool:
        """A ``*_pattern_ops`` key: equality and ``LIKE 'abc%'`` only."""
        return self.opclass is not None and self.opclass.endswith("_pattern_ops")


def _opclass(name: str | None) -> str | None:
    """The operator class without its schema; None for one that orders as the default."""
    if not name:
        return None
    bare = name.split(".")[-1].strip('"').lower()
    return None if bare in ORDERED_OPCLASSES else bare


def _element_key(element: IndexElement) -> Key:
    nulls_first = (
        element.nulls is NullsOrder.FIRST
        if element.nulls is not NullsOrder.DEFAULT
        else element.descending
    )
    return Key(
        _match(element.column, element.expression),
        element.descending,
        nulls_first,
        _opclass(element.opclass),
    )


def _sort_key(key: SortKey) -> Key:
    nulls_first = key.nulls == "first" if key.nulls else key.descending
    return Key(_match(key.column, key.expression), key.descending, nulls_first, None)


@dataclass(frozen=True)
class Candidate:
    """An index, or a key constraint's index, as far as serving goes."""

    key: str
    kind: str  # "index" | "primary key" | "unique"
    name: str
    keys: tuple[Key, ...]
    method: IndexMethod
    where: frozenset[tuple] | None  # the facts its WHERE needs, None without WHERE
    include: frozenset[str]
    unique: bool

    @property
    def columns(self) -> set[str]:
        return {key.match for key in self.keys}


def candidates(catalog: Catalog, table: Table) -> tuple[Candidate, ...]:
    """The table's indexes and key constraints (computed once per schema and table)."""
    memo_key = ("candidates", table.id)
    if memo_key not in catalog.memo:
        catalog.memo[memo_key] = _candidates(catalog, table)
    return catalog.memo[memo_key]  # type: ignore[return-value]


def _candidates(catalog: Catalog, table: Table) -> tuple[Candidate, ...]:
    names = catalog.names
    found: list[Candidate] = []

    def constraint(key: str, kind: str, name: str, columns: tuple[str, ...]) -> None:
        keys = tuple(Key(column, False, False, None) for column in columns)
        found.append(Candidate(key, kind, name, keys, IndexMethod.BTREE, None, frozenset(), True))

    if table.primary_key is not None and table.primary_key.columns:
        constraint(table.id, "primary key", names.primary_key(table), table.primary_key.columns)
    for column in table.columns:
        if column.unique:
            constraint(column.id, "unique", names.unique_column(column.id), (column.name,))
    for unique in table.uniques:
        if unique.columns:
            constraint(unique.id, "unique", names.unique(unique.id), unique.columns)
    for index in table.indexes:
        if not index.elements:
            continue
        where = where_facts(catalog, table, index.where) if index.where else None
        found.append(
            Candidate(
                index.id,
                "index",
                names.index(index.id),
                tuple(_element_key(element) for element in index.elements),
                index.method,
                where,
                frozenset(index.include),
                index.unique,
            )
        )
    return tuple(found)


def fact(predicate: Predicate) -> tuple:
    return (_match(predicate.column, predicate.expression), predicate.operator, predicate.constant)


def where_facts(catalog: Catalog, table: Table, where: str) -> frozenset[tuple]:
    """The conditions a partial index's WHERE states, as the analysis reads a query's."""
    sql = f"SELECT 1 FROM {qualified(table.qname)} WHERE {where}"
    try:
        statement = parser.parse_sql(sql)[0].stmt
        walker = Walker(catalog, sql)
        walker.statement(statement, None, frozenset())
    except Exception:
        return frozenset({("unreadable", where, None)})
    if not walker.accesses:
        return frozenset({("unreadable", where, None)})
    access = walker.accesses[0]
    if len(access.predicates) != len(conjuncts(statement.whereClause)):
        return frozenset({("unreadable", where, None)})
    return frozenset(fact(predicate) for predicate in access.predicates)


@lru_cache(maxsize=4096)
def in_values(constant: str | None) -> frozenset[str] | None:
    """The constants of an IN list's text ``('a', 'b')``, or None when not all constant."""
    if not constant:
        return None
    try:
        statement = parser.parse_sql(f"SELECT 1 WHERE x IN {constant}")[0].stmt
        values = statement.whereClause.rexpr
    except Exception:
        return None
    texts = [constant_text(value) for value in values or ()]
    if not texts or not all(texts):
        return None
    return frozenset(texts)  # type: ignore[arg-type]


def _within(predicate: Predicate, allowed: frozenset[str]) -> bool:
    """Whether ``predicate`` keeps its column's value among the constants ``allowed``."""
    if predicate.operator == "=":
        return predicate.constant is not None and predicate.constant in allowed
    if predicate.operator == "in":
        values = in_values(predicate.constant)
        return values is not None and values <= allowed
    return False


def implied(where: frozenset[tuple] | None, access: TableAccess) -> bool:
    """Whether the query's own conditions imply a partial index's WHERE."""
    if where is None:
        return True
    have = {fact(predicate) for predicate in access.predicates}
    compared = {
        fact(predicate)[0]
        for predicate in access.predicates
        if predicate.operator in _IMPLIES_NOT_NULL
    }
    for needed in where:
        if needed in have:
            continue
        if needed[1] == "is not null" and needed[0] in compared:
            continue  # a strict comparison implies NOT NULL
        allowed = in_values(needed[2]) if needed[1] == "in" else None
        if allowed is not None and any(
            _match(p.column, p.expression) == needed[0] and _within(p, allowed)
            for p in access.predicates
        ):
            continue  # status = 'open' (or IN a part of the list) implies status IN ('open', ...)
        return False
    return True


# --- serving -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Use:
    """What one candidate does for one access."""

    candidate: Candidate
    equality: tuple[str, ...]  # the leading keys that equality conditions fix
    range: str | None
    sorted: bool
    one_row: bool
    trigram: str | None
    covering: bool

    @property
    def score(self) -> tuple:
        return (
            self.one_row,
            len(self.equality),
            self.range is not None,
            self.sorted,
            self.trigram is not None,
            # A partial index the query's conditions imply holds fewer rows.
            self.candidate.where is not None,
            self.covering,
            -len(self.candidate.keys),
        )


@dataclass(frozen=True)
class Wants:
    """An access reduced to what an index can do for it."""

    equality: frozenset[str]
    fixed: frozenset[str]  # the equality columns held to one value (not an IN list)
    range: frozenset[str]
    prefix: frozenset[str]
    infix: frozenset[str]
    order: tuple[Key, ...]
    limited: bool
    read: frozenset[str]
    select_star: bool


def wants(access: TableAccess) -> Wants:
    kinds: dict[str, set[str]] = {
        "equality": set(),
        "range": set(),
        "prefix": set(),
        "infix": set(),
    }
    fixed: set[str] = set()
    for predicate in access.predicates:
        if predicate.kind in kinds:
            kinds[predicate.kind].add(_match(predicate.column, predicate.expression))
        if predicate.kind == "equality" and predicate.operator != "in":
            fixed.add(_match(predicate.column, predicate.expression))
    return Wants(
        frozenset(kinds["equality"]),
        frozenset(fixed),
        frozenset(kinds["range"]),
        frozenset(kinds["prefix"]),
        frozenset(kinds["infix"]),
        tuple(_sort_key(key) for key in access.order_by),
        access.limit is not None,
        frozenset(access.columns),
        access.select_star,
    )


def _gives_order(keys: tuple[Key, ...], order: tuple[Key, ...], fixed: frozenset[str]) -> bool:
    """Whether reading ``keys`` (after the ones equality fixes to one value) gives
    ``order``. An IN list of several values fixes nothing: the rows of each value come
    in order, not all of them together."""
    needed = tuple(key for key in order if key.match not in fixed)
    if not order:
        return False
    rest = list(keys)
    while rest and rest[0].match in fixed:
        rest.pop(0)
    used = rest[: len(needed)]
    if not all(key.ordered for key in used):
        return False  # text_pattern_ops and the like do not sort as ORDER BY does
    head = tuple(Key(k.match, k.descending, k.nulls_first, None) for k in used)
    return head == needed or head == tuple(key.flipped() for key in needed)


def use_of(candidate: Candidate, access: TableAccess, wanted: Wants) -> Use | None:
    """What ``candidate`` does for ``access``, or None when it does nothing useful."""
    if not implied(candidate.where, access):
        return None
    covering = not wanted.select_star and wanted.read <= candidate.columns | candidate.include
    if candidate.method is IndexMethod.GIN:
        for key in candidate.keys:
            if key.opclass == TRIGRAM_OPCLASS and key.match in wanted.infix | wanted.prefix:
                return Use(candidate, (), None, False, False, key.match, False)
        return None
    if candidate.method is IndexMethod.HASH:
        first = candidate.keys[0].match
        if len(candidate.keys) == 1 and first in wanted.equality:
            return Use(candidate, (first,), None, False, False, None, False)
        return None
    if candidate.method is not IndexMethod.BTREE:
        return None
    equality: list[str] = []
    for key in candidate.keys:
        if key.match not in wanted.equality:
            break
        equality.append(key.match)
    range_key = None
    if len(equality) < len(candidate.keys):
        following = candidate.keys[len(equality)]
        if (following.ordered and following.match in wanted.range) or (
            following.pattern and following.match in wanted.prefix
        ):
            range_key = following.match
    gives = _gives_order(candidate.keys, wanted.order, wanted.fixed)
    one_row = (
        candidate.unique
        and candidate.where is None
        and all(key.match in wanted.fixed for key in candidate.keys)
    )
    useful = equality or range_key or one_row or (gives and (wanted.limited or equality))
    if not useful:
        return None
    return Use(candidate, tuple(equality), range_key, gives, one_row, None, covering)


def best_use(catalog: Catalog, table: Table, access: TableAccess) -> Use | None:
    wanted = wants(access)
    uses = [use_of(candidate, access, wanted) for candidate in candidates(catalog, table)]
    found = [use for use in uses if use is not None]
    return max(found, key=lambda use: use.score) if found else None


def _words(matches) -> str:
    return ", ".join(matches)


def index_use(use: Use) -> IndexUse:
    parts = []
    if use.one_row:
        parts.append(f"equality on {_words(use.equality)} finds at most one row")
    elif use.equality:
        parts.append(f"equality on {_words(use.equality)}")
    if use.range:
        parts.append(f"a range on {use.range}")
    if use.trigram:
        parts.append(f"trigram search on {use.trigram}")
    if use.sorted:
        parts.append("rows come in ORDER BY order")
    if use.covering:
        parts.append("an index-only scan is possible")
    candidate = use.candidate
    return IndexUse(
        candidate.key, candidate.kind, candidate.name, "; ".join(parts), use.sorted, use.covering
    )


# --- suggestions -------------------------------------------------------------------------


@dataclass
class _Plan:
    elements: list[IndexElement]
    reasons: list[str]
    where: list[Predicate]
    equality: int = 0
    range: bool = False
    prefix: str | None = None  # the column of the LIKE prefix the range key is for
    sort: bool = False
    several: bool = False  # an equality key is an IN list of several values


def _btree_able(table: Table, column: str) -> bool:
    found = table.columns_by_name.get(column)
    if found is None:
        return False
    if not found.type.known:
        return True
    return "btree" in index_methods(found.type.base, array=found.type.array)


def _is_boolean(table: Table, predicate: Predicate) -> bool:
    column = table.columns_by_name.get(predicate.column or "")
    return column is not None and column.type.base == "boolean"


def _partial_able(table: Table, predicate: Predicate) -> bool:
    """A constant condition on a boolean or status-like column: a partial WHERE."""
    if predicate.column is None:
        return False
    column = table.columns_by_name.get(predicate.column)
    if column is None:
        return False
    if predicate.operator in ("is null", "is not null"):
        return True
    if predicate.constant is None or predicate.operator not in ("=", "in"):
        return False
    words = set(predicate.column.lower().replace("is_", "").split("_"))
    return column.type.base == "boolean" or column.type.is_enum or bool(words & STATUS_WORDS)


def _element(predicate: Predicate) -> IndexElement:
    if predicate.column is not None:
        return IndexElement(column=predicate.column)
    return IndexElement(expression=predicate.expression)


def _plan(table: Table, access: TableAccess) -> _Plan | None:
    """The keys to suggest, equality → range → sort, with the partial predicates."""
    plan = _Plan([], [], [p for p in access.predicates if _partial_able(table, p)])
    used: set[str] = set()
    _equality_keys(plan, table, access, used)
    order = [key for key in access.order_by if _match(key.column, key.expression) not in used]
    ranged = _range_key(plan, table, access, used, order)
    if ranged is not None and ranged != (order[0] if order else None):
        order = []  # keys after a range do not give the order
    if plan.several:
        order = []  # nor keys after an IN list of several values: PostgreSQL sorts
    if order and (plan.equality or plan.range or access.limit is not None):
        _sort_keys(plan, table, access, order)
    return plan if plan.elements else None


def _equality_keys(plan: _Plan, table: Table, access: TableAccess, used: set[str]) -> None:
    for predicate in access.predicates:
        match = _match(predicate.column, predicate.expression)
        if predicate.kind != "equality" or predicate in plan.where or match in used:
            continue
        if predicate.column is not None and not _btree_able(table, predicate.column):
            continue
        plan.elements.append(_element(predicate))
        used.add(match)
        plan.equality += 1
        plan.several = plan.several or predicate.operator == "in"
    ranged = any(p.kind in ("range", "prefix") for p in access.predicates)
    if not plan.elements and not access.order_by and not ranged:
        # A status alone (not a boolean, which lint finds too coarse): key it, no WHERE.
        keyed = [p for p in plan.where if not _is_boolean(table, p)]
        for predicate in keyed:
            plan.elements.append(_element(predicate))
            plan.equality += 1
        plan.where = [p for p in plan.where if p not in keyed]
    if plan.equality:
        what = _words(e.column or e.expression or "" for e in plan.elements)
        among = " (in any order among them)" if plan.equality > 1 else ""
        plan.reasons.append(f"equality on {what} first{among}")


def _range_key(
    plan: _Plan, table: Table, access: TableAccess, used: set[str], order: list[SortKey]
) -> SortKey | Predicate | None:
    """Add the one range key (a range before a LIKE prefix). When the range is on the
    first sort key, the sort keys add it; returns that sort key, or the range used."""
    ranged = [
        p
        for p in access.predicates
        if p.kind in ("range", "prefix")
        and _match(p.column, p.expression) not in used
        and (p.column is None or _btree_able(table, p.column))
    ]
    ranged.sort(key=lambda p: p.kind != "range")
    if not ranged:
        return None
    predicate = ranged[0]
    match = _match(predicate.column, predicate.expression)
    if order and _match(order[0].column, order[0].expression) == match:
        plan.range = True
        return order[0]
    element = _element(predicate)
    if predicate.kind == "prefix":
        column = table.columns_by_name.get(predicate.column or "")
        opclass = PATTERN_OPCLASSES.get(column.type.base) if column else None
        if opclass is None:
            return None
        element = IndexElement(column=predicate.column, opclass=opclass)
        plan.prefix = match
    plan.elements.append(element)
    used.add(match)
    plan.range = True
    what = "the LIKE prefix" if predicate.kind == "prefix" else "the range"
    plan.reasons.append(f"then {what} on {match} (after a range key a B-tree gives no more help)")
    return predicate


def _sort_keys(plan: _Plan, table: Table, access: TableAccess, order: list[SortKey]) -> None:
    if not all(key.column is None or _btree_able(table, key.column) for key in order):
        return
    for key in order:
        nulls = NullsOrder(key.nulls) if key.nulls else NullsOrder.DEFAULT
        plan.elements.append(
            IndexElement(
                column=key.column,
                expression=key.expression,
                descending=key.descending,
                nulls=nulls,
            )
        )
    plan.sort = True
    sort_words = _words(key.column or key.expression or "" for key in order)
    limit = f" with LIMIT {access.limit}" if access.limit is not None else ""
    plan.reasons.append(
        f"then the ORDER BY keys {sort_words} in its directions, so rows come sorted"
        f"{limit} and no Sort step is needed"
    )


def suggest(
    catalog: Catalog, table: Table, access: TableAccess, query_name: str, use: Use | None
) -> Suggestion | None:
    """The index to add for ``access``, or None when it is served well enough or there is
    nothing an index would do for it."""
    if use is not None and use.one_row:
        return None
    plan = _plan(table, access)
    if plan is None:
        return _trigram(catalog, table, access, query_name, use)
    # A trigram index serves a LIKE prefix as it serves LIKE '%abc%'.
    trigram_prefix = use is not None and use.trigram is not None and use.trigram == plan.prefix
    if use is not None and (
        len(use.equality) >= plan.equality
        and (use.range is not None or not plan.range or trigram_prefix)
        and (use.sorted or not plan.sort)
    ):
        return None
    elements = tuple(plan.elements)
    keys = tuple(_element_key(element) for element in elements)
    facts = frozenset(fact(predicate) for predicate in plan.where) or None
    if _prefix_of_existing(catalog, table, keys, IndexMethod.BTREE, facts, access):
        return None
    reasons = list(plan.reasons)
    where = " AND ".join(predicate.text for predicate in plan.where) or None
    if where:
        reasons.append(
            f"a partial WHERE {where}: the query always asks for those rows, so the index "
            "holds only them"
        )
    key_columns = {element.column for element in elements}
    where_columns = {predicate.column for predicate in plan.where}
    include: tuple[str, ...] = ()
    if not access.select_star and catalog.schema.pg_version >= 11:
        rest = [c for c in access.columns if c not in key_columns and c not in where_columns]
        if 0 < len(rest) <= MAX_INCLUDE:
            include = tuple(rest)
            reasons.append(
                f"INCLUDE ({', '.join(include)}): the other columns the query reads, so an "
                "index-only scan is possible"
            )
    if use is not None:
        reasons.append(f"{use.candidate.name} serves the query only in part")
    index = Index(
        id=str(uuid.uuid4()),
        elements=elements,
        where=where,
        include=include,
    )
    return _suggestion(catalog, table, index, query_name, "; ".join(reasons), None)


def _trigram(
    catalog: Catalog, table: Table, access: TableAccess, query_name: str, use: Use | None
) -> Suggestion | None:
    if use is not None:
        return None
    for predicate in access.predicates:
        if predicate.kind != "infix" or predicate.column is None:
            continue
        column = table.columns_by_name.get(predicate.column)
        if column is None or column.type.base not in ("text", "varchar", "char", "citext"):
            continue
        element = IndexElement(column=predicate.column, opclass=TRIGRAM_OPCLASS)
        key = _element_key(element)
        if _prefix_of_existing(catalog, table, (key,), IndexMethod.GIN, None, access):
            return None
        reason = (
            f"{predicate.operator.upper()} with a leading wildcard on {predicate.column} "
            "cannot use a B-tree; a GIN trigram index (pg_trgm) finds the rows that contain "
            "the text"
        )
        index = Index(id=str(uuid.uuid4()), elements=(element,), method=IndexMethod.GIN)
        return _suggestion(catalog, table, index, query_name, reason, "pg_trgm")
    return None


def _prefix_of_existing(
    catalog: Catalog,
    table: Table,
    keys: tuple[Key, ...],
    method: IndexMethod,
    where: frozenset[tuple] | None,
    access: TableAccess,
) -> bool:
    """Whether an index of the table starts with ``keys`` (same or reversed order) and
    holds the rows the new index (partial ``WHERE`` facts ``where``) would: it has no
    WHERE, the same WHERE, or one the query's conditions imply. An index for other rows
    (WHERE status = 'open' when the query asks for 'in_progress') is no duplicate."""
    flipped = tuple(key.flipped() for key in keys)
    for candidate in candidates(catalog, table):
        if candidate.method is not method:
            continue
        other_rows = candidate.where is not None and candidate.where != where
        if other_rows and not implied(candidate.where, access):
            continue
        head = candidate.keys[: len(keys)]
        if len(head) == len(keys) and head in (keys, flipped):
            return True
    return False


def _suggestion(
    catalog: Catalog,
    table: Table,
    index: Index,
    query_name: str,
    reason: str,
    extension: str | None,
) -> Suggestion:
    reason = reason.removeprefix("then ")
    reason = reason[:1].upper() + reason[1:] + "."
    index = Index(
        id=index.id,
        elements=index.elements,
        method=index.method,
        where=index.where,
        include=index.include,
        rationale=f"Serves query “{query_name}”: {reason}",
    )
    names = Names(by_id={("ix", index.id): new_index_name(catalog, table, index)})
    sql = index_statement(table, index, names)
    return Suggestion(table.qname, table.id, index, reason, sql, extension)


def new_index_name(catalog: Catalog, table: Table, index: Index) -> str:
    """The name the naming convention gives ``index`` once added to ``table``.

    The convention's own name when no relation, constraint or index of the PostgreSQL
    schema has it (the usual case: no need to name the whole schema again); else the
    names of the schema with the index added, worked out in full."""
    keys = [
        element.column if element.column is not None else expression_words(element.expression or "")
        for element in index.elements
    ]
    wanted = trim_identifier(f"ix_{table.name}_{'_'.join(keys)}")
    if wanted not in catalog.taken.get(table.schema, set()):
        return wanted
    schema = catalog.schema
    added = replace(table, indexes=(*table.indexes, index))
    tables = tuple(added if item.id == table.id else item for item in schema.tables)
    return assign_names(replace(schema, tables=tables)).index(index.id)
