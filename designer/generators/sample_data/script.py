"""The sample data as an SQL script: one transaction, tables in foreign-key order.

Layout: a header comment (what the script is, how to load it, what it could not
satisfy), ``BEGIN;``, one ``INSERT`` per table (one ``WITH ... INSERT`` per cycle of NOT
NULL keys), the ``UPDATE`` statements that close cycles through nullable keys, the
``setval`` calls that move identity and serial sequences (and the sequences of keys whose
default is ``nextval(...)``) past the keys written out, and ``COMMIT;``. A partitioned
table's rows are inserted into its partitions (each with its own ``INSERT``); a column
whose default is ``nextval(...)`` and that is no key is written ``DEFAULT``.
Names go through ``qualified`` / ``quote_ident``, values are the literals
``values.draw`` wrote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pglast import parse_sql
from pglast.parser import ParseError

from designer.generators.ddl import INDENT, sql_comment
from designer.schema.model import Generated, QName, Table
from designer.schema.sqltext import qualified, quote_ident, quote_literal

from .partitions import domain_default, sequence_name

if TYPE_CHECKING:
    from . import SampleData, TableData, Update


def render(data: SampleData) -> str:
    sections = [_header(data), "BEGIN;"]
    triggers = _triggers(data)
    if triggers:
        sections.append(_switch(triggers, "DISABLE"))
    for unit in data.units:
        sections.append(_unit(unit))
    if data.updates:
        sections.append(_updates(data.updates))
    sequences = _sequence_statements(data)
    if sequences:
        sections.append(sequences)
    if triggers:
        sections.append(_switch(triggers, "ENABLE"))
    sections.append("COMMIT;")
    return "\n\n".join(sections) + "\n"


def _header(data: SampleData) -> str:
    name = " ".join(data.schema.name.splitlines()) or "Schema"
    lines = [
        sql_comment(f"Sample data for {name}, written by pg schema designer."),
        sql_comment(
            f"{data.options.rows} rows per table, drawn from seed {data.options.seed}: the "
            "same file every time. Keys are written out, so the foreign keys agree."
        ),
        "-- Load it into the empty database schema.sql built, in one transaction:",
        "--     psql -v ON_ERROR_STOP=1 -f sample_data.sql",
    ]
    if data.notes:
        lines.append("--")
        lines.append("-- What the rows could not satisfy:")
        lines += [sql_comment(f"- {note}") for note in data.notes]
    return "\n".join(lines)


def _unit(unit: tuple[TableData, ...]) -> str:
    if len(unit) == 1:
        return _single(unit[0])
    names = ", ".join(_label(data.table) for data in unit)
    lines = [
        sql_comment(
            f"{names} reference one another through NOT NULL keys: one statement inserts "
            "them all, and PostgreSQL checks the keys when it ends."
        )
    ]
    filled = [data for data in unit if data.rows and not data.partitioned]
    if not filled:
        return "\n".join([*lines, *(_empty_comment(data) for data in unit)])
    parts = []
    for number, data in enumerate(filled[:-1], start=1):
        body = _insert(data).removesuffix(";")
        indented = "\n".join(INDENT + line for line in body.splitlines())
        parts.append(f"{quote_ident(f'rows_{number}')} AS (\n{indented}\n)")
    lines.append("WITH " + ",\n".join(parts))
    lines.append(_insert(filled[-1]))
    return "\n".join(lines)


def _single(data: TableData) -> str:
    if not data.rows:
        return _empty_comment(data)
    if data.partitioned:
        count = len(data.rows)
        return sql_comment(
            f"{_label(data.table)}: {count} row{'s' if count != 1 else ''}, inserted into "
            "its partitions (each in its bound)"
        )
    count = len(data.rows)
    heading = sql_comment(f"{_label(data.table)}: {count} row{'s' if count != 1 else ''}")
    return f"{heading}\n{_insert(data)}"


def _empty_comment(data: TableData) -> str:
    return sql_comment(f"{_label(data.table)}: no rows (see the notes at the top)")


def _insert(data: TableData) -> str:
    table = data.table
    columns = ", ".join(quote_ident(column.name) for column in table.columns)
    head = f"INSERT INTO {qualified(table.qname)} ({columns})"
    if data.overriding:
        head += " OVERRIDING SYSTEM VALUE"
    if data.filters:
        return _filtered_insert(data, head)
    rows = []
    for values, deferred in zip(data.rows, data.deferred, strict=True):
        if deferred:
            literals = ["NULL" if name in deferred else value.sql for name, value in values.items()]
        else:
            literals = [value.sql for value in values.values()]
        rows.append(f"{INDENT}({', '.join(literals)})")
    return f"{head} VALUES\n" + ",\n".join(rows) + ";"


def _filtered_insert(data: TableData, head: str) -> str:
    """The rows as candidates of the table's row type; the database keeps those that pass
    the conditions (a check the generator could not evaluate, a key to a row so kept)."""
    table = data.table
    name = qualified(table.qname)
    defaults = {column.name: column.default or "NULL" for column in table.columns}
    rows = []
    for values in data.rows:
        literals = [
            defaults[column] if value.sql == "DEFAULT" else value.sql
            for column, value in values.items()
        ]
        rows.append(f"{INDENT}(ROW({', '.join(literals)})::{name})")
    condition = "\n  AND ".join(f"(({text}) IS NOT FALSE)" for text in data.filters)
    comment = sql_comment(
        "The generator could not check every row against what the table requires: the "
        "database keeps only the rows that pass (see the notes at the top)."
    )
    return (
        f"{comment}\n{head}\nSELECT * FROM (SELECT (candidate).* FROM (VALUES\n"
        + ",\n".join(rows)
        + f"\n) AS candidates (candidate)) AS row_\nWHERE {condition};"
    )


def _updates(updates: tuple[Update, ...]) -> str:
    lines = ["-- Keys of cycles, set once the tables they point to have their rows."]
    for update in updates:
        lines.append(_update(update))
    return "\n".join(lines)


def _update(update: Update) -> str:
    names = [quote_ident(name) for name, _ in update.values]
    literals = [value.sql for _, value in update.values]
    if len(names) == 1:
        assignment = f"{names[0]} = {literals[0]}"
    else:
        assignment = f"({', '.join(names)}) = ROW({', '.join(literals)})"
    condition = " AND ".join(f"{quote_ident(name)} = {value.sql}" for name, value in update.where)
    return f"UPDATE {qualified(update.table.qname)} SET {assignment} WHERE {condition};"


def _sequence_statements(data: SampleData) -> str:
    statements = []
    numbered: dict[str, list[tuple[Table, str]]] = {}  # by sequence: nextval defaults
    for table_data in data.tables:
        if not table_data.rows:
            continue
        for column in table_data.table.columns:
            if column.generated is not Generated.NONE:
                statements.append(_setval(table_data.table, column.name))
                continue
            sequence = sequence_name(column.default or domain_default(data.schema, column))
            written = sequence and any(row[column.name].sql != "DEFAULT" for row in table_data.rows)
            if written and not table_data.partitioned:
                numbered.setdefault(sequence, []).append((table_data.table, column.name))
    for sequence, columns in numbered.items():
        statements.append(_setval_sequence(sequence, columns))
    if not statements:
        return ""
    header = "-- Keys were written out: move their sequences past them for the next INSERT."
    return "\n".join([header, *statements])


def _setval(table: Table, column: str) -> str:
    # pg_get_serial_sequence reads its first argument as SQL (quoted as needed) and its
    # second as a plain column name.
    name = quote_literal(qualified(table.qname, omit_public=False))
    sequence = f"pg_get_serial_sequence({name}, {quote_literal(column)})"
    return f"SELECT setval({sequence}, max({quote_ident(column)})) FROM {qualified(table.qname)};"


def _triggers(data: SampleData) -> list[tuple[QName, str]]:
    """(table, trigger) of the schema's own triggers (kept as SQL) on tables given rows."""
    filled = {table_data.table.qname for table_data in data.tables if table_data.rows}
    found = []
    for item in getattr(data.schema, "sql_objects", ()):
        if str(getattr(item.kind, "value", item.kind)) != "trigger":
            continue
        try:
            statements = parse_sql(item.sql)
        except ParseError:
            continue
        for raw in statements:
            node = raw.stmt
            if type(node).__name__ != "CreateTrigStmt" or node.relation is None:
                continue
            table = QName(node.relation.schemaname or "public", node.relation.relname)
            if table in filled:
                found.append((table, node.trigname))
    return found


def _switch(triggers: list[tuple[QName, str]], action: str) -> str:
    if action == "DISABLE":
        lines = [
            "-- The schema's own triggers may write rows of their own or change these ones:",
            "-- they are off while the sample rows load (the rows are what this file says).",
        ]
    else:
        # ALTER TABLE waits for no deferred key check: they are run first.
        lines = ["-- The triggers are on again.", "SET CONSTRAINTS ALL IMMEDIATE;"]
    for table, name in triggers:
        lines.append(f"ALTER TABLE {qualified(table)} {action} TRIGGER {quote_ident(name)};")
    return "\n".join(lines)


def _setval_sequence(sequence: str, columns: list[tuple[Table, str]]) -> str:
    """The sequence of ``nextval(...)`` defaults, past the keys written in every table that
    takes its numbers."""
    maxima = " UNION ALL ".join(
        f"SELECT max({quote_ident(column)}) AS m FROM {qualified(table.qname)}"
        for table, column in columns
    )
    # Only where the sequence counts upwards and may take the number (a descending one
    # never gives the numbers written).
    return (
        f"SELECT setval({sequence}, m) FROM (SELECT max(m) AS m FROM ({maxima}) AS written) "
        f"AS found, pg_sequence WHERE seqrelid = {sequence}::regclass AND seqincrement > 0 "
        "AND m BETWEEN seqmin AND seqmax;"
    )


def _label(table: Table) -> str:
    return table.name if table.schema == "public" else f"{table.schema}.{table.name}"
