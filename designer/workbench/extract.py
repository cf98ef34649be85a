"""Reading one parsed statement: the names it uses checked against the design, and what
it asks of each table it reads (predicates, join keys, GROUP BY, ORDER BY, LIMIT).

A statement is walked scope by scope (a SELECT level with its FROM items). A FROM item is
a design table (a *table access*), a view, a CTE, a subquery or a function: only a design
table's columns are checked; an unqualified column that no design table of the scope has
is left alone when another item of the scope might have it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from pglast import ast, enums
from pglast.stream import RawStream

from designer.schema.model import QName, Table
from designer.schema.sqltext import quote_literal

from .catalog import Catalog
from .results import Predicate, QueryError, SortKey, TableAccess

# Columns every table has without the design listing them.
SYSTEM_COLUMNS = frozenset({"ctid", "xmin", "xmax", "cmin", "cmax", "tableoid", "oid"})
PARAMETER_LIMIT = 100  # what LIMIT $n counts as

_FLIPPED = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "<>": "<>", "!=": "!="}
_RANGE = frozenset({"<", ">", "<=", ">="})
_STATEMENTS = (ast.SelectStmt, ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt)


def error_at(sql: str, message: str, position: int | None) -> QueryError:
    """A ``QueryError`` at a character offset, with its line and column."""
    if position is None or position < 0:
        return QueryError(message, None, None, None)
    position = min(position, len(sql))
    line = sql.count("\n", 0, position) + 1
    column = position - (sql.rfind("\n", 0, position) + 1) + 1
    return QueryError(message, position, line, column)


def _near(name: str, known) -> str:
    """`` (did you mean “title”?)`` when a known name is close to a mistyped one."""
    close = difflib.get_close_matches(name, list(dict.fromkeys(known)), n=1, cutoff=0.75)
    return f" (did you mean “{close[0]}”?)" if close else ""


def deparse(node: ast.Node) -> str:
    return RawStream()(node)


def unqualified_text(node: ast.Node) -> str:
    """``node`` as SQL with its column references reduced to the column name."""
    # The references are shortened in place for the deparse and put back after it
    # (cheaper than a copy of the tree).
    changed = [
        (item, item.fields)
        for item in nodes_below(node)
        if isinstance(item, ast.ColumnRef)
        and len(item.fields) > 1
        and isinstance(item.fields[-1], ast.String)
    ]
    try:
        for item, fields in changed:
            item.fields = fields[-1:]
        return deparse(node)
    finally:
        for item, fields in changed:
            item.fields = fields


def nodes_below(node: ast.Node):
    """``node`` and every node below it (depth first, without recursion)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Node):
            yield item
            stack.extend(_children(item))
        elif isinstance(item, (tuple, list)):
            stack.extend(item)


def _children(node: ast.Node):
    for slot in node.__slots__:
        value = getattr(node, slot, None)
        if isinstance(value, (ast.Node, tuple, list)):
            yield value


def constant_text(node: ast.Node | None) -> str | None:
    """The SQL text of a constant (``false``, ``'open'``, ``42``), else None."""
    if isinstance(node, ast.A_Const):
        if node.isnull:
            return "NULL"
        value = node.val
        if isinstance(value, ast.Boolean):
            return "true" if value.boolval else "false"
        if isinstance(value, ast.Integer):
            return str(value.ival)
        if isinstance(value, ast.Float):
            return value.fval
        if isinstance(value, ast.String):
            return quote_literal(value.sval)
        return deparse(node)
    if isinstance(node, ast.TypeCast) and isinstance(node.arg, ast.A_Const):
        return deparse(node)
    return None


def integer(node: ast.Node | None) -> int | None:
    if isinstance(node, ast.A_Const) and isinstance(node.val, ast.Integer):
        return node.val.ival
    if isinstance(node, ast.TypeCast):
        return integer(node.arg)
    return None


@dataclass(eq=False)
class Scope:
    """One SELECT level (or the target of UPDATE / DELETE / INSERT)."""

    parent: Scope | None
    ctes: frozenset[str]
    sources: list[Source] = field(default_factory=list)
    outputs: dict[str, ast.Node] = field(default_factory=dict)
    merged: set[str] = field(default_factory=set)  # columns of JOIN ... USING / NATURAL


@dataclass(eq=False)
class Source:
    """One FROM item: a design table (with its access), a view, a CTE, a subquery..."""

    alias: str
    scope: Scope
    table: Table | None = None
    access: Access | None = None
    qname: QName | None = None  # the relation named, for a table or view
    aliased: bool = False


@dataclass(eq=False)
class Access:
    """A table access being gathered (``frozen`` gives the public ``TableAccess``)."""

    table: Table
    alias: str
    scope: Scope
    predicates: list[Predicate] = field(default_factory=list)
    join_keys: list[tuple[str, QName, str]] = field(default_factory=list)
    group_by: list[str] = field(default_factory=list)
    order_by: tuple[SortKey, ...] = ()
    limit: int | None = None
    offset: int | None = None
    columns: dict[str, None] = field(default_factory=dict)
    select_star: bool = False
    # join keys to a row of an outer query (a correlated subquery): always looked up
    correlated: list[str] = field(default_factory=list)
    # expressions of predicates and the columns each wraps (for "function-on-column")
    wrapped: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def frozen(self) -> TableAccess:
        return TableAccess(
            table=self.table.qname,
            alias=self.alias,
            predicates=tuple(self.predicates),
            join_keys=tuple(dict.fromkeys(self.join_keys)),
            group_by=tuple(dict.fromkeys(self.group_by)),
            order_by=self.order_by,
            limit=self.limit,
            offset=self.offset,
            columns=tuple(self.columns),
            select_star=self.select_star,
        )


@dataclass(frozen=True)
class _Side:
    """The table side of a comparison: a column or an expression of one access."""

    access: Access
    column: str | None
    expression: str | None
    columns: tuple[str, ...]


@dataclass(eq=False)
class Paging:
    """A SELECT level with an OFFSET (for the keyset rewrite)."""

    statement: ast.SelectStmt
    scope: Scope
    offset: int | None
    location: int | None  # of the OFFSET value, to find it again in a fresh parse
    sort_access: Access | None


class Walker:
    """Walks one statement; gathers errors, accesses and what the findings need."""

    def __init__(self, catalog: Catalog, sql: str) -> None:
        self.catalog = catalog
        self.sql = sql
        self.errors: list[QueryError] = []
        self.accesses: list[Access] = []
        self.resolved: dict[int, tuple[Source, str]] = {}
        self.not_in: list[tuple[ast.SubLink, Scope]] = []
        self.paging: list[Paging] = []

    def error(self, message: str, position: int | None) -> None:
        self.errors.append(error_at(self.sql, message, position))

    # --- statements ---------------------------------------------------------------------

    def statement(self, node: ast.Node | None, parent: Scope | None, ctes: frozenset[str]) -> None:
        if isinstance(node, ast.SelectStmt):
            self._select(node, parent, ctes)
        elif isinstance(node, ast.InsertStmt):
            self._insert(node, parent, ctes)
        elif isinstance(node, ast.UpdateStmt):
            self._update(node, parent, ctes)
        elif isinstance(node, ast.DeleteStmt):
            self._delete(node, parent, ctes)
        elif node is not None:
            self.expression(node, Scope(parent, ctes))

    def _with(self, clause: ast.WithClause | None, parent: Scope | None, ctes: frozenset[str]):
        if clause is None:
            return ctes
        names = set(ctes)
        for cte in clause.ctes or ():
            if not isinstance(cte, ast.CommonTableExpr):
                continue
            if clause.recursive:
                names.add(cte.ctename)
            self.statement(cte.ctequery, parent, frozenset(names))
            names.add(cte.ctename)
        return frozenset(names)

    def _select(self, node: ast.SelectStmt, parent: Scope | None, ctes: frozenset[str]) -> None:
        ctes = self._with(node.withClause, parent, ctes)
        if node.op is not None and node.op != enums.SetOperation.SETOP_NONE:
            # UNION / INTERSECT / EXCEPT: their ORDER BY and LIMIT name output columns.
            self.statement(node.larg, parent, ctes)
            self.statement(node.rarg, parent, ctes)
            return
        scope = Scope(parent, ctes)
        for row in node.valuesLists or ():
            self.expression(row, scope)
        joins: list[ast.Node] = []
        for item in node.fromClause or ():
            self._from(item, scope, joins)
        targets = [target for target in node.targetList or () if isinstance(target, ast.ResTarget)]
        for target in targets:
            if target.name:
                scope.outputs[target.name] = target.val
        for target in targets:
            self._target(target.val, scope)
        self.expression(node.whereClause, scope)
        for quals in joins:
            self.expression(quals, scope)
        for item in node.groupClause or ():
            grouped = self._output_or_expression(item, scope, targets)
            side = self.side(grouped, scope)
            if side is not None and side.column is not None:
                side.access.group_by.append(side.column)
        self.expression(node.havingClause, scope)
        for window in node.windowClause or ():
            self.expression(window, scope)
        for item in node.distinctClause or ():
            self.expression(item, scope)
        order_access = self._order(node.sortClause, scope, targets, bool(node.groupClause))
        limit = integer(node.limitCount)
        if isinstance(node.limitCount, ast.ParamRef):
            limit = PARAMETER_LIMIT
        offset = integer(node.limitOffset)
        for source in scope.sources:
            if source.access is not None:
                source.access.limit = limit
                source.access.offset = offset
        if node.limitOffset is not None:
            location = getattr(node.limitOffset, "location", None)
            self.paging.append(Paging(node, scope, offset, location, order_access))
        self.conditions([node.whereClause, *joins], scope)

    def _insert(self, node: ast.InsertStmt, parent: Scope | None, ctes: frozenset[str]) -> None:
        ctes = self._with(node.withClause, parent, ctes)
        scope = Scope(parent, ctes)
        relation = node.relation
        table = self._relation_source(relation, scope, read=False)
        for target in node.cols or ():
            self._set_column(table, target)
        self.statement(node.selectStmt, parent, ctes)
        conflict = node.onConflictClause
        if conflict is not None:
            returning = scope
            scope = Scope(parent, ctes, list(returning.sources))
            if table is not None and table.table is not None:
                scope.sources.append(Source("excluded", scope, table.table, None, table.qname))
            infer = conflict.infer
            if infer is not None:
                for element in infer.indexElems or ():
                    if isinstance(element, ast.IndexElem) and element.name and table:
                        self._check_column(table, element.name, relation.location)
                    elif isinstance(element, ast.IndexElem):
                        self.expression(element.expr, scope)
                self.expression(infer.whereClause, scope)
            for target in conflict.targetList or ():
                self._set_column(table, target)
                self.expression(getattr(target, "val", None), scope)
            self.expression(conflict.whereClause, scope)
            scope = returning
        self._returning(node, scope)

    def _update(self, node: ast.UpdateStmt, parent: Scope | None, ctes: frozenset[str]) -> None:
        ctes = self._with(node.withClause, parent, ctes)
        scope = Scope(parent, ctes)
        table = self._relation_source(node.relation, scope, read=True)
        joins: list[ast.Node] = []
        for item in node.fromClause or ():
            self._from(item, scope, joins)
        for target in node.targetList or ():
            self._set_column(table, target)
            self.expression(getattr(target, "val", None), scope)
        self.expression(node.whereClause, scope)
        for quals in joins:
            self.expression(quals, scope)
        self._returning(node, scope)
        self.conditions([node.whereClause, *joins], scope)

    def _delete(self, node: ast.DeleteStmt, parent: Scope | None, ctes: frozenset[str]) -> None:
        ctes = self._with(node.withClause, parent, ctes)
        scope = Scope(parent, ctes)
        self._relation_source(node.relation, scope, read=True)
        joins: list[ast.Node] = []
        for item in node.usingClause or ():
            self._from(item, scope, joins)
        self.expression(node.whereClause, scope)
        for quals in joins:
            self.expression(quals, scope)
        self._returning(node, scope)
        self.conditions([node.whereClause, *joins], scope)

    def _returning(self, node: ast.Node, scope: Scope) -> None:
        items = getattr(node, "returningList", None)
        clause = getattr(node, "returningClause", None)
        if items is None and clause is not None:
            items = clause.exprs
        for target in items or ():
            if isinstance(target, ast.ResTarget):
                self._target(target.val, scope)

    def _set_column(self, source: Source | None, target: ast.Node) -> None:
        if isinstance(target, ast.ResTarget) and target.name and source is not None:
            self._check_column(source, target.name, target.location)

    def _check_column(self, source: Source, name: str, location: int | None) -> None:
        table = source.table
        if table is None or name in table.columns_by_name or name in SYSTEM_COLUMNS:
            return
        self.error(
            f"The design has no column “{name}” in {table.qname}{_near(name, table.column_names)}.",
            location,
        )

    # --- FROM ---------------------------------------------------------------------------

    def _relation_source(self, relation: ast.RangeVar | None, scope: Scope, *, read: bool):
        if not isinstance(relation, ast.RangeVar):
            return None
        return self._range_var(relation, scope, read=read)

    def _range_var(self, item: ast.RangeVar, scope: Scope, *, read: bool = True) -> Source:
        alias = item.alias.aliasname if item.alias is not None else item.relname
        aliased = item.alias is not None
        if not item.schemaname and item.relname in scope.ctes:
            source = Source(alias, scope, aliased=aliased)
        else:
            found = self.catalog.relation(item.schemaname, item.relname)
            if found is None:
                shown = f"{item.schemaname}.{item.relname}" if item.schemaname else item.relname
                names = [table.name for table in self.catalog.schema.tables]
                self.error(
                    f"The design has no table “{shown}”{_near(item.relname, names)}.",
                    item.location,
                )
                source = Source(alias, scope, aliased=aliased)
            elif isinstance(found, Table):
                access = None
                if read:
                    access = Access(found, alias, scope)
                    self.accesses.append(access)
                source = Source(alias, scope, found, access, found.qname, aliased)
            else:
                source = Source(alias, scope, None, None, found, aliased)
        scope.sources.append(source)
        return source

    def _from(self, item: ast.Node, scope: Scope, joins: list[ast.Node]) -> None:
        if isinstance(item, ast.RangeVar):
            self._range_var(item, scope)
        elif isinstance(item, ast.JoinExpr):
            before = len(scope.sources)
            self._from(item.larg, scope, joins)
            middle = len(scope.sources)
            self._from(item.rarg, scope, joins)
            if item.quals is not None:
                joins.append(item.quals)
            using = [name.sval for name in item.usingClause or () if isinstance(name, ast.String)]
            if item.isNatural:
                using = sorted(
                    _column_names(scope.sources[before:middle])
                    & _column_names(scope.sources[middle:])
                )
            for name in using:
                scope.merged.add(name)
                self._using(name, scope)
            if item.alias is not None:
                scope.sources.append(Source(item.alias.aliasname, scope, aliased=True))
        elif isinstance(item, ast.RangeSubselect):
            self.statement(item.subquery, scope if item.lateral else scope.parent, scope.ctes)
            alias = item.alias.aliasname if item.alias is not None else ""
            scope.sources.append(Source(alias, scope, aliased=True))
        elif isinstance(item, ast.RangeFunction):
            self.expression(item.functions, scope)
            alias = item.alias.aliasname if item.alias is not None else ""
            scope.sources.append(Source(alias, scope, aliased=True))
        elif isinstance(item, ast.RangeTableSample):
            self._from(item.relation, scope, joins)
        else:
            self.expression(item, scope)
            scope.sources.append(Source("", scope, aliased=True))

    def _using(self, name: str, scope: Scope) -> None:
        having = [source for source in scope.sources if source.table is not None]
        having = [source for source in having if name in source.table.columns_by_name]
        for source in having:
            if source.access is not None:
                source.access.columns[name] = None
                for other in having:
                    if other is not source and other.qname is not None:
                        source.access.join_keys.append((name, other.qname, name))

    # --- names --------------------------------------------------------------------------

    def expression(self, node: object, scope: Scope) -> None:
        """Check every name in ``node``; walk the statements below it."""
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, (tuple, list)):
                stack.extend(item)
            elif isinstance(item, ast.ColumnRef):
                self.column(item, scope)
            elif isinstance(item, ast.SubLink):
                stack.append(item.testexpr)
                self.statement(item.subselect, scope, scope.ctes)
            elif isinstance(item, _STATEMENTS):
                self.statement(item, scope, scope.ctes)
            elif isinstance(item, ast.Node):
                stack.extend(_children(item))

    def _target(self, node: ast.Node | None, scope: Scope) -> None:
        if (
            isinstance(node, ast.ColumnRef)
            and node.fields
            and isinstance(node.fields[-1], ast.A_Star)
        ):
            self.column(node, scope)
        else:
            self.expression(node, scope)

    def column(self, ref: ast.ColumnRef, scope: Scope) -> None:
        fields = ref.fields or ()
        if not fields:
            return
        names = [item.sval if isinstance(item, ast.String) else None for item in fields]
        location = ref.location if ref.location is not None and ref.location >= 0 else None
        if isinstance(fields[-1], ast.A_Star):
            if len(names) == 1:
                for source in scope.sources:
                    if source.access is not None:
                        source.access.select_star = True
                return
            source = self._source(scope, names[:-1], location)
            if source is not None and source.access is not None:
                source.access.select_star = True
            return
        *qualifier, column = names
        if column is None or None in qualifier:
            return
        if not qualifier:
            hit = self._unqualified(scope, column, location)
        else:
            source = self._source(scope, qualifier, location)
            if source is None or source.table is None:
                return
            table = source.table
            if column not in table.columns_by_name and column not in SYSTEM_COLUMNS:
                self.error(
                    f"The design has no column “{column}” in {table.qname}"
                    f"{_near(column, table.column_names)}.",
                    self._name_position(column, location),
                )
                return
            hit = (source, column)
        if hit is None:
            return
        self.resolved[id(ref)] = hit
        if hit[0].access is not None and hit[1] not in SYSTEM_COLUMNS:
            hit[0].access.columns[hit[1]] = None

    def _name_position(self, name: str, location: int | None) -> int | None:
        """Where ``name`` is written in the reference that starts at ``location``."""
        if location is None:
            return None
        found = self.sql.find(name, location, location + 200 + len(name))
        return found if found >= 0 else location

    def _source(self, scope: Scope, qualifier: list[str], location: int | None) -> Source | None:
        relation = qualifier[-2:]
        current: Scope | None = scope
        while current is not None:
            for source in current.sources:
                if len(relation) == 1 and source.alias == relation[0]:
                    return source
                if (
                    len(relation) == 2
                    and not source.aliased
                    and source.qname == QName(relation[0], relation[1])
                ):
                    return source
            current = current.parent
        shown = ".".join(qualifier)
        self.error(f"The query has no table or alias “{shown}” here.", location)
        return None

    def _unqualified(self, scope: Scope, column: str, location: int | None):
        current: Scope | None = scope
        while current is not None:
            hits = [
                source
                for source in current.sources
                if source.table is not None and column in source.table.columns_by_name
            ]
            if len(hits) > 1 and column in current.merged:
                hits = hits[:1]
            if len(hits) > 1:
                tables = ", ".join(source.alias for source in hits)
                self.error(f"The column “{column}” is ambiguous: {tables} all have it.", location)
                return None
            if hits:
                return (hits[0], column)
            if any(source.table is None and source.qname is None for source in current.sources):
                return None  # a subquery, CTE or function may have it
            if any(source.table is None for source in current.sources):
                return None  # a view's columns are not checked
            if any(source.alias == column for source in current.sources):
                return None  # a whole-row reference
            current = current.parent
        if column in SYSTEM_COLUMNS:
            return None
        tables = [source.table for source in scope.sources if source.table is not None]
        where = f" in {', '.join(str(table.qname) for table in tables)}" if tables else ""
        near = _near(column, [name for table in tables for name in table.column_names])
        self.error(f"The design has no column “{column}”{where}{near}.", location)
        return None

    def _output_or_expression(
        self, node: ast.Node, scope: Scope, targets: list[ast.ResTarget]
    ) -> ast.Node:
        """What an ORDER BY / GROUP BY item means: a SELECT position, an output name or
        the expression itself (whose names are then checked)."""
        position = integer(node) if isinstance(node, ast.A_Const) else None
        if position is not None and 1 <= position <= len(targets):
            return targets[position - 1].val
        if (
            isinstance(node, ast.ColumnRef)
            and len(node.fields or ()) == 1
            and isinstance(node.fields[0], ast.String)
            and node.fields[0].sval in scope.outputs
        ):
            name = node.fields[0].sval
            has = any(
                source.table is not None and name in source.table.columns_by_name
                for source in scope.sources
            )
            if not has:
                return scope.outputs[name]
        self.expression(node, scope)
        return node

    def _order(
        self, items, scope: Scope, targets: list[ast.ResTarget], grouped: bool = False
    ) -> Access | None:
        """The access whose rows, read in index order, come in the ORDER BY's order: only
        when every key is of one table — and, when the query groups, one of its GROUP BY
        columns (an aggregate's order is known only once the groups are made)."""
        keys: list[tuple[Access, SortKey]] = []
        complete = True
        for item in items or ():
            if not isinstance(item, ast.SortBy):
                complete = False
                continue
            node = self._output_or_expression(item.node, scope, targets)
            side = self.side(node, scope)
            if side is None or item.sortby_dir == enums.SortByDir.SORTBY_USING:
                complete = False
                continue
            if grouped and (side.column is None or side.column not in side.access.group_by):
                complete = False
                continue
            nulls = {
                enums.SortByNulls.SORTBY_NULLS_FIRST: "first",
                enums.SortByNulls.SORTBY_NULLS_LAST: "last",
            }.get(item.sortby_nulls)
            descending = item.sortby_dir == enums.SortByDir.SORTBY_DESC
            keys.append((side.access, SortKey(side.column, side.expression, descending, nulls)))
        accesses = {id(access): access for access, _ in keys}
        if complete and len(accesses) == 1:
            access = keys[0][0]
            access.order_by = tuple(key for _, key in keys)
            return access
        return None

    # --- predicates ---------------------------------------------------------------------

    def side(self, node: ast.Node | None, scope: Scope) -> _Side | None:
        """``node`` as a column or an expression of one access of ``scope``."""
        if isinstance(node, ast.ColumnRef):
            hit = self.resolved.get(id(node))
            if hit is None or hit[0].access is None or hit[0].scope is not scope:
                return None
            return _Side(hit[0].access, hit[1], None, (hit[1],))
        if node is None or not isinstance(node, ast.Node) or isinstance(node, ast.RowExpr):
            return None
        access: Access | None = None
        columns: list[str] = []
        for item in nodes_below(node):
            if isinstance(item, (ast.SubLink, ast.ParamRef, *_STATEMENTS)):
                return None
            if isinstance(item, ast.ColumnRef):
                hit = self.resolved.get(id(item))
                if hit is None or hit[0].access is None or hit[0].scope is not scope:
                    return None
                if access is not None and hit[0].access is not access:
                    return None
                access = hit[0].access
                columns.append(hit[1])
        if access is None:
            return None
        return _Side(access, None, unqualified_text(node), tuple(dict.fromkeys(columns)))

    def _is_value(self, node: ast.Node | None, scope: Scope) -> bool:
        """Whether ``node`` is fixed while this scope's rows are read: constants,
        parameters, outer columns, a scalar subquery that reads no row of this scope (no
        column of this scope, no other subquery)."""
        if node is None:
            return False
        if isinstance(node, ast.SubLink) and node.subLinkType == enums.SubLinkType.EXPR_SUBLINK:
            # A scalar subquery that reads none of this scope's rows: PostgreSQL runs it
            # once (an InitPlan), and its value is looked up like a parameter's.
            return not any(
                isinstance(item, ast.ColumnRef)
                and (hit := self.resolved.get(id(item))) is not None
                and hit[0].scope is scope
                for item in nodes_below(node.subselect)
            )
        for item in nodes_below(node):
            if isinstance(item, (ast.SubLink, *_STATEMENTS)):
                return False
            if isinstance(item, ast.ColumnRef):
                hit = self.resolved.get(id(item))
                if hit is None or hit[0].scope is scope:
                    return False
        return True

    def conditions(self, expressions: list[ast.Node | None], scope: Scope) -> None:
        for expression in expressions:
            for conjunct in conjuncts(expression):
                self._condition(conjunct, scope)

    def _condition(self, node: ast.Node, scope: Scope) -> None:
        if (
            isinstance(node, ast.BoolExpr)
            and node.boolop == enums.BoolExprType.NOT_EXPR
            and len(node.args or ()) == 1
            and isinstance(node.args[0], ast.SubLink)
            and node.args[0].subLinkType == enums.SubLinkType.ANY_SUBLINK
        ):
            self.not_in.append((node.args[0], scope))
        if self._join(node, scope):
            return
        found = self.predicate(node, scope)
        if found is not None:
            access, predicate, wrapped = found
            access.predicates.append(predicate)
            if predicate.expression is not None:
                access.wrapped.append((predicate.expression, wrapped))

    def _join(self, node: ast.Node, scope: Scope) -> bool:
        """``a.x = b.y`` between two sources: a join key of each access of this scope."""
        if not (
            isinstance(node, ast.A_Expr)
            and node.kind == enums.A_Expr_Kind.AEXPR_OP
            and _operator(node) == "="
            and isinstance(node.lexpr, ast.ColumnRef)
            and isinstance(node.rexpr, ast.ColumnRef)
        ):
            return False
        left, right = self.resolved.get(id(node.lexpr)), self.resolved.get(id(node.rexpr))
        if left is None or right is None or left[0] is right[0]:
            return False
        for (mine, column), (other, other_column) in ((left, right), (right, left)):
            if mine.access is not None and mine.scope is scope and other.qname is not None:
                mine.access.join_keys.append((column, other.qname, other_column))
                if other.scope is not scope:
                    mine.access.correlated.append(column)
        return True

    def predicate(
        self, node: ast.Node, scope: Scope, spelled: bool = True
    ) -> tuple[Access, Predicate, tuple[str, ...]] | None:
        """A condition on one access: its kind, operator and constant (and its SQL text
        unless ``spelled`` is false: an OR's terms are spelled once, as the whole OR)."""

        def make(side: _Side, operator: str, kind: str, constant: str | None = None):
            text = unqualified_text(node) if spelled else ""
            predicate = Predicate(side.column, side.expression, operator, kind, constant, text)
            return side.access, predicate, side.columns

        if isinstance(node, ast.ColumnRef):
            side = self.side(node, scope)
            return make(side, "=", "equality", "true") if side else None
        if isinstance(node, ast.BoolExpr):
            return self._boolean(node, scope, make)
        if isinstance(node, ast.BooleanTest):
            side = self.side(node.arg, scope)
            if side is None:
                return None
            test = node.booltesttype
            if test == enums.BoolTestType.IS_TRUE:
                return make(side, "=", "equality", "true")
            if test == enums.BoolTestType.IS_FALSE:
                return make(side, "=", "equality", "false")
            return make(side, deparse_test(test), "other")
        if isinstance(node, ast.NullTest):
            side = self.side(node.arg, scope)
            if side is None:
                return None
            if node.nulltesttype == enums.NullTestType.IS_NULL:
                return make(side, "is null", "equality")
            return make(side, "is not null", "other")
        if isinstance(node, ast.A_Expr):
            return self._comparison(node, scope, make)
        if isinstance(node, ast.SubLink) and node.subLinkType == enums.SubLinkType.ANY_SUBLINK:
            side = self.side(node.testexpr, scope)
            return make(side, "in", "other") if side else None
        side = self.side(node, scope)
        return make(side, "other", "other") if side else None

    def _boolean(self, node: ast.BoolExpr, scope: Scope, make):
        args = node.args or ()
        if node.boolop == enums.BoolExprType.NOT_EXPR and len(args) == 1:
            side = self.side(args[0], scope)
            if side is not None and side.column is not None:
                return make(side, "=", "equality", "false")
            inner = args[0]
            target = inner.testexpr if isinstance(inner, ast.SubLink) else inner
            side = self.side(target, scope)
            return make(side, "not", "other") if side else None
        if node.boolop == enums.BoolExprType.OR_EXPR:
            found = [self.predicate(arg, scope, spelled=False) for arg in args]
            parts = [part for part in found if part is not None]
            if not parts or len(parts) != len(found):
                return None
            access, first, wrapped = parts[0]
            if any(part[0] is not access for part in parts):
                return None
            same = all(
                (p.column, p.expression) == (first.column, first.expression)
                and p.kind == "equality"
                and p.operator in ("=", "in")
                for _, p, _ in parts
            )
            if same:
                return make(
                    _Side(access, first.column, first.expression, wrapped), "in", "equality"
                )
            return make(_Side(access, None, None, ()), "or", "other")
        return None

    def _comparison(self, node: ast.A_Expr, scope: Scope, make):
        kind = node.kind
        operator = _operator(node)
        kinds = enums.A_Expr_Kind
        if kind == kinds.AEXPR_OP and operator in _RANGE and isinstance(node.lexpr, ast.RowExpr):
            # (a, b) > ($1, $2): a B-tree on (a, b) reads from the row on, a range on a
            first = self.side((node.lexpr.args or (None,))[0], scope)
            if first is not None and first.column is not None and self._is_value(node.rexpr, scope):
                return make(first, operator, "range")
            return None
        if kind == kinds.AEXPR_OP:
            side, value, operator = self._oriented(node, scope, operator)
            if side is None:
                return None
            constant = constant_text(value)
            if operator == "=":
                return make(side, "=", "equality", constant)
            if operator in _RANGE:
                return make(side, operator, "range", constant)
            if operator == "~~":
                return self._like(side, value, "like", make)
            return make(side, operator, "other", constant)
        side = self.side(node.lexpr, scope)
        if side is None:
            return None
        if kind == kinds.AEXPR_OP_ANY and self._is_value(node.rexpr, scope):
            if operator == "=":
                return make(side, "in", "equality")
            return make(side, f"{operator} any", "other")
        if kind == kinds.AEXPR_IN:
            values = node.rexpr if isinstance(node.rexpr, (tuple, list)) else (node.rexpr,)
            if not all(self._is_value(value, scope) for value in values):
                return None
            texts = [constant_text(value) for value in values]
            if operator == "=" and len(values) == 1:
                # x IN (v) is x = v (PostgreSQL reads it so): one value, the index order kept
                return make(side, "=", "equality", texts[0])
            constant = f"({', '.join(texts)})" if all(texts) else None  # type: ignore[arg-type]
            if operator == "=":
                return make(side, "in", "equality", constant)
            return make(side, "not in", "other", constant)
        if kind in (kinds.AEXPR_LIKE, kinds.AEXPR_ILIKE) and self._is_value(node.rexpr, scope):
            if operator == "~~":
                return self._like(side, node.rexpr, "like", make)
            if operator == "~~*":
                return make(side, "ilike", "infix", constant_text(node.rexpr))
            return make(side, "not like", "other", constant_text(node.rexpr))
        if kind in (kinds.AEXPR_BETWEEN, kinds.AEXPR_BETWEEN_SYM):
            bounds = node.rexpr if isinstance(node.rexpr, (tuple, list)) else ()
            if len(bounds) == 2 and all(self._is_value(bound, scope) for bound in bounds):
                texts = [constant_text(bound) for bound in bounds]
                constant = f"{texts[0]} AND {texts[1]}" if all(texts) else None
                return make(side, "between", "range", constant)
            return None
        return make(side, operator.lower() or "other", "other")

    def _oriented(self, node: ast.A_Expr, scope: Scope, operator: str):
        """(table side, value side, operator as read from the table side)."""
        left = self.side(node.lexpr, scope)
        if left is not None and self._is_value(node.rexpr, scope):
            return left, node.rexpr, operator
        right = self.side(node.rexpr, scope)
        if right is not None and self._is_value(node.lexpr, scope):
            return right, node.lexpr, _FLIPPED.get(operator, operator)
        return None, None, operator

    @staticmethod
    def _like(side: _Side, value: ast.Node | None, operator: str, make):
        constant = constant_text(value)
        pattern = _string(value)
        if pattern is None:
            return make(side, operator, "other", constant)
        if pattern[:1] in ("%", "_"):
            return make(side, operator, "infix", constant)
        return make(side, operator, "prefix", constant)


def _column_names(sources: list[Source]) -> set[str]:
    return {name for source in sources if source.table for name in source.table.columns_by_name}


def _string(node: ast.Node | None) -> str | None:
    if isinstance(node, ast.TypeCast):
        node = node.arg
    if isinstance(node, ast.A_Const) and isinstance(node.val, ast.String):
        return node.val.sval
    return None


def deparse_test(test: enums.BoolTestType) -> str:
    return test.name.lower().replace("_", " ")


def _operator(node: ast.A_Expr) -> str:
    name = node.name or ()
    last = name[-1] if name else None
    return last.sval if isinstance(last, ast.String) else ""


def conjuncts(node: ast.Node | None) -> list[ast.Node]:
    found: list[ast.Node] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if item is None:
            continue
        if isinstance(item, ast.BoolExpr) and item.boolop == enums.BoolExprType.AND_EXPR:
            stack.extend(reversed(item.args or ()))
        else:
            found.append(item)
    return found
