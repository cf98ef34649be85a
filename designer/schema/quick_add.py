"""The fields table's quick-add line: several things typed as one line, one change.

A line is a comma-separated list of items (commas inside parentheses or quotes do not
count). Each item is one of

- a column definition as in ``CREATE TABLE``: ``email varchar(255) not null unique``,
  ``price numeric(10,2) not null check (price >= 0)``, ``status order_status not null
  default 'new'``, ``tags text[]``;
- a table constraint as in ``CREATE TABLE``: ``unique (a, b)``, ``check (a < b)``
  (``constraint name ...`` names it);
- ``name -> table`` — a many-to-one relationship with its foreign-key column and its
  covering index (``-> table`` names the column after the table: ``customer_id``;
  ``-> table?`` makes it optional);
- ``<-> table`` — a many-to-many link through a junction entity;
- ``index (a, b)``, ``unique index (a)``, ``index using gin (tags)``, with ``include
  (...)`` and ``where <predicate>`` (a partial index) as in ``CREATE INDEX``.

SQL items are read by PostgreSQL's own parser (pglast), wrapped in ``CREATE TABLE _
(...)`` or ``CREATE INDEX ON _ ...``, and mapped by the SQL importer's own pieces
(``designer.importers.sql``: types, inline constraints, index keys), so a type reads
here exactly as it does in an imported dump. The result is a list of the operations
the editor's forms make (``AddField``, ``AddRelationship``, ``AddManyToMany``,
``AddUnique``, ``AddCheck``, ``AddIndex``), tried in order on the schema: an item that
would not apply is refused with its number and the reason, and nothing is applied.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from pglast import parser

from designer.importers.sql.draft import DraftEnum, Drafts, DraftTable
from designer.importers.sql.indexes import create_index
from designer.importers.sql.parsing import Statement
from designer.importers.sql.tables import add_column, add_constraint
from designer.importers.sql.tree import Node, write_back
from designer.importers.sql.typenames import resolve_type
from designer.operations import (
    AddCheck,
    AddField,
    AddIndex,
    AddManyToMany,
    AddRelationship,
    AddUnique,
    Operation,
    OperationError,
    check_step,
)
from designer.operations.constraints import element_data
from designer.schema.model import Generated, IndexElement, QName, Schema, Table

MAX_LINE_LENGTH = 5_000  # a line of a dozen items is a few hundred characters


class QuickAddError(ValueError):
    """Why the line cannot be applied: the item (1-based) and what is wrong with it."""

    def __init__(self, message: str, item: int | None = None, text: str = "") -> None:
        self.message = message
        self.item = item
        self.text = text
        where = f"Item {item} (“{_short(text)}”): " if item is not None else ""
        super().__init__(where + message)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


@dataclass(frozen=True)
class Item:
    number: int  # 1-based, as the messages say
    text: str


# --- splitting ------------------------------------------------------------------------


def split_items(line: str) -> list[Item]:
    """The line's items, split at the commas outside parentheses, brackets and quotes
    (PostgreSQL's own scanner finds them, so ``'a,b'`` and ``"x,y"`` stay whole)."""
    try:
        tokens = parser.scan(line)
    except Exception as error:  # an unterminated quote, a stray character
        raise QuickAddError(f"PostgreSQL cannot read this line: {_reason(error)}.") from None
    items, depth, start = [], 0, 0
    for token in tokens:
        char = line[token.start : token.end + 1]
        if char in {"(", "["}:
            depth += 1
        elif char in {")", "]"}:
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            items.append(line[start : token.start])
            start = token.end + 1
    items.append(line[start:])
    result = [Item(n, text.strip()) for n, text in enumerate(items, start=1)]
    for item in result:
        if not item.text:
            raise QuickAddError("Nothing between two commas.", item.number, item.text)
    return result


def _reason(error: Exception) -> str:
    text = str(error).split("\n")[0].rstrip(".")
    return text[:1].lower() + text[1:] if text else "a syntax error"


# --- the items ------------------------------------------------------------------------

_NAME = r'(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")'
_REFERENCE = re.compile(
    rf"^(?P<column>{_NAME})?\s*->\s*(?P<table>{_NAME}(?:\s*\.\s*{_NAME})?)\s*(?P<optional>\?)?$"
)
_LINK = re.compile(rf"^<->\s*(?P<table>{_NAME}(?:\s*\.\s*{_NAME})?)$")
_INDEX = re.compile(
    r"^(?P<unique>unique\s+)?index\s*(?P<rest>(?:\(|using\b).*)$", re.IGNORECASE | re.DOTALL
)


def _name(text: str) -> str:
    """An identifier as PostgreSQL reads it: unquoted folds to lower case."""
    text = text.strip()
    if text.startswith('"'):
        return text[1:-1].replace('""', '"')
    return text.lower()


def _qualified(text: str) -> tuple[str, ...]:
    return tuple(_name(part) for part in re.split(r'\s*\.\s*(?=(?:[^"]*"[^"]*")*[^"]*$)', text))


def parse(line: str, schema: Schema, table_id: str) -> list[Operation]:
    """The operations ``line`` stands for on the table ``table_id`` of ``schema``,
    checked by applying them in order; ``QuickAddError`` names the item that fails."""
    if len(line) > MAX_LINE_LENGTH:
        raise QuickAddError(f"The line is longer than {MAX_LINE_LENGTH:,} characters.")
    if not line.strip():
        raise QuickAddError("Type what to add, e.g. email varchar(255) not null unique.")
    _table(schema, table_id)
    operations: list[Operation] = []
    current = schema
    for item in split_items(line):
        try:
            made = _item(item.text, current, _table(current, table_id))
            for operation in made:
                after = operation.apply(current)
                check_step(current, after, operation.guards)
                current = after
        except QuickAddError as error:
            raise QuickAddError(error.message, item.number, item.text) from None
        except OperationError as error:
            raise QuickAddError(_sentence(error.message), item.number, item.text) from None
        operations.extend(made)
    return operations


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


def _table(schema: Schema, table_id: str) -> Table:
    for table in schema.tables:
        if table.id == table_id:
            return table
    raise QuickAddError("This entity no longer exists.")


def _item(text: str, schema: Schema, table: Table) -> list[Operation]:
    if match := _REFERENCE.match(text):
        return [_reference(match, schema, table)]
    if match := _LINK.match(text):
        target = _target(schema, table, match["table"])
        return [AddManyToMany(table.id, target.id)]
    if "->" in text and not text.lstrip().lower().startswith(("check", "constraint")):
        raise QuickAddError("A reference reads name -> table, -> table or -> table? (optional).")
    if match := _INDEX.match(text):
        return [_index(match, schema, table)]
    return _definition(text, schema, table)


def _target(schema: Schema, table: Table, text: str) -> Table:
    """The table a reference names: qualified, or in the table's schema, then public."""
    names = _qualified(text)
    if len(names) == 2:
        found = schema.tables_by_name.get(QName(*names))
    else:
        candidates = [t for t in schema.tables if t.name == names[0]]
        found = next((t for t in candidates if t.schema == table.schema), None)
        found = found or next((t for t in candidates if t.schema == "public"), None)
        found = found or (candidates[0] if len(candidates) == 1 else None)
    if found is None:
        raise QuickAddError(f"There is no entity named {'.'.join(names)}.")
    return found


def _reference(match: re.Match, schema: Schema, table: Table) -> Operation:
    target = _target(schema, table, match["table"])
    column = _name(match["column"]) if match["column"] else ""
    return AddRelationship(table.id, target.id, column_name=column, required=not match["optional"])


# --- SQL items, read by PostgreSQL's parser and the importer's pieces -------------------


def _statement(sql: str, kind: str) -> Node:
    """The one statement of kind ``kind`` that ``sql`` is, or a QuickAddError."""
    try:
        tree = json.loads(parser.parse_sql_json(sql))
    except RecursionError:
        raise QuickAddError("This item nests too deeply.") from None
    except Exception as error:
        raise QuickAddError(f"PostgreSQL cannot read this: {_reason(error)}.") from None
    statements = tree.get("stmts", [])
    if len(statements) != 1 or kind not in statements[0]["stmt"]:
        raise QuickAddError("Write one item at a time, without a semicolon.")
    return statements[0]["stmt"][kind]


def _drafts(schema: Schema, table: Table) -> tuple[Drafts, DraftTable]:
    """The importer's state for one item: the design's enum types, and the table as an
    empty draft (so that a check reading another column stays a table constraint)."""
    drafts = Drafts()
    drafts.search_path = list(dict.fromkeys([table.schema, "public"]))
    for enum in schema.enums:
        drafts.enums[enum.qname] = DraftEnum(enum.qname, list(enum.values))
    draft = DraftTable(table.qname)
    drafts.tables[table.qname] = draft
    return drafts, draft


def _skipped(drafts: Drafts) -> None:
    lines = drafts.summary.skipped_lines()
    if lines:
        raise QuickAddError(f"The designer cannot hold this: {lines[0].removeprefix('skipped: ')}.")


def _expression(node: Node | None, what: str) -> str:
    if node is None:
        return ""
    text = write_back(node)
    if text is None:
        raise QuickAddError(f"The {what} cannot be written back as one SQL expression.")
    return text


def _definition(text: str, schema: Schema, table: Table) -> list[Operation]:
    node = _statement(f"CREATE TABLE _ ({text})", "CreateStmt")
    elements = node.get("tableElts", [])
    if len(elements) != 1 or next(iter(elements[0])) not in {"ColumnDef", "Constraint"}:
        raise QuickAddError("Write one column or one table constraint.")
    kind, body = next(iter(elements[0].items()))
    drafts, draft = _drafts(schema, table)
    if kind == "Constraint":
        return _table_constraint(body, drafts, draft, table)
    column = add_column(draft, body, drafts)
    _skipped(drafts)
    if draft.foreign_keys:
        raise QuickAddError(
            f"For a reference write {column.name} -> table (the relationship with its index)."
        )
    column_type = resolve_type(column.type, drafts)
    if column_type is None or column_type.domain is not None:
        raise QuickAddError(f"There is no type {column.type.text or '?'} in this design.")
    enum_id = schema.enum(column_type.enum).id if column_type.enum else None
    generated = column.generated
    values = {
        "name": column.name,
        "data_type": column_type.base,
        "length": column_type.length,
        "precision": column_type.precision,
        "scale": column_type.scale,
        "is_array": column_type.array,
        "enum_type": enum_id,
        "nullable": column.nullable,
        "default": _expression(column.default, "default") if generated is Generated.NONE else "",
        "generated": generated.value,
        "unique": column.unique,
        "primary_key": draft.primary_key is not None,
        "check_expression": _expression(column.check, "check"),
    }
    operations: list[Operation] = [AddField(table.id, values)]
    return operations + _constraints(draft, table)


def _table_constraint(
    body: Node, drafts: Drafts, draft: DraftTable, table: Table
) -> list[Operation]:
    if body.get("contype") not in {"CONSTR_UNIQUE", "CONSTR_CHECK"}:
        raise QuickAddError(
            "Only unique (...) and check (...) can be added here; a reference is "
            "name -> table, the primary key is in the field's form."
        )
    add_constraint(draft, body, drafts, None)
    _skipped(drafts)
    return _constraints(draft, table)


def _constraints(draft: DraftTable, table: Table) -> list[Operation]:
    """The unique and check constraints the importer put on the draft table."""
    operations: list[Operation] = []
    for key in draft.uniques:
        operations.append(
            AddUnique(table.id, key.columns, key.nulls_not_distinct, name=key.name or "")
        )
    for check in draft.checks:
        operations.append(
            AddCheck(table.id, _expression(check.expression, "check"), name=check.name or "")
        )
    return operations


def _index(match: re.Match, schema: Schema, table: Table) -> Operation:
    unique = "UNIQUE " if match["unique"] else ""
    rest = match["rest"].strip()
    node = _statement(f"CREATE {unique}INDEX ON _ {rest}", "IndexStmt")
    drafts, draft = _drafts(schema, table)
    node["relation"] = {"relname": table.name, "schemaname": table.schema}
    create_index(Statement("IndexStmt", node, 1, match.group(0)), drafts)
    _skipped(drafts)
    index = draft.indexes[0]
    elements = tuple(
        element_data(
            IndexElement(
                column=key.column,
                expression=_expression(key.expression, "index expression") or None,
                descending=key.descending,
                nulls=key.nulls,
                opclass=key.opclass,
            )
        )
        for key in index.keys
    )
    return AddIndex(
        table.id,
        elements,
        unique=index.unique,
        method=index.method.value,
        where=_expression(index.where, "predicate"),
        include=index.include,
    )
