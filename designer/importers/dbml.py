"""Import DBML, dbdiagram.io's language, through the SQL importer.

``import_dbml(source)`` reads the text with ``pydbml`` and writes what it defines as
PostgreSQL DDL — ``CREATE TYPE ... AS ENUM``, ``CREATE TABLE``, ``CREATE INDEX``,
``ALTER TABLE ... ADD FOREIGN KEY``, ``COMMENT ON`` — which ``import_sql`` then reads.
So a DBML column's type, default, key and reference become exactly what the same
definitions written in SQL become (the same type names, the same one-to-one rule, the
same summary of what the model cannot hold), and there is one importer to trust.

What is read
    ``Table schema.name`` with its columns (``pk``, ``not null``, ``unique``,
    ``default`` — a string, a number, ``true``/``false`` or a backticked expression —,
    ``increment``, ``note``; a default is kept as written); ``indexes { ... }``
    (columns or backticked keys — ``lower(email)``, ``title DESC``, ``name
    gin_trgm_ops`` —, ``unique``, ``name``, ``type``, ``note``, ``pk`` for a composite
    or named primary key);
    references inline (``ref: > t.c``) and in ``Ref`` blocks (``>``, ``<``, ``-``, with
    a name and ``delete:`` / ``update:`` actions; ``-`` is one-to-one); ``<>`` makes a
    junction table the way the editor's "many-to-many" does; ``enum schema.name``;
    notes on tables, columns and indexes (descriptions, an index's rationale), the
    ``Project`` note (the design's description) and its ``extensions: 'pg_trgm, ...'``
    (the PostgreSQL extensions the design needs; a field of our own, which other DBML
    tools keep as a project setting). An enum has no note in DBML: the
    comment above it (``// ...``) is its description, and its values' notes are added
    to that description (the model has no note per value).

What is passed over, and said
    ``TableGroup`` and sticky notes (the model has no groups), table header colours,
    the project's other settings (a ``database_type`` other than PostgreSQL is a
    warning: the types are read as PostgreSQL's). A few types other databases use in
    DBML (``datetime``, ``string``, ``tinyint``...) are read as their PostgreSQL
    equivalents, with a warning each.

Failures
    ``DbmlSyntaxError`` (an ``ImportFailure``) names the line and the column where the
    DBML parser stopped; a reference to a table or a column that does not exist, an
    expression that is not one SQL expression and the like are ``ImportFailure`` with
    the line where the offending text is. Nothing else escapes: ``pydbml`` is a
    third-party parser, and any other error it raises on strange input is reported as
    the DBML being unreadable, never as a crash.
"""

from __future__ import annotations

import re
import uuid
import warnings
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace

import pyparsing

# pydbml 1.2 calls pyparsing's old camelCase names, which pyparsing 3.3 warns about as
# it builds its grammar and on every parse: pydbml's business, not the user's.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from pydbml import PyDBML
    from pydbml.classes import Column as DbmlColumn
    from pydbml.classes import Enum as DbmlEnum
    from pydbml.classes import Expression as DbmlExpression
    from pydbml.classes import Reference as DbmlReference
    from pydbml.classes import Table as DbmlTable
    from pydbml.database import Database

from designer.schema.expressions import ExpressionError, check_expression, parse_index_keys
from designer.schema.limits import MAX_PROJECT_NAME_LENGTH
from designer.schema.model import (
    Column,
    Index,
    QName,
    Relationship,
    RelationshipKind,
    Schema,
    Table,
    UniqueConstraint,
)
from designer.schema.sqltext import quote_ident, quote_literal

from .sql import import_sql
from .summary import ImportFailure, ImportResult, SqlSyntaxError

DEFAULT_NAME = "Imported schema"
# pydbml's parser (pyparsing) reads DBML at some 30-60 KB a second: a bigger
# file is refused at once rather than hold a request for minutes.
MAX_DBML_BYTES = 1024 * 1024
# Types other databases use in DBML files, read as PostgreSQL's (with a warning).
TYPE_ALIASES = {
    "datetime": "timestamp",
    "string": "text",
    "tinyint": "smallint",
    "mediumint": "integer",
    "tinytext": "text",
    "mediumtext": "text",
    "longtext": "text",
    "blob": "bytea",
    "longblob": "bytea",
    "double": "double precision",
}
_SERIALS = {"serial": "integer", "bigserial": "bigint", "smallserial": "smallint"}
_INTEGERS = {"int", "int2", "int4", "int8", "integer", "smallint", "bigint"}
# A type as DBML writes it, to be copied into the SQL: words, an optional schema,
# modifiers in parentheses and array brackets. Anything else is quoted as one name (and
# so read as a type the model lacks, skipped and listed).
_TYPE = re.compile(
    r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?"
    r"(?: [A-Za-z_][A-Za-z0-9_]*)*"
    r"(?:\(\s*\d+\s*(?:,\s*\d+\s*)?\))?"
    r"(?: [A-Za-z_][A-Za-z0-9_]*)*"
    r"(?:\[\d*\])*"
)
_ACTIONS = {"no action", "restrict", "cascade", "set null", "set default"}


class DbmlSyntaxError(ImportFailure):
    """The DBML parser refused the text: where, and what it expected."""

    def __init__(self, message: str, line: int, column: int, text: str) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.text = text
        super().__init__(f"DBML syntax error at line {line}, column {column} ({text!r}): {message}")


@dataclass
class _Script:
    """The SQL the DBML becomes, and what the SQL cannot say (set on the schema after)."""

    statements: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    one_to_one: list[tuple[QName, tuple[str, ...], QName, tuple[str, ...]]] = field(
        default_factory=list
    )
    many_to_many: list[tuple[QName, QName]] = field(default_factory=list)
    rationales: dict[str, str] = field(default_factory=dict)  # temporary index name -> note
    # Each default as the DBML wrote it: the design keeps the user's spelling
    # (``'{}'::jsonb``), which the SQL importer would write its own way.
    defaults: dict[tuple[QName, str], str] = field(default_factory=dict)
    # The enums by the names a column's type may give them (``status``, ``shop.status``).
    enums: dict[str, DbmlEnum] = field(default_factory=dict)


def import_dbml(
    source: str | bytes, *, name: str | None = None, schemas: Collection[str] | None = None
) -> ImportResult:
    """The schema a DBML text defines, and the summary of what was left out.

    ``name`` names the design (a file's name); without it, the DBML ``Project``'s name.
    ``schemas`` keeps only those PostgreSQL schemas, as ``import_sql`` does.
    """
    text = _decode(source)
    database = _parse(text)
    project = database.project
    name = (name or "").strip() or (project.name if project else "") or DEFAULT_NAME
    script = _Script()
    _project(database, script)
    for enum in database.enums:
        script.enums[f"{enum.schema}.{enum.name}"] = enum
        if enum.schema == "public":
            script.enums[enum.name] = enum
        _enum(enum, script)
    for table in database.tables:
        _table(table, text, script)
    for reference in database.refs:
        _reference(reference, script)
    _passed_over(database, script)
    result = _read_sql(script, text, name[:MAX_PROJECT_NAME_LENGTH], schemas)
    schema = _finish(result.schema, script, database)
    for kind, label in script.skipped:
        result.summary.skip(kind, label)
    for warning in script.warnings:
        result.summary.warn(warning)
    return ImportResult(schema, result.summary)


_DBML_START = re.compile(
    r"(?:\s|//[^\n]*\n|/\*.*?\*/)*(?:table|enum|ref|project|tablegroup)\b[^;{]*[:{]",
    re.IGNORECASE | re.DOTALL,
)


def looks_like_dbml(source: str | bytes) -> bool:
    """Whether a text starts as DBML does (``Table x {``, ``Project p {``, ``Ref: ...``,
    after comments), which SQL never does: how a file or a paste says what it is."""
    head = source[:4096]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "replace")
    return _DBML_START.match(head.lstrip("\ufeff")) is not None


# --- reading the text ---------------------------------------------------------------------


def _decode(source: str | bytes) -> str:
    if isinstance(source, bytes):
        if len(source) > MAX_DBML_BYTES:
            raise ImportFailure(
                f"the DBML is {len(source):,} bytes; DBML files up to {MAX_DBML_BYTES:,} bytes "
                "can be imported (import a SQL dump for bigger schemas)"
            )
        if b"\0" in source:
            raise ImportFailure("the file is binary (it contains NUL bytes), not DBML text")
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFailure(
                f"the file is not UTF-8 text (byte {error.start + 1} cannot be read)"
            ) from None
    if len(source.encode("utf-8", "surrogatepass")) > MAX_DBML_BYTES:
        raise ImportFailure(f"the DBML is longer than {MAX_DBML_BYTES:,} bytes")
    if "\0" in source:
        raise ImportFailure("the text contains NUL characters, not DBML")
    if not source.strip():
        raise ImportFailure("the DBML is empty")
    return source


def _parse(text: str) -> Database:
    """pydbml's reading of the text; every failure as an ImportFailure with a place."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            database = PyDBML.parse(text)
    except pyparsing.ParseBaseException as error:
        raise _syntax_error(error, text) from None
    except RecursionError:
        raise ImportFailure("the DBML is nested too deeply to be read") from None
    except SyntaxError as error:  # pydbml: "Table x at position N has no columns!"
        raise ImportFailure(_located(text, str(error.msg or error))) from None
    except Exception as error:  # a missing table or column, a duplicate, a bad value
        if not type(error).__module__.startswith("pydbml"):
            # pydbml tripped over something it did not expect (an empty note...).
            message = f"pydbml failed on it ({type(error).__name__}: {_sentence(error)})"
            raise ImportFailure(f"the DBML cannot be read: {message}") from None
        raise ImportFailure(_located(text, _sentence(error))) from None
    if not database.tables and not database.enums:
        raise ImportFailure("the DBML defines no tables or enums to import")
    return database


def _syntax_error(error: pyparsing.ParseBaseException, text: str) -> DbmlSyntaxError:
    line_text = error.line if isinstance(error.line, str) else ""
    found = line_text[error.col - 1 : error.col + 29].strip() or "the end of the line"
    expected = "unexpected text"
    if error.loc >= len(text):
        found, expected = "the end of the text", "the text ends too soon (a missing '}'?)"
    elif error.parser_element is not None:
        expected = f"expected {_element_name(error.parser_element)}"
    return DbmlSyntaxError(expected, error.lineno, error.col, found)


def _element_name(element: pyparsing.ParserElement) -> str:
    """pyparsing's name for what it expected, when it reads as words (its names of
    whole grammar rules read as code: then only "valid DBML")."""
    name = str(element)
    if len(name) > 40 or name[:1] in "{[(" or "Suppress" in name or "Combine" in name:
        return "valid DBML here"
    return name


def _sentence(error: Exception) -> str:
    message = str(error).strip() or type(error).__name__
    return message[:1].lower() + message[1:].rstrip(".!")


_QUOTED = re.compile(r'"([^"]+)"|\b(?:[Tt]able|[Cc]olumn) ([\w.]+)')


def _located(text: str, message: str) -> str:
    """``message`` with the line of the first name it quotes (pydbml's messages for a
    missing table or column name it but not where)."""
    position = re.search(r"at position (\d+)", message)
    if position:
        offset = int(position.group(1))
        message = message.replace(position.group(0), f"at line {_line_of(text, offset)}")
        return f"the DBML cannot be read: {message}"
    for match in _QUOTED.finditer(message):
        word = (match.group(1) or match.group(2)).split(".")[-1]
        found = re.search(rf"(?<![\w\"]){re.escape(word)}(?![\w\"])", text) or re.search(
            re.escape(word), text
        )
        if found:
            return f"the DBML cannot be read: {message} (line {_line_of(text, found.start())})"
    return f"the DBML cannot be read: {message}"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _line_of_snippet(text: str, snippet: str) -> str:
    position = text.find(snippet)
    return f" (line {_line_of(text, position)})" if position >= 0 else ""


# --- the SQL the DBML becomes -------------------------------------------------------------


def _qualified(schema: str, name: str) -> str:
    return f"{quote_ident(schema)}.{quote_ident(name)}"


def _project(database: Database, script: _Script) -> None:
    project = database.project
    if project is None:
        return
    kind = project.items.get("database_type", "").strip()
    if kind and kind.lower().replace(" ", "") not in {"postgresql", "postgres"}:
        script.warnings.append(f"the DBML is for {kind}: its types are read as PostgreSQL's")
    for extension in _extensions(project.items.get("extensions", "")):
        script.statements.append(f"CREATE EXTENSION IF NOT EXISTS {quote_ident(extension)};")
    others = sorted(set(project.items) - {"database_type", "extensions"})
    if others:
        script.skipped.append(("project setting", ", ".join(others)))


def _extensions(text: str) -> list[str]:
    """The PostgreSQL extensions a ``Project``'s ``extensions: 'a, b'`` names."""
    return [name.strip() for name in text.split(",") if name.strip()]


def _enum(enum: DbmlEnum, script: _Script) -> None:
    qname = _qualified(enum.schema, enum.name)
    values = ", ".join(quote_literal(item.name) for item in enum.items)
    script.statements.append(f"CREATE TYPE {qname} AS ENUM ({values});")
    description = _enum_description(enum)
    if any(_note(item.note) for item in enum.items):
        script.warnings.append(
            f"enum {QName(enum.schema, enum.name)}: its values' notes are kept in its "
            "description (the designer has no note per value)"
        )
    if description:
        script.statements.append(f"COMMENT ON TYPE {qname} IS {quote_literal(description)};")


def _enum_description(enum: DbmlEnum) -> str:
    """The comment above the enum, then each value's note on a line of its own."""
    lines = [(enum.comment or "").strip()] if (enum.comment or "").strip() else []
    lines += [f"{item.name}: {_note(item.note)}" for item in enum.items if _note(item.note)]
    return "\n".join(lines)


def _note(note) -> str:
    return (getattr(note, "text", "") or "").strip() if note is not None else ""


def _table(table: DbmlTable, text: str, script: _Script) -> None:
    qname = QName(table.schema, table.name)
    sql_name = _qualified(table.schema, table.name)
    lines = [_column_sql(column, qname, text, script) for column in table.columns]
    key, key_name = _primary_key(table, script)
    if key:
        named = f"CONSTRAINT {quote_ident(key_name)} " if key_name else ""
        lines.append(f"{named}PRIMARY KEY ({', '.join(quote_ident(name) for name in key)})")
    script.statements.append(f"CREATE TABLE {sql_name} (\n  " + ",\n  ".join(lines) + "\n);")
    if table.header_color:
        script.skipped.append(("table option", f"{qname} (header colour {table.header_color})"))
    if note := _note(table.note):
        script.statements.append(f"COMMENT ON TABLE {sql_name} IS {quote_literal(note)};")
    for column in table.columns:
        if note := _note(column.note):
            target = f"{sql_name}.{quote_ident(column.name)}"
            script.statements.append(f"COMMENT ON COLUMN {target} IS {quote_literal(note)};")
    for number, index in enumerate(table.indexes):
        if not index.pk:
            _index(table, index, number, text, script)


def _primary_key(table: DbmlTable, script: _Script) -> tuple[tuple[str, ...], str | None]:
    """The key from ``indexes { (a, b) [pk, name: '...'] }``, else the ``pk`` columns
    (several make a composite key, as dbdiagram reads them); and its name."""
    keys = [index for index in table.indexes if index.pk]
    columns = tuple(column.name for column in table.columns if column.pk)
    if keys:
        if len(keys) > 1 or columns:
            script.skipped.append(
                ("primary key", f"{QName(table.schema, table.name)} (a second one)")
            )
        return tuple(_subject_name(subject) for subject in keys[0].subjects), keys[0].name
    return columns, None


def _subject_name(subject) -> str:
    return subject.name if isinstance(subject, DbmlColumn) else str(subject.text)


def _column_sql(column: DbmlColumn, table: QName, text: str, script: _Script) -> str:
    parts = [quote_ident(column.name), _type_sql(column, table, script, script.enums)]
    if column.not_null and not column.pk:
        parts.append("NOT NULL")
    if column.autoinc:
        parts.append(_increment(column, table, script))
    default = _default_sql(column, table, text)
    if default is not None:
        parts.append(f"DEFAULT ({default})")
        script.defaults[(table, column.name)] = default
    if column.unique and not column.pk:
        parts.append("UNIQUE")
    return " ".join(part for part in parts if part)


def _type_name(column: DbmlColumn) -> str:
    """The type as written in the DBML (an enum by its qualified name)."""
    if isinstance(column.type, DbmlEnum):
        return _qualified(column.type.schema, column.type.name)
    return str(column.type).strip()


def _type_sql(column: DbmlColumn, table: QName, script: _Script, enums: dict[str, DbmlEnum]) -> str:
    written = _type_name(column)
    if isinstance(column.type, DbmlEnum):
        return written
    base = written.split("(")[0].split("[")[0].strip().lower()
    if base in TYPE_ALIASES:
        alias = TYPE_ALIASES[base]
        script.warnings.append(
            f"{table}.{column.name}: {base} read as {alias} (PostgreSQL has no {base})"
        )
        return alias + written[len(base) :]
    enum = enums.get(written.removesuffix("[]")) if written.endswith("[]") else None
    if enum is not None:
        return _qualified(enum.schema, enum.name) + "[]"
    if _TYPE.fullmatch(written):
        return written
    return quote_ident(written)  # read as a type the model lacks: skipped and listed


def _increment(column: DbmlColumn, table: QName, script: _Script) -> str:
    base = _type_name(column).lower()
    if base in _SERIALS:
        return ""
    if base in _INTEGERS:
        return "GENERATED BY DEFAULT AS IDENTITY"
    script.skipped.append(("column option", f"{table}.{column.name} (increment on {base})"))
    return ""


def _default_sql(column: DbmlColumn, table: QName, text: str) -> str | None:
    value = column.default
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, DbmlExpression):
        expression = str(value.text).strip()
        try:
            check_expression(expression)
        except ExpressionError as error:
            where = _line_of_snippet(text, f"`{value.text}`")
            raise ImportFailure(
                f"the default of {table}.{column.name}{where} is not one SQL expression: {error}"
            ) from None
        return expression
    return quote_literal(str(value))


def _index(table: DbmlTable, index, number: int, text: str, script: _Script) -> None:
    qname = QName(table.schema, table.name)
    elements = [_index_element(subject, qname, text) for subject in index.subjects]
    name = index.name
    note = _note(index.note)
    if not name and note:
        # COMMENT ON INDEX needs a name: a temporary one, taken off after the import.
        name = f"dbml index {len(script.rationales)} of {table.name}"[:63]
        script.rationales[name] = note
    method = f" USING {index.type}" if index.type else ""
    unique = "UNIQUE " if index.unique else ""
    named = f" {quote_ident(name)}" if name else ""
    on = _qualified(table.schema, table.name)
    script.statements.append(
        f"CREATE {unique}INDEX{named} ON {on}{method} ({', '.join(elements)});"
    )
    if note:
        target = _qualified(table.schema, name)
        script.statements.append(f"COMMENT ON INDEX {target} IS {quote_literal(note)};")


def _index_element(subject, table: QName, text: str) -> str:
    """A column by its name; a backticked key as written (``lower(email)``,
    ``created_at DESC``, ``(a + b) DESC``), or in parentheses when it is a bare
    expression that CREATE INDEX needs parenthesised (``a + b``); checked to be one key."""
    if isinstance(subject, DbmlColumn):
        return quote_ident(subject.name)
    written = str(subject.text).strip()
    problem = ""
    for candidate in (written, f"({written})"):
        try:
            elements = parse_index_keys(candidate)
        except ExpressionError as error:
            problem = problem or str(error)
            continue
        if len(elements) == 1:
            return candidate
        problem = "one backticked key is one expression (list several keys as (a, b))"
    where = _line_of_snippet(text, f"`{subject.text}`")
    raise ImportFailure(f"the index key `{written}` of {table}{where} cannot be read: {problem}")


def _reference(reference: DbmlReference, script: _Script) -> None:
    left, right = list(reference.col1), list(reference.col2)
    left_table, right_table = left[0].table, right[0].table
    if reference.type == "<>":
        script.many_to_many.append((_qname(left_table), _qname(right_table)))
        keys = {_qname(left_table): left, _qname(right_table): right}
        for qname, columns in keys.items():
            table = columns[0].table
            key = [column.name for column in table.columns if column.pk]
            if [column.name for column in columns] != key and key:
                script.warnings.append(
                    f"{qname}: the many-to-many's junction table refers to its primary key"
                )
        return
    if reference.type == "<" or (reference.type == "-" and _fk_goes_right(left, right)):
        left, right = right, left
    source, target = left[0].table, right[0].table
    from_columns = tuple(column.name for column in left)
    to_columns = tuple(column.name for column in right)
    name = f"CONSTRAINT {quote_ident(reference.name)} " if reference.name else ""
    actions = ""
    for word, action in (("DELETE", reference.on_delete), ("UPDATE", reference.on_update)):
        if action and action.lower() in _ACTIONS:
            actions += f" ON {word} {action.upper()}"
    script.statements.append(
        f"ALTER TABLE {_qualified(source.schema, source.name)} ADD {name}FOREIGN KEY "
        f"({', '.join(quote_ident(c) for c in from_columns)}) REFERENCES "
        f"{_qualified(target.schema, target.name)} "
        f"({', '.join(quote_ident(c) for c in to_columns)}){actions};"
    )
    if reference.type == "-":
        script.one_to_one.append((_qname(source), from_columns, _qname(target), to_columns))


def _qname(table: DbmlTable) -> QName:
    return QName(table.schema, table.name)


def _unique_sets(table: DbmlTable) -> list[set[str]]:
    sets = [{column.name} for column in table.columns if column.unique or column.pk]
    pk = {column.name for column in table.columns if column.pk}
    sets += [pk] if pk else []
    sets += [
        {_subject_name(subject) for subject in index.subjects}
        for index in table.indexes
        if index.unique or index.pk
    ]
    return sets


def _fk_goes_right(left: list[DbmlColumn], right: list[DbmlColumn]) -> bool:
    """A one-to-one ``a.x - b.y``: the foreign key is on ``a`` (``a.x`` references
    ``b.y``) unless only ``a.x`` can be referenced (it is unique, ``b.y`` is not)."""
    left_names = {column.name for column in left}
    right_names = {column.name for column in right}
    return right_names not in _unique_sets(right[0].table) and left_names in _unique_sets(
        left[0].table
    )


def _passed_over(database: Database, script: _Script) -> None:
    for group in database.table_groups:
        tables = ", ".join(str(_qname(table)) for table in group.items)
        script.skipped.append(("table group", f"{group.name} ({tables})"))
    for note in getattr(database, "sticky_notes", []):
        script.skipped.append(("sticky note", note.name))


# --- through the SQL importer, and back -------------------------------------------------


def _read_sql(
    script: _Script, text: str, name: str, schemas: Collection[str] | None
) -> ImportResult:
    sql = "\n".join(script.statements) + "\n"
    try:
        return import_sql(sql, name=name, schemas=schemas)
    except SqlSyntaxError as error:
        # Every piece of user text was checked on its own: this is a name or a type
        # the checks above let through. Say which, by the text PostgreSQL stopped at.
        where = _line_of_snippet(text, error.text) if error.text else ""
        raise ImportFailure(
            f"the DBML cannot be read as PostgreSQL{where}: {error.message} near {error.text!r}"
        ) from None


def _finish(schema: Schema, script: _Script, database: Database) -> Schema:
    """What SQL cannot say: one-to-one references, notes of unnamed indexes, the
    project's note and the many-to-many links."""
    # Only the references the SQL importer kept (it lists those it could not).
    one_to_one = set(script.one_to_one) & {_ends(r) for r in schema.relationships}
    relationships = tuple(
        replace(relationship, kind=RelationshipKind.ONE_TO_ONE)
        if _ends(relationship) in one_to_one
        else relationship
        for relationship in schema.relationships
    )
    tables = tuple(
        _one_to_one_key(
            replace(
                table,
                columns=tuple(_as_written(table.qname, c, script) for c in table.columns),
                indexes=tuple(_rationale(index, script) for index in table.indexes),
            ),
            [ends[1] for ends in one_to_one if ends[0] == table.qname],
        )
        for table in schema.tables
    )
    description = _note(database.project.note) if database.project else ""
    schema = replace(schema, tables=tables, relationships=relationships, description=description)
    return _many_to_many(schema, script.many_to_many, script)


def _ends(relationship: Relationship) -> tuple[QName, tuple[str, ...], QName, tuple[str, ...]]:
    return (
        relationship.from_table,
        relationship.from_columns,
        relationship.to_table,
        relationship.to_columns,
    )


def _as_written(table: QName, column: Column, script: _Script) -> Column:
    """The column with its default as the DBML wrote it, where the SQL importer kept
    one (it leaves out a default it cannot import, and lists it)."""
    written = script.defaults.get((table, column.name))
    if column.default is None or written is None or column.default == written:
        return column
    return replace(column, default=written)


def _one_to_one_key(table: Table, keys: list[tuple[str, ...]]) -> Table:
    """The referencing columns of a one-to-one (``-``) made unique, as the editor makes
    them: one referenced row has at most one referencing row."""
    for columns in keys:
        if frozenset(columns) in _model_unique_sets(table):
            continue
        if len(columns) == 1:
            column = table.column(columns[0])
            position = table.columns.index(column)
            changed = (*table.columns[:position], replace(column, unique=True))
            table = replace(table, columns=changed + table.columns[position + 1 :])
        else:
            unique = UniqueConstraint(str(uuid.uuid4()), columns)
            table = replace(table, uniques=(*table.uniques, unique))
    return table


def _model_unique_sets(table: Table) -> list[frozenset[str]]:
    sets = [frozenset({column.name}) for column in table.columns if column.unique]
    if table.primary_key is not None:
        sets.append(frozenset(table.primary_key.columns))
    sets += [frozenset(unique.columns) for unique in table.uniques]
    sets += [
        frozenset(str(name) for name in index.column_names)
        for index in table.indexes
        if index.unique and index.where is None and None not in index.column_names
    ]
    return sets


def _rationale(index: Index, script: _Script) -> Index:
    if index.name in script.rationales:
        return replace(index, name=None, rationale=script.rationales[index.name])
    return index


def _many_to_many(schema: Schema, pairs: Iterable[tuple[QName, QName]], script: _Script) -> Schema:
    """Each ``<>`` as the editor's many-to-many makes it: a junction table with a
    foreign key (CASCADE) to each side, the pair as its key, and the link."""
    from designer.operations import OperationError
    from designer.operations.relationships import AddManyToMany

    for left, right in pairs:
        tables = schema.tables_by_name
        if left not in tables or right not in tables:
            script.skipped.append(("many-to-many", f"{left} <> {right} (a table is skipped)"))
            continue
        operation = AddManyToMany(tables[left].id, tables[right].id)
        try:
            schema = operation.apply(schema)
        except OperationError as error:
            script.skipped.append(("many-to-many", f"{left} <> {right} ({error.message})"))
    return schema
