"""What a table allows, and what is known of its rows while they are drawn.

``table_fill(schema, table, names, seed)`` reads a table's constraints once: its CHECKs
as parse trees (``Check``), its unique keys — primary key, unique constraints and
columns, unique indexes, partial and on expressions (``UniqueKey``) — and the value
``Spec`` of each column (type, hints of its checks, validation). ``TableFill`` holds the
rows drawn so far (``Row``) and the unique keys they have used. The small helpers here
are shared by the drawing (``rows``) and the closing of cycles (``cycles``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from random import Random
from typing import Any

from designer.schema.expressions import (
    ExpressionError,
    column_references,
    columns_read,
    expression_tree,
)
from designer.schema.model import Generated, Relationship, Schema, Table
from designer.schema.naming import Names

from .checks import Unsupported, evaluate, passes
from .hints import Hints, column_hints
from .partitions import ELEMENT_CHECK, domain_default, hash_modulus, sequence_name
from .values import NULL, Spec, Value

ATTEMPTS = 40  # draws of one row before the table stops short


@dataclass(slots=True)
class Row:
    values: dict[str, Value]
    waiting: list[Relationship] = field(default_factory=list)  # keys chosen once all exist
    later: list[Relationship] = field(default_factory=list)  # keys set by an UPDATE
    dropped: bool = False


class PythonValues(Mapping[str, Any]):
    """A row's values as checks and keys read them (``Value.py``), looked up when asked
    for rather than copied: a key reads one or two of them."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Value]) -> None:
        self._values = values

    def __getitem__(self, name: str) -> Any:
        return self._values[name].py

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


@dataclass(frozen=True)
class Check:
    name: str
    tree: dict[str, Any]
    columns: frozenset[str]
    text: str = ""
    element: str | None = None  # an array column: the check holds for each element


@dataclass(frozen=True)
class UniqueKey:
    name: str
    elements: tuple[str | dict[str, Any], ...]  # a column name or an expression tree
    nulls_distinct: bool = True
    where: dict[str, Any] | None = None

    def key(self, values: dict[str, Any]) -> tuple[Any, ...] | None:
        """The row's key, or None when the row does not take part (a NULL, a predicate)."""
        if self.where is not None:
            try:
                if evaluate(self.where, values) is not True:
                    return None
            except Unsupported:
                pass  # counted as taking part: the safe side
        parts = []
        for element in self.elements:
            if isinstance(element, str):
                parts.append(hashable(values.get(element)))
            else:
                try:
                    parts.append(hashable(evaluate(element, values)))
                except Unsupported:
                    parts.append(hashable(tuple(values.get(c) for c in columns_read(element))))
        if self.nulls_distinct and None in parts:
            return None
        return tuple(parts)


@dataclass
class TableFill:
    """One table's rows, and what is known about them while they are drawn."""

    table: Table
    specs: dict[str, Spec]
    checks: list[Check]
    uniques: list[UniqueKey]
    rng: Random
    notes: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    seen: list[set[tuple[Any, ...]]] = field(default_factory=list)
    unverified: set[str] = field(default_factory=set)
    failure: str = ""  # why the last candidate row was refused
    foreign: tuple[Relationship, ...] = ()  # the table's foreign keys
    own: list[tuple[str, Spec, bool]] = field(default_factory=list)  # see own_columns
    forced_null: set[str] = field(default_factory=set)  # columns of checks not evaluated
    partitioned: bool = False  # its rows are its partitions' (no INSERT of its own)
    # SQL conditions the INSERT keeps its rows by (checks the generator cannot evaluate):
    # the database leaves out a row that fails one, rather than the whole script failing.
    filters: list[str] = field(default_factory=list)
    draws: int = 1  # candidate rows per row asked for (a hash partition keeps about 1/n)
    own_uniques: dict[str, list[Any]] = field(default_factory=dict)  # by relationship id
    # While rows are drawn: (rows looked at, the rows among them a key may point to), by
    # key columns (see rows._available_rows).
    available_rows: dict[tuple[str, ...], tuple[int, list[Row]]] = field(default_factory=dict)

    @property
    def live(self) -> list[Row]:
        return [row for row in self.rows if not row.dropped]


_NO_HINTS = Hints()


def table_fill(schema: Schema, table: Table, names: Names, seed: int, first: int = 1) -> TableFill:
    checks = _checks(table, names)
    hints: dict[str, Hints] = {}
    for check in checks:
        for column, hint in column_hints(check.tree).items():
            hints[column] = hints.get(column, _NO_HINTS).merge(hint)
    specs = {}
    for column in table.columns:
        enum_values = schema.enum(column.type.enum).values if column.type.enum else ()
        specs[column.name] = Spec(
            column, table.name, enum_values, hints.get(column.name, _NO_HINTS)
        )
    uniques = _unique_keys(table, names)
    rng = Random(f"{seed}:{table.schema}.{table.name}")
    foreign = schema.relationships_from(table.qname)
    seen: list[set[tuple[Any, ...]]] = [set() for _ in uniques]
    fill_ = TableFill(table, specs, checks, uniques, rng, seen=seen, foreign=foreign)
    checked = {name for check in checks for name in check.columns}
    fill_.own = own_columns(schema, table, specs, first, checked)
    fill_.draws = hash_modulus(table)
    _set_aside_unreadable_checks(fill_)
    return fill_


def own_columns(
    schema: Schema,
    table: Table,
    specs: dict[str, Spec],
    first: int = 1,
    checked: set[str] | frozenset[str] = frozenset(),
) -> list[tuple]:
    """(name, spec, may be NULL) of the columns no foreign key fills, in table order.

    Keys the database numbers (identity, serial, an integer in the primary key, a key
    whose default is a sequence's ``nextval``, or one a CHECK reads: its value must be
    known to be checked) are numbered ``first``, ``first + 1``...; another column whose
    default is ``nextval(...)`` is left to the database (``DEFAULT``); a column that
    others reference is never left NULL.
    """
    foreign = {name for rel in schema.relationships_from(table.qname) for name in rel.from_columns}
    referenced = {name for rel in schema.relationships_to(table.qname) for name in rel.to_columns}
    key = set(table.primary_key.columns) if table.primary_key else set()
    unique = {name for u in table.uniques for name in u.columns}
    unique |= {e.column for i in table.indexes if i.unique for e in i.elements if e.column}
    own = []
    for column in table.columns:
        if column.name in foreign:
            continue
        spec = specs[column.name]
        sequential = column.generated is not Generated.NONE or (
            column.name in key and column.type.base in {"smallint", "integer", "bigint"}
        )
        numbered = column.generated is Generated.NONE and sequence_name(
            column.default or domain_default(schema, column)
        )
        keyish = column.name in key | referenced | unique | checked or column.unique
        by_database = bool(numbered) and not keyish and not column.type.array
        sequential = sequential or bool(numbered and keyish)
        if sequential or by_database:
            spec = Spec(
                spec.column,
                spec.table,
                spec.enum_values,
                spec.hints,
                sequential=sequential,
                first=first,
                by_database=by_database,
            )
        optional = (
            column.nullable and column.name not in referenced and not sequential and not by_database
        )
        own.append((column.name, spec, optional))
    return own


def _set_aside_unreadable_checks(fill_: TableFill) -> None:
    """Checks the evaluator cannot read are not verified; their nullable columns are left
    NULL, which most checks accept (a comparison with NULL is not false)."""
    empty = {column.name: None for column in fill_.table.columns}
    for check in fill_.checks:
        try:
            evaluate(check.tree, empty)
        except Unsupported:
            unreadable(fill_, check)


def unreadable(fill_: TableFill, check: Check) -> None:
    fill_.unverified.add(check.name)
    columns = fill_.table.columns_by_name
    nullable = {name for name in check.columns if name in columns and columns[name].nullable}
    fill_.forced_null |= nullable
    left = "; its nullable columns are left NULL" if nullable else ""
    if check.text:
        # Per row, not per table: the INSERT keeps only the rows the database accepts.
        fill_.filters.append(check.text)
        left += "; the INSERT keeps only the rows it accepts (WHERE on the check)"
    fill_.notes.append(
        f"{label(fill_.table)}: CHECK {check.name} uses SQL the generator does not evaluate; "
        f"the rows were not verified against it{left}"
    )


def _checks(table: Table, names: Names) -> list[Check]:
    found = []
    texts = [(names.check_column(c.id), c.check, None) for c in table.columns if c.check]
    for check in table.checks:
        element = None
        if check.id.startswith(ELEMENT_CHECK):
            element = check.id.removeprefix(ELEMENT_CHECK).split("@", 1)[0]
        texts.append((names.check(check.id), check.expression, element))
    for name, text, element in texts:
        try:
            tree = expression_tree(text)
            columns = frozenset(column_references(text))
            found.append(Check(name, tree, columns, "" if element else text, element))
        except ExpressionError:
            continue  # validate() refuses it; the DDL would not apply either
    return found


def _unique_keys(table: Table, names: Names) -> list[UniqueKey]:
    keys = []
    if table.primary_key is not None:
        keys.append(UniqueKey(names.primary_key(table), table.primary_key.columns))
    for column in table.columns:
        if column.unique:
            keys.append(UniqueKey(names.unique_column(column.id), (column.name,)))
    for unique in table.uniques:
        name = names.unique(unique.id)
        keys.append(UniqueKey(name, unique.columns, not unique.nulls_not_distinct))
    for index in table.indexes:
        if not index.unique:
            continue
        elements = []
        for element in index.elements:
            elements.append(element.column if element.column else _tree(element.expression))
        where = _tree(index.where) if index.where else None
        keys.append(UniqueKey(names.index(index.id), tuple(elements), True, where))
    return keys


def _tree(text: str | None) -> dict[str, Any]:
    try:
        return expression_tree(text or "")
    except ExpressionError:
        return {"Unsupported": {}}


def hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, hashable(item)) for key, item in value.items()))
    return value


def passes_checks(fill_: TableFill, values: dict[str, Any]) -> bool:
    for check in fill_.checks:
        if check.name in fill_.unverified:
            continue
        try:
            if check.element is not None:
                items = values.get(check.element) or ()
                accepted = all(passes(check.tree, {**values, check.element: i}) for i in items)
            else:
                accepted = passes(check.tree, values)
            if not accepted:
                fill_.failure = f"no values found that pass CHECK {check.name}"
                return False
        except Unsupported:
            unreadable(fill_, check)
    return True


def has_key(row: Row, columns: Iterable[str]) -> bool:
    return all(row.values.get(name, NULL).py is not None for name in columns)


def available(row: Row, columns: tuple[str, ...]) -> bool:
    """Whether the row's key is there when the referencing row is written (chosen, and
    not one that an UPDATE sets afterwards)."""
    if not has_key(row, columns):
        return False
    return not any(set(columns) & set(later.from_columns) for later in row.later)


def copy_key(row: Row, relationship: Relationship, target: Row | object | None) -> None:
    if target is None:
        set_null(row, relationship)
        return
    assert isinstance(target, Row)
    for mine, theirs in zip(relationship.from_columns, relationship.to_columns, strict=True):
        row.values[mine] = target.values[theirs]


def set_null(row: Row, relationship: Relationship) -> None:
    for name in relationship.from_columns:
        row.values[name] = NULL


def key_of(row: Row, columns: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple([hashable(row.values.get(name, NULL).py) for name in columns])


def identifying_key(table: Table) -> tuple[str, ...] | None:
    """The columns an UPDATE finds one row by: the primary key, else a NOT NULL unique."""
    if table.primary_key is not None:
        return table.primary_key.columns
    for column in table.columns:
        if column.unique and not column.nullable:
            return (column.name,)
    for unique in table.uniques:
        if all(not table.column(name).nullable for name in unique.columns):
            return unique.columns
    return None


def note_once(fill_: TableFill, text: str) -> None:
    if text not in fill_.notes:
        fill_.notes.append(text)


def label(table: Table) -> str:
    return table.name if table.schema == "public" else f"{table.schema}.{table.name}"


def fk_words(relationship: Relationship) -> str:
    return f"the foreign key ({', '.join(relationship.from_columns)})"
