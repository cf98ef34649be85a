"""The sample data as an SQL script: one transaction, tables in foreign-key order.

Layout: a header comment (what the script is, how to load it, what it could not
satisfy), ``BEGIN;``, one ``INSERT`` per table (one ``WITH ... INSERT`` per cycle of NOT
NULL keys), the ``UPDATE`` statements that close cycles through nullable keys, the
``setval`` calls that move identity and serial sequences past the keys written out, and
``COMMIT;``. Names go through ``qualified`` / ``quote_ident``, values are the literals
``values.draw`` wrote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from designer.generators.ddl import INDENT, sql_comment
from designer.schema.model import Generated, Table
from designer.schema.sqltext import qualified, quote_ident, quote_literal

if TYPE_CHECKING:
    from . import SampleData, TableData, Update


def render(data: SampleData) -> str:
    sections = [_header(data), "BEGIN;"]
    for unit in data.units:
        sections.append(_unit(unit))
    if data.updates:
        sections.append(_updates(data.updates))
    sequences = _sequence_statements(data)
    if sequences:
        sections.append(sequences)
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
    filled = [data for data in unit if data.rows]
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
    rows = []
    for values, deferred in zip(data.rows, data.deferred, strict=True):
        if deferred:
            literals = ["NULL" if name in deferred else value.sql for name, value in values.items()]
        else:
            literals = [value.sql for value in values.values()]
        rows.append(f"{INDENT}({', '.join(literals)})")
    return f"{head} VALUES\n" + ",\n".join(rows) + ";"


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
    for table_data in data.tables:
        if not table_data.rows:
            continue
        for column in table_data.table.columns:
            if column.generated is not Generated.NONE:
                statements.append(_setval(table_data.table, column.name))
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


def _label(table: Table) -> str:
    return table.name if table.schema == "public" else f"{table.schema}.{table.name}"
