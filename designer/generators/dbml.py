"""The schema as DBML, dbdiagram.io's language, for teams whose diagrams live there.

``generate(schema)`` writes a ``Project`` (the design's description as its note, the
PostgreSQL extensions it needs as ``extensions: '...'``), the
enum types, the tables — columns with their type, ``pk``, ``increment``, ``not null``,
``unique``, ``default`` and ``note``; the table's note; its indexes (unique, named,
``type:``, expressions in backticks, a composite or named primary key as ``[pk]``) —
and one ``Ref`` per relationship (named, ``-`` for one-to-one, with its actions).
The output is stable (the design's order, no ids, no dates) and reads back, through
``designer.importers.dbml``, as the same design; ``pydbml`` parses it.

What DBML cannot say is written as a ``//`` comment where it belongs, so that a reader
sees it and a DBML tool ignores it: CHECK constraints, a partial index or one with
INCLUDE columns (the whole index is a comment: without its WHERE a unique index would
be stricter than the design's), DEFERRABLE and NOT VALID references, partitioning;
domains and sequences (a comment each; a domain's column is written with the base type
and a comment naming its domain), and the objects kept as SQL — views, functions,
triggers... — as a comment with their kind, what they read and their SQL. An enum has
no note in DBML: its description is the comment above it. The design's settings (key strategy,
timestamps, review), validation rules, sensitive flags and relationship attribute names
are the designer's own and stay in the design file (``design.json``).
"""

from __future__ import annotations

import re

from designer.generators.ddl_objects import sequence_options
from designer.schema.model import (
    Action,
    Column,
    Deferral,
    Domain,
    EnumType,
    Generated,
    Index,
    IndexElement,
    IndexMethod,
    ObjectKind,
    QName,
    Relationship,
    RelationshipKind,
    Schema,
    Sequence,
    SqlObject,
    Table,
)
from designer.schema.sqltext import quote_ident, type_sql

_PLAIN_NAME = re.compile(r"[A-Za-z0-9_]+")
_PLAIN_TYPE = re.compile(r"[A-Za-z0-9_]+(?:\(\d+(?:,\d+)?\))?")
_INTEGER = re.compile(r"\d+")
_SIMPLE_STRING = re.compile(r"'[^'\\\n\r\t]*'")
_SERIALS = {"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}
_INDENT = "  "


def generate(schema: Schema) -> str:
    """The whole schema as one DBML text."""
    blocks = [_project(schema)]
    blocks += [_enum(enum) for enum in schema.enums]
    blocks += [_domain(domain) for domain in schema.domains]
    blocks += [_sequence(sequence) for sequence in schema.sequences]
    blocks += [_table(table, schema) for table in schema.tables]
    if schema.relationships:
        blocks.append("\n".join(_reference(ref, schema) for ref in schema.relationships))
    blocks += [_sql_object(item) for item in schema.sql_objects]
    return "\n\n".join(blocks) + "\n"


# --- words ------------------------------------------------------------------------------


def name(text: str) -> str:
    """A DBML name: bare when it is letters, digits and underscores, else quoted.
    (DBML has no escape for a double quote inside a name: it becomes a single one.)"""
    if _PLAIN_NAME.fullmatch(text):
        return text
    return '"' + _one_line(text).replace('"', "'") + '"'


def string(text: str) -> str:
    """A DBML string that pydbml reads back as ``text`` (escapes for the characters a
    string cannot hold as they are)."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace("'", "\\'")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f"'{escaped}'"


def _table_name(qname: QName) -> str:
    if qname.schema == "public":
        return name(qname.name)
    return f"{name(qname.schema)}.{name(qname.name)}"


def _one_line(text: str) -> str:
    """``text`` on one line, for a ``//`` comment (which ends at the end of its line)."""
    return re.sub(r"\s*[\r\n\f\v\x1c-\x1e\x85\u2028\u2029]+\s*", " ", text)


def _comment(text: str) -> list[str]:
    """``text`` as ``//`` comment lines (a comment ends at the end of its line)."""
    return [f"// {line}".rstrip() for line in text.replace("\r\n", "\n").split("\n")]


# --- project and enums ------------------------------------------------------------------


def _project(schema: Schema) -> str:
    lines = [f"Project {name(schema.name or 'schema')} {{", f"{_INDENT}database_type: 'PostgreSQL'"]
    if schema.extensions:
        lines.append(f"{_INDENT}extensions: {string(', '.join(schema.extensions))}")
    if schema.description.strip():
        lines.append(f"{_INDENT}Note: {string(schema.description)}")
    return "\n".join([*lines, "}"])


def _enum(enum: EnumType) -> str:
    lines = _comment(enum.description) if enum.description.strip() else []
    lines.append(f"Enum {_table_name(enum.qname)} {{")
    lines += [f"{_INDENT}{name(value)}" for value in enum.values]
    return "\n".join([*lines, "}"])


# --- what DBML has no place for ---------------------------------------------------------------


def _domain(domain: Domain) -> str:
    """A domain as a comment: DBML has none; its columns are written with its base type
    (and a comment naming the domain)."""
    parts = [f"Domain {domain.qname}: {type_sql(domain.type.without_domain())}"]
    if not domain.nullable:
        parts.append("NOT NULL")
    if domain.default is not None:
        parts.append(f"DEFAULT {domain.default}")
    parts += [f"CHECK ({check.expression})" for check in domain.checks]
    lines = _comment(domain.description) if domain.description.strip() else []
    lines.append(f"// {_one_line(' '.join(parts))} (DBML has no domains)")
    return "\n".join(lines)


def _sequence(sequence: Sequence) -> str:
    options = sequence_options(sequence) or ["AS bigint"]
    if sequence.owned_by is not None:
        options.append(f"OWNED BY {sequence.owned_by[0]}.{sequence.owned_by[1]}")
    lines = _comment(sequence.description) if sequence.description.strip() else []
    text = _one_line(f"Sequence {sequence.qname}: {' '.join(options)}")
    lines.append(f"// {text} (DBML has no sequences)")
    return "\n".join(lines)


def _plural(kind: ObjectKind) -> str:
    if kind is ObjectKind.OTHER:
        return "such objects"
    word = kind.value
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def _sql_object(item: SqlObject) -> str:
    """A view, function, trigger... as comments: its kind, name and what it reads, then
    its SQL (DBML has no place for them; a DBML tool ignores comments)."""
    kind = "object" if item.kind is ObjectKind.OTHER else item.kind.value
    head = f"{kind.capitalize()} {_one_line(str(item.qname))}"
    if item.reads:
        head += f", reads {', '.join(str(name) for name in item.reads)}"
    lines = [f"// {head} (DBML has no {_plural(item.kind)}; its SQL, kept by the design):"]
    if item.description.strip():
        lines += _comment(item.description)
    # Any line break ends a ``//`` comment: each line of the SQL is a comment of its own.
    lines += [f"// {line}".rstrip() for line in item.sql.splitlines()]
    return "\n".join(lines)


# --- tables ----------------------------------------------------------------------------------


def _table(table: Table, schema: Schema) -> str:
    key = table.primary_key
    inline_key = key is not None and len(key.columns) == 1 and key.name is None
    lines = [f"Table {_table_name(table.qname)} {{"]
    for column in table.columns:
        in_key = inline_key and column.name == key.columns[0]  # type: ignore[union-attr]
        lines.append(_INDENT + _column(column, table, in_key, schema))
    if table.partition_by:
        text = _one_line(f"partition by {table.partition_by}")
        lines.append(f"{_INDENT}// {text} (DBML has no partitioning)")
    if table.partition_of is not None:
        text = _one_line(f"partition of {table.partition_of} {table.partition_bound or ''}")
        lines.append(f"{_INDENT}// {text.strip()} (DBML has no partitioning)")
    for check in table.checks:
        named = f"{check.name}: " if check.name else ""
        valid = " not valid" if check.not_valid else ""
        text = _one_line(f"check {named}{check.expression}{valid}")
        lines.append(f"{_INDENT}// {text} (DBML has no checks)")
    if table.description.strip():
        lines.append(f"{_INDENT}Note: {string(table.description)}")
    indexes = _indexes(table, inline_key)
    # DBML cannot say these: as comments, outside the block (which needs one index).
    partial = [_partial(index) for index in table.indexes if index.where or index.include]
    if indexes or partial:
        lines.append("")
    if indexes:
        lines += [f"{_INDENT}indexes {{", *indexes, f"{_INDENT}}}"]
    lines += partial
    return "\n".join([*lines, "}"])


def _column(column: Column, table: Table, in_key: bool, schema: Schema) -> str:
    settings = []
    if in_key:
        settings.append("pk")
    if column.generated in {Generated.IDENTITY_ALWAYS, Generated.IDENTITY_BY_DEFAULT}:
        settings.append("increment")
    if not column.nullable and not in_key:
        settings.append("not null")
    if column.unique:
        settings.append("unique")
    if column.default is not None:
        settings.append(f"default: {_default(column.default)}")
    if column.description.strip():
        settings.append(f"note: {string(column.description)}")
    text = f"{name(column.name)} {_type(column)}"
    if settings:
        text += f" [{', '.join(settings)}]"
    extra = []
    if column.type.domain is not None:
        extra.append(f"domain {column.type.domain}")
    if column.check:
        extra.append(f"check {column.check}")
    if column.generated is Generated.IDENTITY_ALWAYS:
        extra.append("generated always")
    if extra:
        text += f" // {_one_line('; '.join(extra))} (not in DBML)"
    return text


def _type(column: Column) -> str:
    column_type = column.type.without_domain()  # DBML has no domains: the base type
    if column.generated is Generated.SERIAL and column_type.base in _SERIALS:
        return _SERIALS[column_type.base]
    if column_type.is_enum and column_type.enum is not None:
        enum = _table_name(column_type.enum)
        if not column_type.array:
            return enum
        return name(f"{column_type.enum}[]")
    text = type_sql(column_type)
    if _PLAIN_TYPE.fullmatch(text) or (
        column_type.array and _PLAIN_NAME.fullmatch(text.removesuffix("[]"))
    ):
        return text
    return f'"{text}"'


def _default(text: str) -> str:
    """A number or a plain string as DBML writes them; any other SQL in backticks."""
    if text in {"true", "false"} or _INTEGER.fullmatch(text) or _SIMPLE_STRING.fullmatch(text):
        return text
    return f"`{text}`"


def _indexes(table: Table, inline_key: bool) -> list[str]:
    lines = []
    key = table.primary_key
    if key is not None and not inline_key:
        settings = ["pk"] + ([f"name: {string(key.name)}"] if key.name else [])
        lines.append(
            f"{_INDENT * 2}{_subjects([name(c) for c in key.columns])} [{', '.join(settings)}]"
        )
    for unique in table.uniques:
        settings = ["unique"] + ([f"name: {string(unique.name)}"] if unique.name else [])
        lines.append(
            f"{_INDENT * 2}{_subjects([name(c) for c in unique.columns])} [{', '.join(settings)}]"
        )
    lines += [_index(index) for index in table.indexes if not (index.where or index.include)]
    return lines


def _key_line(columns: tuple[str, ...], settings: list[str]) -> str:
    return f"{_INDENT * 2}{_subjects([name(c) for c in columns])} [{', '.join(settings)}]"


def _subjects(items: tuple[str, ...] | list[str]) -> str:
    """One key bare, several in parentheses: ``email``, ``(a, b)``."""
    return items[0] if len(items) == 1 else f"({', '.join(items)})"


def _index(index: Index) -> str:
    return _INDENT * 2 + _index_text(index)


def _index_text(index: Index) -> str:
    subjects = _subjects([_element(element) for element in index.elements])
    settings = []
    if index.unique:
        settings.append("unique")
    if index.name:
        settings.append(f"name: {string(index.name)}")
    if index.method is not IndexMethod.BTREE:
        settings.append(f"type: {index.method.value}")
    if index.rationale.strip():
        settings.append(f"note: {string(index.rationale)}")
    return subjects + (f" [{', '.join(settings)}]" if settings else "")


def _partial(index: Index) -> str:
    """A partial index, or one with INCLUDE columns, as a comment: without its WHERE a
    unique index would be stricter than the design's, so it is not written as one."""
    missing = [f"WHERE {index.where}"] if index.where else []
    if index.include:
        missing.append(f"INCLUDE ({', '.join(index.include)})")
    text = _one_line(" ".join([_index_text(index), *missing]))
    return f"{_INDENT}// index {text} (DBML has no partial indexes)"


def _element(element: IndexElement) -> str:
    """A plain column by its name; anything more (an expression, DESC, NULLS, an
    operator class) as the SQL of the key, in backticks."""
    plain = not (element.descending or element.nulls or element.opclass)
    if element.column is not None and plain:
        return name(element.column)
    head = f"({element.expression})" if element.expression is not None else None
    if element.column is not None:
        head = quote_ident(element.column)
    if element.expression is not None and plain:
        return f"`{element.expression}`"
    parts = [str(head)]
    if element.opclass:
        parts.append(element.opclass)
    if element.descending:
        parts.append("DESC")
    if element.nulls:
        parts.append(f"NULLS {element.nulls.value.upper()}")
    return f"`{' '.join(parts)}`"


# --- references ----------------------------------------------------------------------------


def _reference(relationship: Relationship, schema: Schema) -> str:
    arrow = "-" if relationship.kind is RelationshipKind.ONE_TO_ONE else ">"
    left = _ends(relationship.from_table, relationship.from_columns)
    right = _ends(relationship.to_table, relationship.to_columns)
    label = f" {name(relationship.name)}" if relationship.name else ""
    settings = [
        f"{word}: {action.value.lower()}"
        for word, action in (("delete", relationship.on_delete), ("update", relationship.on_update))
        if action is not Action.NO_ACTION
    ]
    text = f"Ref{label}: {left} {arrow} {right}"
    if settings:
        text += f" [{', '.join(settings)}]"
    missing = []
    if relationship.deferral is not Deferral.NOT_DEFERRABLE:
        missing.append(relationship.deferral.value)
    if relationship.not_valid:
        missing.append("not valid")
    if missing:
        text += f" // {', '.join(missing)} (not in DBML)"
    return text


def _ends(table: QName, columns: tuple[str, ...]) -> str:
    names = [name(column) for column in columns]
    return f"{_table_name(table)}.{_subjects(names)}"
