"""Query examples for a schema: joins, composite-index lookups and keyset pagination.

``examples(schema)`` returns ``QueryExample`` items — the document shows them (section 9)
and the tests run every one of them on a database loaded with the sample data:

- a join for each relationship (the referencing rows of one referenced row, with
  columns of both) and for each many-to-many relationship (through its junction table);
- a lookup served by each composite index (equality on its keys, its partial predicate
  included so that the planner may use it);
- keyset pagination for the main lists: every table with a primary key that is not a
  junction table, newest first when it has a NOT NULL ``created_at``, within its
  parent when it has a required foreign key.

A partition is queried through its parent: no example names one. A domain column is
read by its base type (which ``ColumnType`` repeats); views, functions and the other
objects kept as SQL are not queried here.

Queries are parameterised (``$1``, ``$2``...), as an application sends them; each
parameter says what it stands for. ``arguments`` is a SELECT that returns one row of
argument values taken from the loaded data, so that a test (or a reader in psql) can
``PREPARE`` the query and ``EXECUTE`` it with real values. Names go through
``designer.schema.sqltext``; sensitive columns are never selected.
"""

from __future__ import annotations

from dataclasses import dataclass

from designer.schema.expressions import needs_parentheses
from designer.schema.model import (
    Column,
    Index,
    IndexMethod,
    ManyToMany,
    QName,
    Relationship,
    Schema,
    Table,
)
from designer.schema.naming import Names, assign_names
from designer.schema.sqltext import qualified, quote_ident
from designer.schema.types import Category, index_methods, type_info

INDENT = "    "
JOIN_LIMIT = 50
PAGE_SIZE = 20
_LABEL_CATEGORIES = frozenset({Category.STRING, Category.ENUM})


@dataclass(frozen=True)
class Parameter:
    placeholder: str  # $1
    meaning: str  # what to pass, in words: "users.id of the user"


@dataclass(frozen=True)
class QueryExample:
    kind: str  # "join", "many-to-many", "index" or "pagination"
    title: str
    explanation: str  # one line
    sql: str  # ends with ";"
    parameters: tuple[Parameter, ...] = ()
    arguments: str | None = None  # SELECT of one row of argument values from the data
    # Where the arguments come from, when each is a plain column: (table, columns).
    source: tuple[QName, tuple[str, ...]] | None = None

    def prepare(self, name: str) -> str:
        """``PREPARE name AS <query>``: how a test or psql runs it with arguments."""
        return f"PREPARE {quote_ident(name)} AS\n{self.sql.removesuffix(';')};"


def examples(schema: Schema) -> tuple[QueryExample, ...]:
    """Every example, in document order: joins, many-to-many, indexes, pagination."""
    names = assign_names(schema)
    # An application queries a partitioned table through its parent (which reads only
    # the partitions that can hold the rows): no example names a partition.
    partitions = {t.qname for t in schema.tables if t.partition_of is not None}
    tables = [t for t in schema.tables if t.qname not in partitions]
    found: list[QueryExample] = []
    found += [
        join_example(schema, rel, names)
        for rel in schema.relationships
        if rel.from_table not in partitions and rel.to_table not in partitions
    ]
    found += [
        example
        for m2m in schema.many_to_many
        if (example := many_to_many_example(schema, m2m)) is not None
    ]
    for table in tables:
        for index in table.indexes:
            example = index_example(table, index, names)
            if example is not None:
                found.append(example)
    for table in tables:
        example = pagination_example(schema, table)
        if example is not None:
            found.append(example)
    return tuple(found)


# --- what to select -------------------------------------------------------------------


def label_columns(table: Table, schema: Schema, limit: int = 2) -> list[Column]:
    """Columns that tell a row apart for a reader: text first, never sensitive ones."""
    foreign = {name for rel in schema.relationships_from(table.qname) for name in rel.from_columns}
    key = set(table.primary_key.columns) if table.primary_key else set()
    usable = [
        column
        for column in table.columns
        if not column.sensitive and column.name not in foreign and column.name not in key
    ]
    return _labels(usable, limit)


def _labels(usable: list[Column], limit: int) -> list[Column]:
    """Short text first (varchar, char, enums), then free text, then anything readable."""
    short = [c for c in usable if _category(c) in _LABEL_CATEGORIES and c.type.base != "text"]
    short = [c for c in short if not c.type.array]
    text = [c for c in usable if c.type.base == "text" and not c.type.array]
    chosen = {id(c) for c in short} | {id(c) for c in text}
    others = [
        c
        for c in usable
        if id(c) not in chosen and _category(c) not in {Category.BINARY, Category.JSON}
    ]
    return (short + text + others)[:limit]


def _category(column: Column) -> Category:
    return type_info(column.type.base).category


def key_columns(table: Table) -> tuple[str, ...]:
    return table.primary_key.columns if table.primary_key else ()


def _sortable(column: Column) -> bool:
    return not column.type.array and "btree" in index_methods(column.type.base)


def _order_columns(table: Table) -> tuple[str, ...]:
    """The primary key, or else the first column that sorts (none: no ORDER BY)."""
    if table.primary_key is not None:
        return table.primary_key.columns
    sortable = [column.name for column in table.columns if _sortable(column)]
    return tuple(sortable[:1])


def _aliases(first: Table, second: Table) -> tuple[str, str]:
    """Short aliases: the tables' initials, told apart when they are the same."""
    if first.qname == second.qname:
        return "child", "parent"
    a, b = _initial(first.name), _initial(second.name)
    return (a, b if b != a else f"{b}2")


def _initial(name: str) -> str:
    for char in name.lower():
        if "a" <= char <= "z":
            return char
    return "t"


def _columns(alias: str, names: list[str]) -> list[str]:
    return [f"{alias}.{quote_ident(name)}" for name in names]


def _plain(name: QName) -> str:
    """A table as people read it in prose: ``todos``, ``sales.orders``."""
    return str(name)


def _list(names: tuple[str, ...] | list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --- joins ----------------------------------------------------------------------------


def join_example(schema: Schema, relationship: Relationship, names: Names) -> QueryExample:
    """The referencing rows of one referenced row, with columns of both tables."""
    child = schema.table(relationship.from_table)
    parent = schema.table(relationship.to_table)
    c, p = _aliases(child, parent)
    selected = _columns(c, [*key_columns(child), *(x.name for x in label_columns(child, schema))])
    selected += _columns(
        p, [x.name for x in label_columns(parent, schema)] or list(key_columns(parent))
    )
    if not selected:
        selected = _columns(c, list(relationship.from_columns))
    on = " AND ".join(
        f"{p}.{quote_ident(theirs)} = {c}.{quote_ident(mine)}"
        for mine, theirs in zip(relationship.from_columns, relationship.to_columns, strict=True)
    )
    where, parameters = _equalities(c, relationship, parent)
    sql = _join_query(selected, (child, c), (parent, p), on, where)
    fk = names.foreign_key(relationship)
    cover = covering_index(child, relationship.from_columns, names)
    served = f"the filter uses {cover}" if cover else "no index serves the filter yet"
    explanation = (
        f"The rows of {_plain(child.qname)} that reference one row of {_plain(parent.qname)}, "
        f"with columns of both, joined along {fk}; {served}."
    )
    return QueryExample(
        "join",
        f"Join {_plain(child.qname)} to {_plain(parent.qname)}",
        explanation,
        sql,
        parameters,
        _arguments(child, relationship.from_columns),
        (child.qname, relationship.from_columns),
    )


def _equalities(
    alias: str, relationship: Relationship, parent: Table
) -> tuple[str, tuple[Parameter, ...]]:
    """``alias.fk = $n`` for each column of the key, and what each parameter is."""
    conditions, parameters = [], []
    pairs = zip(relationship.from_columns, relationship.to_columns, strict=True)
    for number, (mine, theirs) in enumerate(pairs, start=1):
        conditions.append(f"{alias}.{quote_ident(mine)} = ${number}")
        meaning = f"{theirs} of the {_plain(parent.qname)} row"
        parameters.append(Parameter(f"${number}", meaning))
    return " AND ".join(conditions), tuple(parameters)


def _arguments(table: Table, columns: tuple[str, ...], where: str | None = None) -> str:
    """A row of the table whose ``columns`` all have values: real arguments to try."""
    listed = ", ".join(quote_ident(name) for name in columns)
    conditions = [f"{quote_ident(name)} IS NOT NULL" for name in columns]
    if where:
        conditions.append(f"({where})")
    return f"SELECT {listed} FROM {qualified(table.qname)} WHERE {' AND '.join(conditions)} LIMIT 1"


def _join_query(
    selected: list[str],
    base: tuple[Table, str],
    joined: tuple[Table, str],
    on: str,
    where: str,
) -> str:
    """``SELECT ... FROM base JOIN joined ON ... WHERE ...``, in the base table's order."""
    (table, alias), (other, other_alias) = base, joined
    lines = [
        f"SELECT {', '.join(selected)}",
        f"FROM {qualified(table.qname)} AS {alias}",
        f"JOIN {qualified(other.qname)} AS {other_alias} ON {on}",
        f"WHERE {where}",
    ]
    if order := _order_columns(table):
        lines.append(f"ORDER BY {', '.join(_columns(alias, list(order)))}")
    lines.append(f"LIMIT {JOIN_LIMIT};")
    return "\n".join(lines)


def many_to_many_example(schema: Schema, m2m: ManyToMany) -> QueryExample | None:
    """The rows of one side linked to one row of the other, through the junction table."""
    through = schema.table(m2m.through)
    links = schema.relationships_from(m2m.through)
    to_left = next((rel for rel in links if rel.to_table == m2m.left), None)
    to_right = next(
        (rel for rel in links if rel.to_table == m2m.right and rel is not to_left), None
    )
    if to_left is None or to_right is None:
        return None
    right = schema.table(m2m.right)
    r, j = _aliases(right, through)
    if r == j:
        j = "j"
    selected = _columns(r, [*key_columns(right), *(x.name for x in label_columns(right, schema))])
    on = " AND ".join(
        f"{j}.{quote_ident(mine)} = {r}.{quote_ident(theirs)}"
        for mine, theirs in zip(to_right.from_columns, to_right.to_columns, strict=True)
    )
    left = schema.table(m2m.left)
    where, parameters = _equalities(j, to_left, left)
    selected = selected or _columns(r, list(to_right.to_columns))
    sql = _join_query(selected, (right, r), (through, j), on, where)
    return QueryExample(
        "many-to-many",
        f"Many-to-many: {_plain(right.qname)} of one {_plain(left.qname)}",
        f"The rows of {_plain(right.qname)} linked to one row of {_plain(left.qname)} through "
        f"the junction table {_plain(through.qname)}.",
        sql,
        parameters,
        _arguments(through, to_left.from_columns),
        (through.qname, to_left.from_columns),
    )


# --- composite indexes ----------------------------------------------------------------


def index_example(table: Table, index: Index, names: Names) -> QueryExample | None:
    """A lookup with equality on every key of a composite btree index."""
    if len(index.elements) < 2 or index.method not in {IndexMethod.BTREE, IndexMethod.BRIN}:
        return None
    keys, parameters = [], []
    for number, element in enumerate(index.elements, start=1):
        if element.column is not None:
            column = table.column(element.column)
            if column.type.array:
                return None
            key = quote_ident(element.column)
            meaning = f"a value of {_plain(table.qname)}.{element.column}"
        else:
            text = element.expression or ""
            key = f"({text})" if needs_parentheses(text) else text
            meaning = f"a value of {text}"
        keys.append(key)
        parameters.append(Parameter(f"${number}", meaning))
    conditions = [f"{key} = ${number}" for number, key in enumerate(keys, start=1)]
    if index.where:
        conditions.append(f"({index.where})")
    selected = [quote_ident(name) for name in _index_selection(table, index)]
    lines = [
        f"SELECT {', '.join(selected)}",
        f"FROM {qualified(table.qname)}",
        "WHERE " + f"\n{INDENT}AND ".join(conditions),
        f"LIMIT {JOIN_LIMIT};",
    ]
    name = names.index(index.id)
    only = " (an index-only scan: it INCLUDEs what is selected)" if index.include else ""
    partial = ", its predicate repeated so the partial index applies" if index.where else ""
    return QueryExample(
        "index",
        f"Lookup by {name}",
        f"Served by {name}: equality on all its keys{partial}{only}.",
        "\n".join(lines),
        tuple(parameters),
        _arguments_for_keys(table, keys, index.where),
        _column_source(table, index),
    )


def _index_selection(table: Table, index: Index) -> list[str]:
    if index.include:
        columns = [e.column for e in index.elements if e.column is not None]
        return [*columns, *index.include]
    chosen = list(key_columns(table))
    chosen += [column.name for column in label_columns_plain(table) if column.name not in chosen]
    return chosen or [table.columns[0].name]


def label_columns_plain(table: Table, limit: int = 2) -> list[Column]:
    """Label columns without looking at foreign keys (a table on its own)."""
    key = set(key_columns(table))
    return _labels([c for c in table.columns if not c.sensitive and c.name not in key], limit)


def _column_source(table: Table, index: Index) -> tuple[QName, tuple[str, ...]] | None:
    if index.where or any(element.column is None for element in index.elements):
        return None
    return table.qname, tuple(str(element.column) for element in index.elements)


def _arguments_for_keys(table: Table, keys: list[str], where: str | None) -> str:
    conditions = [f"{key} IS NOT NULL" for key in keys]
    if where:
        conditions.append(f"({where})")
    return (
        f"SELECT {', '.join(keys)} FROM {qualified(table.qname)} "
        f"WHERE {' AND '.join(conditions)} LIMIT 1"
    )


# --- keyset pagination ----------------------------------------------------------------


def is_junction(schema: Schema, table: Table) -> bool:
    """A junction table: a many-to-many's, or one whose key is made of foreign keys only."""
    if any(m2m.through == table.qname for m2m in schema.many_to_many):
        return True
    if table.primary_key is None:
        return False
    foreign = {name for rel in schema.relationships_from(table.qname) for name in rel.from_columns}
    return len(table.primary_key.columns) > 1 and set(table.primary_key.columns) <= foreign


def pagination_example(schema: Schema, table: Table) -> QueryExample | None:
    """The next page of a list: a cursor on (created_at, key), or on the key alone."""
    if table.primary_key is None or is_junction(schema, table):
        return None
    key = table.primary_key.columns
    if not all(_sortable(table.column(name)) for name in key):
        return None
    stamp = table.columns_by_name.get("created_at")
    newest_first = stamp is not None and not stamp.nullable and _sortable(stamp)
    cursor = (("created_at",) if newest_first else ()) + tuple(n for n in key if n != "created_at")
    parent = _parent(schema, table)
    parameters: list[Parameter] = []
    conditions = []
    number = 1
    if parent is not None:
        for name in parent.from_columns:
            conditions.append(f"{quote_ident(name)} = ${number}")
            parameters.append(
                Parameter(f"${number}", f"{_plain(table.qname)}.{name} of the parent row")
            )
            number += 1
    placeholders = [f"${number + offset}" for offset in range(len(cursor))]
    parameters += [
        Parameter(placeholder, f"{name} of the last row of the previous page")
        for placeholder, name in zip(placeholders, cursor, strict=True)
    ]
    operator, direction = ("<", " DESC") if newest_first else (">", "")
    left = ", ".join(quote_ident(name) for name in cursor)
    right = ", ".join(placeholders)
    if len(cursor) > 1:
        conditions.append(f"({left}) {operator} ({right})")
    else:
        conditions.append(f"{left} {operator} {right}")
    selected = [*key, *(c.name for c in label_columns(table, schema) if c.name not in key)]
    if newest_first and "created_at" not in selected:
        selected.append("created_at")
    lines = [
        f"SELECT {', '.join(quote_ident(name) for name in selected)}",
        f"FROM {qualified(table.qname)}",
        "WHERE " + f"\n{INDENT}AND ".join(conditions),
        "ORDER BY " + ", ".join(f"{quote_ident(name)}{direction}" for name in cursor),
        f"LIMIT {PAGE_SIZE};",
    ]
    scope = f" of one {_plain(parent.to_table)} row" if parent is not None else ""
    order = "newest first" if newest_first else "in key order"
    arguments_columns = (*(parent.from_columns if parent else ()), *cursor)
    wanted = (*(parent.from_columns if parent else ()), *cursor)
    advice = ""
    if not _has_leading_index(table, wanted):
        keys = ", ".join(f"{name}{direction if name in cursor else ''}" for name in wanted)
        advice = f" On a large table, an index on ({keys}) serves it without a sort."
    return QueryExample(
        "pagination",
        f"Keyset pagination: {_plain(table.qname)}{scope}",
        f"The next page of {_plain(table.qname)}{scope}, {order}: pass the "
        f"{_list(cursor)} of the previous page's last row (leave that condition out for the "
        f"first page); unlike OFFSET, every page costs the same.{advice}",
        "\n".join(lines),
        tuple(parameters),
        _arguments(table, arguments_columns),
        (table.qname, arguments_columns),
    )


def _has_leading_index(table: Table, columns: tuple[str, ...]) -> bool:
    """Whether the key or a btree index starts with exactly these columns, in order."""
    width = len(columns)
    if table.primary_key is not None and table.primary_key.columns[:width] == columns:
        return True
    for index in table.indexes:
        leading = tuple(element.column for element in index.elements[:width])
        if index.method is IndexMethod.BTREE and index.where is None and leading == columns:
            return True
    return False


def _parent(schema: Schema, table: Table) -> Relationship | None:
    """The first required foreign key to another table: the list's natural scope."""
    for relationship in schema.relationships_from(table.qname):
        if not relationship.is_self_reference and schema.is_required(relationship):
            return relationship
    return None


# --- indexes that cover keys ----------------------------------------------------------


def covering_index(table: Table, columns: tuple[str, ...], names: Names) -> str | None:
    """The name of a key or index whose leading columns are exactly ``columns`` (any
    order): it serves lookups by those columns, as a foreign key's checks need."""
    wanted = set(columns)
    width = len(columns)
    if table.primary_key is not None and set(table.primary_key.columns[:width]) == wanted:
        return names.primary_key(table)
    for column in table.columns:
        if column.unique and wanted == {column.name}:
            return names.unique_column(column.id)
    for unique in table.uniques:
        if set(unique.columns[:width]) == wanted:
            return names.unique(unique.id)
    for index in table.indexes:
        if index.method is not IndexMethod.BTREE or index.where is not None:
            continue
        leading = {element.column for element in index.elements[:width]}
        if leading == wanted:
            return names.index(index.id)
    return None
