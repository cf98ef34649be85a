"""Sample data: INSERT statements that load into the DDL, deterministic from a seed.

``generate(schema, options)`` returns an SQL script (one transaction) that fills every
table of a database built by ``designer.generators.ddl`` with ``options.rows`` rows
(default 5). ``build(schema, options)`` returns the same data as values, for the
document and the query examples. The pipeline:

1. ``order.fill_order``: tables in foreign-key order; cycles through nullable keys are
   closed by ``UPDATE`` afterwards, cycles through ``NOT NULL`` keys are inserted by one
   ``WITH ... INSERT`` statement;
2. ``rows.fill`` (with ``constraints`` and ``cycles``): the rows, with explicit keys
   (uuid literals, 1, 2, 3... for identity and serial keys, written with ``OVERRIDING
   SYSTEM VALUE`` where the key is ``GENERATED ALWAYS``), foreign keys pointing to
   existing rows, unique keys kept, values drawn within the CHECKs' bounds (``hints``)
   and every CHECK verified by evaluating it (``checks``);
3. ``script.render``: the SQL text.

What it satisfies: types and lengths, NOT NULL, single and composite UNIQUE (also
``NULLS NOT DISTINCT``, unique indexes, partial and on ``lower(...)``-style
expressions), enum values, foreign keys in dependency order, self-references, cycles,
junction tables (distinct pairs), validation ranges and lengths, and CHECKs made of
comparisons (also between two columns: ``ends_at > starts_at``), ranges (``BETWEEN``, of
numbers, dates and times), lengths (``char_length``, ``length``), ``IN`` lists and
``= ANY (ARRAY[...])`` (also under ``lower`` / ``upper`` / ``btrim``), the case of a
text (``name = lower(name)``), ``LIKE`` / regular expressions / ``SIMILAR TO`` (a
matching text is written: ``patterns``), ``IS [NOT] NULL`` and ``num_nonnulls``,
``AND`` / ``OR`` / ``NOT``, ``coalesce`` and arithmetic, also of dates with the clock
(``now() - interval '18 years'``, read at ``checks.NOW``). ``partitions`` adds what the
database applies to a table's rows: a domain's checks and NOT NULL on its columns, a
partition's bound (its rows are inserted into the partition; a partitioned table's rows
are its partitions'), its parent's checks, keys and foreign keys. A column whose default
is ``nextval(...)`` is numbered like a serial key when it is a key (its sequence is
moved past the numbers), else written ``DEFAULT``. The schema's own triggers (kept as
SQL) are off while the rows load.

What it cannot, and says so in a comment at the top of the script (``SampleData.notes``)
rather than write SQL that fails: a CHECK using other functions or subqueries, a hash
partition's bound and the checks of an array-of-domain's elements are not evaluated:
the INSERT then keeps only the rows the database accepts (``WHERE (check) IS NOT
FALSE``, and rows whose keys point to rows so left out are left out with them), so
such a table may hold fewer rows than ``rows`` says; a row no candidate passes is left
out, not the table, but a table whose unique keys or checks admit fewer rows than
asked (a unique boolean has two) gets fewer rows; a nullable key of a cycle stays NULL
where no UPDATE can set it (the table has no primary or NOT NULL unique key, or its
``updated_at`` trigger would give every updated row the same ``now()`` that a key or
check on ``updated_at`` refuses). Rows an UPDATE closes a cycle for get ``updated_at =
now()`` from that trigger, as any update would.
"""

from __future__ import annotations

from dataclasses import dataclass

from designer.schema.model import Generated, QName, Schema, Table

from .constraints import Row, identifying_key
from .order import FillOrder, When, fill_order
from .partitions import leaf_partitions, sampling_schema
from .rows import fill
from .script import render
from .values import Value


@dataclass(frozen=True)
class SampleDataOptions:
    rows: int = 5  # per table
    seed: int = 1


@dataclass(frozen=True)
class Update:
    """A key of a cycle set after the referenced table has its rows."""

    table: Table
    where: tuple[tuple[str, Value], ...]  # the row's identifying key
    values: tuple[tuple[str, Value], ...]  # the foreign-key columns it sets


@dataclass(frozen=True)
class TableData:
    table: Table
    rows: tuple[dict[str, Value], ...]  # the final values, in the table's column order
    deferred: tuple[frozenset[str], ...]  # per row: columns NULL in the INSERT, set later
    overriding: bool  # GENERATED ALWAYS keys are written: OVERRIDING SYSTEM VALUE
    partitioned: bool = False  # the rows are its partitions' (inserted there)
    # Conditions the INSERT keeps rows by (checks the generator cannot evaluate, keys to
    # rows so kept): the database may leave some rows out, so ``rows`` is at most.
    filters: tuple[str, ...] = ()


@dataclass(frozen=True)
class SampleData:
    schema: Schema
    options: SampleDataOptions
    units: tuple[tuple[TableData, ...], ...]  # each unit is one INSERT statement
    updates: tuple[Update, ...]
    notes: tuple[str, ...]

    @property
    def tables(self) -> tuple[TableData, ...]:
        return tuple(data for unit in self.units for data in unit)

    def rows(self, name: QName) -> tuple[dict[str, Value], ...]:
        return next(data.rows for data in self.tables if data.table.qname == name)

    def row_counts(self) -> dict[QName, int]:
        return {data.table.qname: len(data.rows) for data in self.tables}


def build(schema: Schema, options: SampleDataOptions | None = None) -> SampleData:
    """The rows of every table (see the module docstring); same input, same rows."""
    options = options or SampleDataOptions()
    sampled = sampling_schema(schema)
    order = fill_order(sampled)
    fills = fill(sampled, order, max(options.rows, 0), options.seed)
    units = []
    updates: list[Update] = []
    filters = _filters(sampled, order, fills)
    for unit in order.units:
        units.append(
            tuple(
                _table_data(
                    fills[table.qname].live,
                    table,
                    fills[table.qname].partitioned,
                    filters.get(table.qname, ()),
                )
                for table in unit
            )
        )
    for table in order.tables:
        key = identifying_key(table) or ()
        if fills[table.qname].partitioned:
            continue
        for row in fills[table.qname].live:
            for relationship in row.later:
                updates.append(_update(table, row, key, relationship.from_columns))
    notes = tuple(note for table in order.tables for note in fills[table.qname].notes)
    return SampleData(schema, options, tuple(units), tuple(updates), notes)


def _filters(schema: Schema, order: FillOrder, fills: dict) -> dict[QName, tuple[str, ...]]:
    """The conditions each INSERT keeps its rows by: the checks the generator could not
    evaluate, and a key to a table whose rows are so kept must find its row. Not for the
    tables of a cycle (one statement, or keys set by UPDATE): their rows stay as drawn."""
    found: dict[QName, tuple[str, ...]] = {}
    for unit in order.units:
        for table in unit:
            fill_ = fills[table.qname]
            if fill_.partitioned:
                leaves = leaf_partitions(schema, table)
                if any(leaf.qname in found for leaf in leaves):
                    found[table.qname] = ("true",)  # some rows may be left out
                continue
            conditions = list(fill_.filters)
            for relationship in schema.relationships_from(table.qname):
                if order.when[relationship.id] is When.BEFORE and relationship.to_table in found:
                    conditions.append(_exists(relationship))
            cyclic = len(unit) > 1 or any(row.later for row in fill_.live)
            if conditions and not cyclic:
                found[table.qname] = tuple(conditions)
    return found


def _exists(relationship) -> str:
    """The referencing row (``row_``) finds its row, or has a NULL in its key."""
    from designer.schema.sqltext import qualified, quote_ident

    nulls = [f"row_.{quote_ident(name)} IS NULL" for name in relationship.from_columns]
    pairs = " AND ".join(
        f"referenced.{quote_ident(theirs)} = row_.{quote_ident(mine)}"
        for mine, theirs in zip(relationship.from_columns, relationship.to_columns, strict=True)
    )
    exists = (
        f"EXISTS (SELECT 1 FROM {qualified(relationship.to_table)} AS referenced WHERE {pairs})"
    )
    return " OR ".join([*nulls, exists])


def _table_data(
    rows: list[Row], table: Table, partitioned: bool = False, filters: tuple[str, ...] = ()
) -> TableData:
    deferred = tuple(
        frozenset(name for relationship in row.later for name in relationship.from_columns)
        if row.later
        else frozenset()
        for row in rows
    )
    names = table.column_names
    ordered = tuple({name: row.values[name] for name in names} for row in rows)
    overriding = any(column.generated is Generated.IDENTITY_ALWAYS for column in table.columns)
    return TableData(table, ordered, deferred, overriding, partitioned, filters)


def _update(table: Table, row: Row, key: tuple[str, ...], columns: tuple[str, ...]) -> Update:
    return Update(
        table,
        tuple((name, row.values[name]) for name in key),
        tuple((name, row.values[name]) for name in columns),
    )


def generate(schema: Schema, options: SampleDataOptions | None = None) -> str:
    """The sample data script of ``schema``: same input, byte-identical output."""
    return render(build(schema, options))


__all__ = [
    "SampleData",
    "SampleDataOptions",
    "TableData",
    "Update",
    "build",
    "generate",
    "render",
]
