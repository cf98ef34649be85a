"""Indexes: no duplicates, no redundant prefixes, no lone boolean, not too many.

Every index is compared as a ``Shape``: its keys (column or expression as parsed, operator
class, direction, nulls order), method, predicate (as parsed, so spacing does not matter),
INCLUDE columns and uniqueness. The primary key and unique constraints take part as the
btree unique indexes PostgreSQL builds for them.

An index is redundant when another with the same method and predicate starts with the
same keys in a compatible order — the same order, or all of it reversed, which a btree
scans backwards — so it serves every lookup and sort the first one serves. Only btree
indexes have prefixes; other methods are only compared for exact duplicates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from designer.schema.model import Index, IndexElement, IndexMethod, NullsOrder, Table

from .context import Context, canonical
from .findings import DropIndex, Issue, Severity, Target
from .registry import rule


class Key(NamedTuple):
    """One index key as it orders rows."""

    column: str | None
    expression: str | None  # canonical (see context.canonical)
    opclass: str | None
    descending: bool
    nulls_first: bool

    def flipped(self) -> Key:
        """The key read backwards: a btree scanned in reverse gives this order."""
        return self._replace(descending=not self.descending, nulls_first=not self.nulls_first)


def _key(element: IndexElement) -> Key:
    expression = canonical(element.expression) if element.expression is not None else None
    nulls_first = (
        element.nulls is NullsOrder.FIRST
        if element.nulls is not NullsOrder.DEFAULT
        else element.descending  # PostgreSQL's default: NULLS FIRST only when DESC
    )
    return Key(element.column, expression, element.opclass, element.descending, nulls_first)


@dataclass(frozen=True)
class Shape:
    """An index, or the index behind a key constraint, reduced to what it can serve."""

    name: str
    keys: tuple[Key, ...]
    method: IndexMethod
    where: str | None
    include: frozenset[str]
    unique: bool
    index: Index | None = None  # None for a constraint's index
    what: str = "index"  # "index", "primary key", "unique constraint"

    @property
    def definition(self) -> tuple:
        """What the index is, whatever its name: equal definitions are duplicates."""
        return (self.keys, self.method, self.where, self.include, self.unique)

    @property
    def columns(self) -> set[str]:
        return {key.column for key in self.keys if key.column is not None}

    @property
    def described(self) -> str:
        columns = ", ".join(key.column for key in self.keys if key.column is not None)
        label = f"{self.what} {self.name}"
        return f"{label} ({columns})" if columns and len(columns) < 80 else label


def _index_shape(context: Context, index: Index) -> Shape:
    return Shape(
        name=context.names.index(index.id),
        keys=tuple(_key(element) for element in index.elements),
        method=index.method,
        where=canonical(index.where) if index.where else None,
        include=frozenset(index.include),
        unique=index.unique,
        index=index,
    )


def _constraint_shapes(context: Context, table: Table) -> list[Shape]:
    def shape(name: str, columns: tuple[str, ...], what: str) -> Shape:
        keys = tuple(Key(column, None, None, False, False) for column in columns)
        return Shape(name, keys, IndexMethod.BTREE, None, frozenset(), True, None, what)

    names = context.names
    shapes = []
    if table.primary_key is not None and table.primary_key.columns:
        shapes.append(shape(names.primary_key(table), table.primary_key.columns, "primary key"))
    shapes += [
        shape(names.unique_column(column.id), (column.name,), "unique constraint")
        for column in table.columns
        if column.unique
    ]
    shapes += [
        shape(names.unique(unique.id), unique.columns, "unique constraint")
        for unique in table.uniques
        if unique.columns
    ]
    return shapes


def _starts(shorter: tuple[Key, ...], longer: tuple[Key, ...]) -> bool:
    """Whether ``longer`` begins with ``shorter`` in the same or the reversed order."""
    if len(shorter) > len(longer):
        return False
    head = longer[: len(shorter)]
    return head == shorter or head == tuple(key.flipped() for key in shorter)


def _drop(table: Table, shape: Shape) -> tuple[DropIndex, ...]:
    assert shape.index is not None
    return (DropIndex(table.id, shape.index.id, label=f"Drop {shape.name}"),)


def _target(table: Table, shape: Shape) -> Target:
    assert shape.index is not None
    return Target(table=table.id, index=shape.index.id)


def _duplicate_of(shape: Shape, earlier: list[Shape]) -> Shape | None:
    return next((other for other in earlier if other.definition == shape.definition), None)


def _same_as_constraint(shape: Shape, constraints: list[Shape]) -> Shape | None:
    if shape.method is not IndexMethod.BTREE or shape.where or shape.include:
        return None
    return next(
        (
            other
            for other in constraints
            if len(other.keys) == len(shape.keys) and _starts(shape.keys, other.keys)
        ),
        None,
    )


def _covers(other: Shape, shape: Shape, other_first: bool) -> bool:
    """Whether ``other`` serves everything ``shape`` serves (see the module docstring)."""
    if other.method is not IndexMethod.BTREE or shape.method is not IndexMethod.BTREE:
        return False
    if other.where != shape.where or not _starts(shape.keys, other.keys):
        return False
    if not shape.include <= other.include | other.columns:
        return False
    if len(shape.keys) < len(other.keys):
        # A unique index on fewer keys enforces more than the longer one does.
        return not shape.unique
    if shape.unique and not other.unique:
        return False
    stronger = (other.unique and not shape.unique) or other.include > shape.include
    return stronger or (other.include == shape.include and other_first)


def _analysed(context: Context, table: Table) -> tuple[list[Shape], list[Shape]]:
    return context.remember(
        ("index shapes", table.id),
        lambda: (
            [_index_shape(context, index) for index in table.indexes],
            _constraint_shapes(context, table),
        ),
    )


@rule(
    "index-duplicate",
    title="An index identical to another index.",
    strict=Severity.WARNING,
    relaxed=Severity.WARNING,
)
def duplicate(context: Context, table: Table) -> Iterator[Issue]:
    shapes, _ = _analysed(context, table)
    for position, shape in enumerate(shapes):
        other = _duplicate_of(shape, shapes[:position])
        if other is None:
            continue
        yield Issue(
            message=f"{table.name}: index {shape.name} duplicates index {other.name}.",
            why=_WRITE_COST,
            fix=f"Drop {shape.name}.",
            target=_target(table, shape),
            auto_fixes=_drop(table, shape),
        )


@rule(
    "index-duplicates-constraint",
    title="An index duplicating the primary key or a unique constraint.",
    strict=Severity.WARNING,
    relaxed=Severity.WARNING,
)
def duplicates_constraint(context: Context, table: Table) -> Iterator[Issue]:
    shapes, constraints = _analysed(context, table)
    for position, shape in enumerate(shapes):
        if _duplicate_of(shape, shapes[:position]) is not None:
            continue
        other = _same_as_constraint(shape, constraints)
        if other is None:
            continue
        yield Issue(
            message=f"{table.name}: index {shape.name} duplicates the {other.described}.",
            why="PostgreSQL already keeps a unique btree index for every primary key and "
            "unique constraint. " + _WRITE_COST,
            fix=f"Drop {shape.name}; the {other.what}'s index serves the same queries.",
            target=_target(table, shape),
            auto_fixes=_drop(table, shape),
        )


@rule(
    "index-redundant",
    title="An index whose keys are a leading prefix of another with the same method and predicate.",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def redundant(context: Context, table: Table) -> Iterator[Issue]:
    shapes, constraints = _analysed(context, table)
    for position, shape in enumerate(shapes):
        if _duplicate_of(shape, shapes[:position]) or _same_as_constraint(shape, constraints):
            continue  # reported by the two rules above
        others = [(other, True) for other in constraints]
        others += [(other, n < position) for n, other in enumerate(shapes) if n != position]
        other = next((o for o, first in others if _covers(o, shape, first)), None)
        if other is None:
            continue
        yield Issue(
            message=(
                f"{table.name}: index {shape.name} is redundant with the {other.described}, "
                "which starts with the same keys."
            ),
            why="A btree serves lookups and sorts on any leading prefix of its keys, so "
            f"{other.name} already does what {shape.name} does. " + _WRITE_COST,
            fix=f"Drop {shape.name}.",
            target=_target(table, shape),
            auto_fixes=_drop(table, shape),
        )


@rule(
    "constraint-duplicate",
    title="A unique constraint repeating the primary key or another unique constraint.",
    strict=Severity.WARNING,
    relaxed=Severity.WARNING,
)
def duplicate_constraint(context: Context, table: Table) -> Iterator[Issue]:
    seen: dict[tuple[tuple[str, ...], bool], str] = {}
    if table.primary_key is not None:
        seen[(table.primary_key.columns, False)] = "the primary key"
    keys = [(c.id, (c.name,), False, c.id) for c in table.columns if c.unique]
    keys += [(u.id, u.columns, u.nulls_not_distinct, None) for u in table.uniques]
    for key_id, columns, nulls_not_distinct, column_id in keys:
        earlier = seen.get((columns, nulls_not_distinct))
        seen.setdefault((columns, nulls_not_distinct), "a unique constraint on the same columns")
        if earlier is None:
            continue
        listed = ", ".join(columns)
        yield Issue(
            message=f"{table.name}: the unique constraint on ({listed}) repeats {earlier}.",
            why="PostgreSQL drops a unique constraint that repeats a key without a word, so "
            "the DDL leaves it out; it only misleads readers of the design.",
            fix="Remove the repeated unique constraint (or the column's UNIQUE flag).",
            target=Target(
                table=table.id,
                columns=(column_id,) if column_id else (),
                constraint=None if column_id else key_id,
            ),
        )


@rule(
    "index-boolean-alone",
    title="An index on a boolean column alone.",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def boolean_alone(context: Context, table: Table) -> Iterator[Issue]:
    for index in table.indexes:
        if index.unique or index.where or len(index.elements) != 1:
            continue
        column = table.columns_by_name.get(index.elements[0].column or "")
        if column is None or column.type.base != "boolean" or column.type.array:
            continue
        name = context.names.index(index.id)
        yield Issue(
            message=f"{table.name}: index {name} is on the boolean {column.name} alone.",
            why=(
                "A boolean has two values, so an index on it alone rarely beats a scan: the "
                "planner ignores it for the common value and every write still pays for it."
            ),
            fix=(
                f"Put {column.name} after a selective column in a composite index "
                f"(e.g. (user_id, {column.name})), or index the rare case only: "
                f"... WHERE {column.name}."
            ),
            target=Target(table=table.id, columns=(column.id,), index=index.id),
        )


@rule(
    "index-too-many",
    title="More indexes on one table than the profile's limit (8 strict, 12 relaxed).",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def too_many(context: Context, table: Table) -> Iterator[Issue]:
    count = len(table.indexes) + len(_analysed(context, table)[1])
    limit = context.profile.max_indexes
    if count <= limit:
        return
    yield Issue(
        message=(
            f"{table.name} has {count} indexes (counting its key and unique constraints); "
            f"the limit is {limit}."
        ),
        why=(
            "Every insert and update writes every index: write throughput, WAL volume and "
            "vacuum work grow with each one, and the planner has more to choose from."
        ),
        fix="Drop the indexes no query needs; merge those that share leading keys.",
        target=Target(table=table.id),
    )


_WRITE_COST = (
    "Every index costs disk, memory and time on every insert and update; one that adds "
    "nothing is pure cost."
)
