"""Random operations of every kind, drawn against the schema they will apply to.

``operations(schema)`` draws one operation (``designer.operations.OPERATIONS``, every
kind alike) that names objects the schema holds, with values an editor's form could
send: names from the shared word lists (some of them taken, awkward or too long), types
from the registry with their parameters, defaults and checks that read the table's own
columns, every referential action, index method and setting. About one time in ten an
id is stale (an object someone deleted meanwhile) or a value is one the editor refuses:
those operations must be refused with ``OperationError`` and nothing else.

``plans(n)`` draws the kinds of up to ``n`` changes (a change is one operation, or two
or three a form saves together) and ``changes(schema, kinds)`` the operations of one.
Ids an operation creates are drawn too (``st.uuids``), so an example replays the same.

Left out on purpose: a new type for a column that a check, an index key or a predicate
reads (and a check written for the old type). PostgreSQL type-checks those expressions
(``char_length(n)`` of an integer); the designer keeps them as text and does not.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import strategies as st

from designer.lint import lint
from designer.operations import (
    OPERATIONS,
    AddCheck,
    AddDiagramView,
    AddEntity,
    AddEnum,
    AddField,
    AddIndex,
    AddManyToMany,
    AddPrimaryKey,
    AddQuery,
    AddRelationship,
    AddSqlObject,
    AddTimestamps,
    AddUnique,
    ApplyFix,
    ChangeDiagramView,
    ChangeIndex,
    ChangeObjectDescription,
    ChangeQuery,
    ChangeSqlObject,
    DeleteConstraint,
    DeleteEntity,
    DeleteEnum,
    DeleteField,
    DeleteRelationship,
    EditEntity,
    EditEnum,
    EditField,
    EditProject,
    EditRelationship,
    MoveField,
    Operation,
    OperationError,
    RemoveDiagramView,
    RemoveQuery,
    RemoveSqlObject,
    ReplaceSchema,
    Suppress,
    Unsuppress,
    run,
)
from designer.operations.fields import expression_targets
from designer.schema.ids import with_new_ids
from designer.schema.model import (
    Action,
    Column,
    ColumnType,
    Deferral,
    IndexMethod,
    KeyStrategy,
    NullsOrder,
    RelationshipKind,
    Schema,
    Table,
)
from designer.schema.sqltext import quote_ident
from designer.schema.types import TYPES, Category
from designer.schema.validation import comparable, keyable
from tests.strategies import (
    AWKWARD_NAMES,
    PLAIN_WORDS,
    SCHEMA_NAMES,
    _default_for,
    column_types,
    schemas,
)

KINDS: tuple[str, ...] = tuple(operation.kind for operation in OPERATIONS)
TOO_LONG = "x" * 64  # PostgreSQL allows 63 bytes
EDGE_NAMES = [
    "xmin",  # a system column's name
    "ctid",
    "text",  # a type's name
    "integer",
    "b" * 59 + "_one",  # 63 bytes: the convention's names are cut short
    "b" * 59 + "_two",
    "é" * 31,  # 62 bytes
    "é" * 32,  # 64 bytes
]
ENUM_VALUES = ["draft", "active", "done", "it's", "Mixed Case", "ü"]
INTEGERS = ("smallint", "integer", "bigint")


# --- small draws --------------------------------------------------------------------------


def _uuid(draw) -> str:
    return str(draw(st.uuids(version=4)))


def _odd(draw, chance: int = 10) -> bool:
    """True about once in ``chance`` draws: time for a stale id or a refused value (the
    last value: Hypothesis draws the first one, its simplest, more often)."""
    return draw(st.integers(0, chance - 1)) == chance - 1


def _pick(draw, ids: list[str]) -> str:
    """One of ``ids``, or now and then (always when there is none) a stale id."""
    if not ids or _odd(draw):
        return _uuid(draw)
    return draw(st.sampled_from(ids))


def _name(draw, taken: list[str] | tuple[str, ...] = ()) -> str:
    """A new name: a plain word, an awkward one, sometimes one taken or too long."""
    choice = draw(st.integers(0, 19))
    if choice == 19:
        return TOO_LONG
    if choice >= 17 and taken:
        return draw(st.sampled_from(sorted(taken)))
    if choice == 16:
        return draw(st.sampled_from(EDGE_NAMES))
    if choice >= 12:
        return draw(st.sampled_from(AWKWARD_NAMES))
    word = draw(st.sampled_from(PLAIN_WORDS))
    return f"{word}_{draw(st.integers(1, 99))}" if draw(st.booleans()) else word


def _subset(draw, values: dict[str, Any]) -> dict[str, Any]:
    """A non-empty part of ``values`` (the attributes a form changed)."""
    keys = draw(st.lists(st.sampled_from(sorted(values)), min_size=1, unique=True))
    return {key: values[key] for key in sorted(keys)}


def _columns(schema: Schema) -> list[tuple[Table, Column]]:
    return [(table, column) for table in schema.tables for column in table.columns]


def _table(draw, schema: Schema) -> tuple[str, Table | None]:
    """A table's id and the table, or a stale id and None."""
    identifier = _pick(draw, [table.id for table in schema.tables])
    return identifier, next((t for t in schema.tables if t.id == identifier), None)


# --- field values ---------------------------------------------------------------------------


def _type_values(draw, schema: Schema, keyed: bool = False) -> tuple[dict[str, Any], ColumnType]:
    """A column type in the records' vocabulary (``enum_type`` is an enum's id)."""
    column_type = draw(column_types(schema.enums, keyable=keyed))
    enum_id = None
    if column_type.is_enum:
        enum_id = schema.enum(column_type.enum).id if not _odd(draw, 20) else _uuid(draw)
    values = {
        "data_type": column_type.base,
        "length": column_type.length,
        "precision": column_type.precision,
        "scale": column_type.scale,
        "is_array": column_type.array,
        "enum_type": enum_id,
    }
    if _odd(draw, 20):  # a parameter PostgreSQL refuses
        values.update(draw(st.sampled_from([{"length": 0}, {"scale": 3}, {"precision": 2000}])))
    return values, column_type


def _default(draw, schema: Schema, column_type: ColumnType) -> str:
    if column_type.is_enum and column_type.enum not in schema.enums_by_name:
        return ""
    text = _default_for(draw, column_type, schema.enums_by_name)
    if _odd(draw, 30):
        text = draw(st.sampled_from(["0; DROP TABLE users", "now(", "nope_column"]))
    return text or ""


def _expression(draw, table: Table | None, own: str | None = None) -> str:
    """A boolean expression over the table's columns (``own``: a column not yet in the
    table), sometimes qualified by the table's name; now and then one reading a column
    or a table that is not there."""
    names = sorted({*(table.columns_by_name if table else ()), *([own] if own else [])})
    if not names or _odd(draw, 12):
        return draw(st.sampled_from(["no_such_column > 0", "other_table.id IS NULL", "(", "true"]))
    name = draw(st.sampled_from(names))
    ident = quote_ident(name)
    if table is not None and draw(st.integers(0, 5)) == 0:
        ident = f"{quote_ident(table.name)}.{ident}"
    column = table.columns_by_name.get(name) if table else None
    shapes = [f"{ident} IS NOT NULL"]
    if column is not None and not column.type.array:
        base = column.type.base
        if base in (*INTEGERS, "numeric", "real", "double precision"):
            shapes.append(f"{ident} >= 0")
        elif base in ("text", "varchar"):
            shapes.append(f"char_length({ident}) > 0")
    if len(names) > 1:
        other = quote_ident(draw(st.sampled_from(names)))
        shapes.append(f"{ident} IS NULL OR {other} IS NOT NULL")
    return draw(st.sampled_from(shapes))


def _generated(draw, column_type: ColumnType) -> dict[str, Any]:
    """Now and then an identity or serial for an integer column (NOT NULL, no default)."""
    if column_type.base in INTEGERS and not column_type.array and _odd(draw, 4):
        kind = draw(st.sampled_from(["identity_by_default", "identity_always", "serial"]))
        return {"generated": kind, "default": "", "nullable": False}
    return {"generated": ""}


def _validation(draw, column_type: ColumnType) -> dict[str, Any]:
    info = TYPES.get(column_type.base)
    if info is None or column_type.array:
        return {}
    if info.category is Category.STRING:
        low, high = draw(st.sampled_from([(None, 50), (1, 50), (1, None), (9, 3)]))
        pattern = draw(st.sampled_from(["", "^[a-z]+$"]))
        return {"min_length": low, "max_length": high, "pattern": pattern}
    if info.category is Category.INTEGER:
        ge, le = draw(st.sampled_from([("0", "1000"), ("", "10"), ("abc", "")]))
        return {"ge": ge, "le": le}
    return {}


def _field_values(draw, schema: Schema, table: Table | None) -> dict[str, Any]:
    """Every attribute of a new field."""
    taken = list(table.columns_by_name) if table else []
    name = _name(draw, taken)
    keyed = draw(st.integers(0, 3)) == 0
    values, column_type = _type_values(draw, schema, keyed)
    values.update(
        name=name,
        nullable=draw(st.booleans()),
        default=_default(draw, schema, column_type),
        unique=keyed and not column_type.array and draw(st.booleans()),
        primary_key=keyed and not column_type.array and _odd(draw, 4),
        description=draw(st.sampled_from(["", "A field.", "It's “quoted”."])),
        sensitive=_odd(draw, 5),
    )
    values.update(_generated(draw, column_type))
    values.update(_validation(draw, column_type))
    if draw(st.booleans()):
        values["check_expression"] = _expression(draw, table, own=name)
    if _odd(draw, 40):
        values["colour"] = "red"  # not an attribute of a field
    return values


def _read_by_expressions(table: Table) -> frozenset[str]:
    """The ids of the columns the table's checks, index keys and predicates read."""
    texts = [column.check for column in table.columns]
    texts += [check.expression for check in table.checks]
    texts += [index.where for index in table.indexes]
    texts += [element.expression for index in table.indexes for element in index.elements]
    return expression_targets(table, *texts)


def _field_changes(draw, schema: Schema, table: Table, column: Column) -> dict[str, Any]:
    """Some attributes of an existing field, as the field's form sends them. Not the
    type of a column an expression reads: PostgreSQL type-checks the expression
    (``char_length(n)`` of an integer), the designer does not."""
    typed = [] if column.id in _read_by_expressions(table) else ["type"]
    aspects = draw(
        st.lists(
            st.sampled_from(
                [
                    "name",
                    *typed,
                    "nullable",
                    "default",
                    "check",
                    "unique",
                    "primary_key",
                    "generated",
                    "description",
                    "validation",
                ]
            ),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    values: dict[str, Any] = {}
    column_type = column.type
    for aspect in sorted(aspects, key=lambda aspect: aspect != "type"):  # the type first
        if aspect == "name":
            values["name"] = _name(draw, list(table.columns_by_name))
        elif aspect == "type":
            changed, column_type = _type_values(draw, schema, keyed=draw(st.booleans()))
            values.update(changed)
            # The form shows the default and the check with the type: one that fits.
            values["default"] = _default(draw, schema, column_type)
            values["check_expression"] = ""
        elif aspect == "nullable":
            values["nullable"] = draw(st.booleans())
        elif aspect == "default":
            values["default"] = _default(draw, schema, column_type)
        elif aspect == "check":
            if "type" not in aspects:  # the type cleared it; a check would fit the old one
                values["check_expression"] = "" if _odd(draw, 3) else _expression(draw, table)
        elif aspect == "unique":
            values["unique"] = draw(st.booleans())
        elif aspect == "primary_key":
            values["primary_key"] = draw(st.booleans())
        elif aspect == "generated":
            values.update(_generated(draw, column_type))
        elif aspect == "description":
            values["description"] = draw(st.sampled_from(["", "Changed.", "Ünïcode ✓"]))
        else:
            values.update(_validation(draw, column_type) or {"sensitive": True})
    return values


# --- one builder per kind -------------------------------------------------------------------


def _add_entity(draw, schema: Schema) -> Operation:
    taken = [table.name for table in schema.tables] + [enum.name for enum in schema.enums]
    return AddEntity(
        _name(draw, taken),
        draw(st.sampled_from(SCHEMA_NAMES)),
        draw(st.sampled_from(["", "Things we sell."])),
        id=_uuid(draw),
    )


def _edit_entity(draw, schema: Schema) -> Operation:
    identifier, table = _table(draw, schema)
    taken = [t.name for t in schema.tables] + [e.name for e in schema.enums]
    relations = [i.name for t in schema.tables for i in t.indexes if i.name]
    values = {
        "name": _name(draw, taken),
        "schema_name": draw(st.sampled_from(SCHEMA_NAMES)),
        "description": draw(st.sampled_from(["", "Renamed on purpose."])),
        "timestamps": draw(st.booleans()),
        "pk_name": draw(
            st.sampled_from(["", f"{table.name if table else 'x'}_pk", *relations[:1], *taken[:1]])
        ),
    }
    return EditEntity(identifier, _subset(draw, values), id=_uuid(draw))


def _delete_entity(draw, schema: Schema) -> Operation:
    return DeleteEntity(_table(draw, schema)[0])


def _add_timestamps(draw, schema: Schema) -> Operation:
    return AddTimestamps(_table(draw, schema)[0], id=_uuid(draw))


def _add_primary_key(draw, schema: Schema) -> Operation:
    # Most often a table without a key, the one the operation is for.
    keyless = [t.id for t in schema.tables if t.primary_key is None or not t.primary_key.columns]
    identifier = _pick(draw, keyless) if keyless and draw(st.booleans()) else None
    if identifier is None:
        identifier = _table(draw, schema)[0]
    strategy = draw(st.sampled_from([None, *(s.value for s in KeyStrategy)]))
    return AddPrimaryKey(identifier, strategy, id=_uuid(draw))


def _add_field(draw, schema: Schema) -> Operation:
    identifier, table = _table(draw, schema)
    return AddField(identifier, _field_values(draw, schema, table), id=_uuid(draw))


def _column_id(draw, schema: Schema) -> tuple[str, Table | None, Column | None]:
    columns = _columns(schema)
    identifier = _pick(draw, [column.id for _, column in columns])
    found = next(((t, c) for t, c in columns if c.id == identifier), (None, None))
    return identifier, *found


def _edit_field(draw, schema: Schema) -> Operation:
    identifier, table, column = _column_id(draw, schema)
    if table is None or column is None:
        return EditField(identifier, {"nullable": False})
    return EditField(identifier, _field_changes(draw, schema, table, column))


def _move_field(draw, schema: Schema) -> Operation:
    offset = draw(st.sampled_from([-1, 1, -1, 1, 0, 2]))
    return MoveField(_column_id(draw, schema)[0], offset)


def _delete_field(draw, schema: Schema) -> Operation:
    return DeleteField(_column_id(draw, schema)[0])


def _key_type(table: Table | None) -> ColumnType | None:
    if table is None or table.primary_key is None or len(table.primary_key.columns) != 1:
        return None
    column = table.columns_by_name.get(table.primary_key.columns[0])
    return column.type if column else None


def _add_relationship(draw, schema: Schema) -> Operation:
    source_id, source = _table(draw, schema)
    # Mostly a table with a key to reference; sometimes itself.
    keyed = [t.id for t in schema.tables if t.primary_key is not None and t.primary_key.columns]
    target_id = source_id if draw(st.integers(0, 5)) == 0 else _pick(draw, keyed)
    target = next((t for t in schema.tables if t.id == target_id), None)
    existing = None
    if source is not None and draw(st.integers(0, 2)) == 0:
        key = _key_type(target)
        fitting = [c.id for c in source.columns if key is not None and comparable(c.type, key)]
        existing = _pick(draw, fitting or [c.id for c in source.columns])
    taken = list(source.columns_by_name) if source else []
    return AddRelationship(
        source_id,
        target_id,
        relationship_kind=draw(st.sampled_from([kind.value for kind in RelationshipKind])),
        on_delete=draw(st.sampled_from([action.value for action in Action])),
        on_update=draw(st.sampled_from([action.value for action in Action])),
        required=draw(st.booleans()),
        existing_field_id=existing,
        column_name="" if existing or draw(st.booleans()) else _name(draw, taken),
        from_attribute=draw(st.sampled_from(["", "parent", "owner"])),
        to_attribute=draw(st.sampled_from(["", "children", "items"])),
        name=draw(st.sampled_from(["", "", "fk_custom", TOO_LONG])),
        add_index=draw(st.booleans()),
        id=_uuid(draw),
    )


def _add_many_to_many(draw, schema: Schema) -> Operation:
    left, right = _table(draw, schema)[0], _table(draw, schema)[0]
    taken = [table.name for table in schema.tables]
    return AddManyToMany(
        left,
        right,
        junction_name="" if draw(st.booleans()) else _name(draw, taken),
        left_attribute=draw(st.sampled_from(["", "tags"])),
        right_attribute=draw(st.sampled_from(["", "owners"])),
        id=_uuid(draw),
    )


def _edit_relationship(draw, schema: Schema) -> Operation:
    identifier = _pick(draw, [r.id for r in schema.relationships])
    values = {
        "on_delete": draw(st.sampled_from([action.value for action in Action])),
        "on_update": draw(st.sampled_from([action.value for action in Action])),
        "deferral": draw(st.sampled_from([deferral.value for deferral in Deferral])),
        "from_attribute": draw(st.sampled_from(["", "author", "class"])),
        "to_attribute": draw(st.sampled_from(["", "posts"])),
        "name": draw(st.sampled_from(["", "fk_renamed", TOO_LONG])),
    }
    return EditRelationship(identifier, _subset(draw, values))


def _delete_relationship(draw, schema: Schema) -> Operation:
    ids = [r.id for r in schema.relationships] + [m2m.id for m2m in schema.many_to_many]
    if schema.many_to_many and draw(st.booleans()):
        ids = [m2m.id for m2m in schema.many_to_many]
    return DeleteRelationship(_pick(draw, ids))


def _index_element(draw, table: Table, method: str) -> dict[str, Any]:
    column = draw(st.sampled_from(table.columns))
    ident = quote_ident(column.name)
    if method == IndexMethod.BTREE.value and draw(st.integers(0, 3)) == 0:
        texts = [f"({ident} IS NULL)"]
        if column.type.base in ("text", "varchar") and not column.type.array:
            texts.append(f"lower({ident})")
        return {"expression": draw(st.sampled_from(texts))}
    element: dict[str, Any] = {"column": column.name}
    if method == IndexMethod.BTREE.value and draw(st.booleans()):
        element["descending"] = draw(st.booleans())
        element["nulls"] = draw(st.sampled_from([nulls.value for nulls in NullsOrder]))
    return element


def _add_index(draw, schema: Schema) -> Operation:
    identifier, table = _table(draw, schema)
    if table is None:
        return AddIndex(identifier, ({"column": "id"},), id=_uuid(draw))
    method = draw(st.sampled_from([m.value for m in IndexMethod] + ["btree"] * 4))
    count = draw(st.integers(1, 3))
    elements = tuple(_index_element(draw, table, method) for _ in range(count))
    if _odd(draw, 20):
        elements = (*elements, {"column": "no_such_column"})
    names = list(table.columns_by_name)
    include: tuple[str, ...] = ()
    if method == "btree" and draw(st.integers(0, 3)) == 0:
        used = {element.get("column") for element in elements}
        include = tuple(name for name in names if name not in used)[:1]
    relations = [i.name for t in schema.tables for i in t.indexes if i.name]
    return AddIndex(
        identifier,
        elements,
        unique=method == "btree" and draw(st.booleans()),
        method=method,
        where="" if draw(st.booleans()) else _expression(draw, table),
        include=include,
        rationale=draw(st.sampled_from(["", "Speeds up the list page."])),
        name=draw(st.sampled_from(["", "", f"ix_{table.name}_custom"[:60], *relations[:1]])),
        id=_uuid(draw),
    )


def _add_unique(draw, schema: Schema) -> Operation:
    identifier, table = _table(draw, schema)
    names = sorted(table.columns_by_name) if table else ["id"]
    keyed = [n for n in names if table and keyable(table.column(n).type)] or names
    columns = draw(st.lists(st.sampled_from(keyed), min_size=1, max_size=3, unique=True))
    if _odd(draw, 15):
        columns = [*columns, columns[0]]  # a column twice
    if _odd(draw, 15):
        columns = [*columns, "no_such_column"]
    return AddUnique(
        identifier,
        tuple(columns),
        nulls_not_distinct=draw(st.booleans()),
        name=draw(st.sampled_from(["", "", "uq_custom"])),
        id=_uuid(draw),
    )


def _add_check(draw, schema: Schema) -> Operation:
    identifier, table = _table(draw, schema)
    expression = "" if _odd(draw, 20) else _expression(draw, table)
    name = draw(st.sampled_from(["", "", "ck_custom"]))
    return AddCheck(identifier, expression, name, id=_uuid(draw))


def _delete_constraint(draw, schema: Schema) -> Operation:
    part = draw(st.sampled_from(["index", "unique", "check"]))
    attribute = {"index": "indexes", "unique": "uniques", "check": "checks"}[part]
    ids = [item.id for table in schema.tables for item in getattr(table, attribute)]
    if _odd(draw, 20):  # an object of another part
        ids = [item.id for table in schema.tables for item in (*table.indexes, *table.checks)]
    return DeleteConstraint(part, _pick(draw, ids))


def _enum_values(draw) -> tuple[str, ...]:
    values = draw(st.lists(st.sampled_from(ENUM_VALUES), min_size=1, max_size=4, unique=True))
    if _odd(draw, 20):
        return draw(st.sampled_from([(), ("draft", "draft"), ("",)]))
    return tuple(values)


def _add_enum(draw, schema: Schema) -> Operation:
    taken = [e.name for e in schema.enums] + [t.name for t in schema.tables]
    return AddEnum(
        _name(draw, taken),
        _enum_values(draw),
        draw(st.sampled_from(SCHEMA_NAMES)),
        draw(st.sampled_from(["", "The states of an order."])),
        id=_uuid(draw),
    )


def _edit_enum(draw, schema: Schema) -> Operation:
    identifier = _pick(draw, [enum.id for enum in schema.enums])
    taken = [e.name for e in schema.enums] + [t.name for t in schema.tables]
    values = {
        "name": _name(draw, taken),
        "schema_name": draw(st.sampled_from(SCHEMA_NAMES)),
        "values": _enum_values(draw),
        "description": draw(st.sampled_from(["", "Changed."])),
    }
    return EditEnum(identifier, _subset(draw, values))


def _delete_enum(draw, schema: Schema) -> Operation:
    return DeleteEnum(_pick(draw, [enum.id for enum in schema.enums]))


def _edit_project(draw, schema: Schema) -> Operation:
    values = {
        "name": draw(st.sampled_from(["Renamed", "Café ✓", "Shop", "  "])),
        "description": draw(st.sampled_from(["", "What we keep."])),
        "pg_version": draw(st.sampled_from([13, 14, 15, 16, 17, 18, 12])),
        "key_strategy": draw(st.sampled_from([s.value for s in KeyStrategy])),
        "timestamps_default": draw(st.booleans()),
        "extensions": draw(st.sampled_from([(), ("pg_trgm",), ("btree_gist", "uuid-ossp")])),
        "review_profile": draw(st.sampled_from(["strict", "relaxed", "relaxed", "lenient"])),
    }
    return EditProject(_subset(draw, values))


def _shuffled(draw, items: tuple) -> tuple:
    return tuple(draw(st.permutations(items)))


def _replace_schema(draw, schema: Schema) -> Operation:
    """Another design, the same with new ids, or the same in another order."""
    choice = draw(st.integers(0, 3))
    if choice == 0:
        target = draw(schemas(max_tables=3))
    elif choice == 1:
        target = with_new_ids(schema, lambda: _uuid(draw))
    elif choice == 2:
        target = replace(
            schema,
            enums=_shuffled(draw, schema.enums),
            tables=tuple(
                replace(table, columns=_shuffled(draw, table.columns))
                for table in _shuffled(draw, schema.tables)
            ),
            relationships=_shuffled(draw, schema.relationships),
            many_to_many=_shuffled(draw, schema.many_to_many),
        )
    else:
        target = replace(schema, description="Imported again.")
    return ReplaceSchema(target, source=draw(st.sampled_from(["", "shop.sql"])))


def _findings(schema: Schema, suppressed: bool = True):
    suppressions = schema.suppressions if suppressed else ()
    return lint(schema, schema.review_profile, suppressions)


def _apply_fix(draw, schema: Schema) -> Operation:
    fixable = [finding for finding in _findings(schema) if finding.auto_fixes]
    if not fixable or _odd(draw):
        return ApplyFix("fk-unindexed", f"table={_uuid(draw)}", id=_uuid(draw))
    finding = draw(st.sampled_from(fixable))
    choice = draw(st.integers(0, len(finding.auto_fixes) - 1))
    if _odd(draw, 20):
        choice = len(finding.auto_fixes)  # a fix that is not offered
    return ApplyFix(finding.rule, finding.target.key, choice, id=_uuid(draw))


def _suppress(draw, schema: Schema) -> Operation:
    found = _findings(replace(schema, suppressions=()), suppressed=False)
    reason = draw(st.sampled_from(["We mean it.", "  Legacy table.  ", "Known.", "   "]))
    if not found or _odd(draw):
        return Suppress("table-no-primary-key", f"table={_uuid(draw)}", reason)
    finding = draw(st.sampled_from(found))
    return Suppress(finding.rule, finding.target.key, reason)


def _unsuppress(draw, schema: Schema) -> Operation:
    if not schema.suppressions or _odd(draw, 20):
        return Unsuppress("table-no-primary-key", f"table={_uuid(draw)}")
    item = draw(st.sampled_from(schema.suppressions))
    return Unsuppress(item.rule, item.target)


def _view_definition(draw, schema: Schema) -> dict[str, Any]:
    """What a diagram view shows: chosen tables, schemas or a table and some steps around
    it (now and then a name taken or too long, an unknown mode or schema, a stale id, a
    step count out of range)."""
    taken = [view.name for view in schema.diagram_views]
    name = draw(st.sampled_from(["Billing", "around orders", "Ünïcode ✓"]))
    if _odd(draw):
        name = draw(st.sampled_from(["  ", "x" * 101, *taken]))
    mode = "nearby" if _odd(draw, 20) else draw(st.sampled_from(["tables", "schemas", "around"]))
    ids = [table.id for table in schema.tables]
    chosen = tuple(_pick(draw, ids) for _ in range(draw(st.integers(1, 3))))
    names = sorted({table.schema for table in schema.tables}) or ["public"]
    schemas = tuple(draw(st.lists(st.sampled_from(names), min_size=1, max_size=2)))
    if _odd(draw):
        schemas += ("nowhere",)
    hops = draw(st.sampled_from([0, 6])) if _odd(draw) else draw(st.sampled_from([1, 2, 5]))
    return {"name": name, "mode": mode, "tables": chosen, "schemas": schemas,
            "center": _pick(draw, ids), "hops": hops}  # fmt: skip


def _add_diagram_view(draw, schema: Schema) -> Operation:
    return AddDiagramView(**_view_definition(draw, schema), id=_uuid(draw))


def _change_diagram_view(draw, schema: Schema) -> Operation:
    view_id = _pick(draw, [view.id for view in schema.diagram_views])
    return ChangeDiagramView(view_id, **_view_definition(draw, schema))


def _remove_diagram_view(draw, schema: Schema) -> Operation:
    return RemoveDiagramView(_pick(draw, [view.id for view in schema.diagram_views]))


def _change_index(draw, schema: Schema) -> Operation:
    """An index (or now and then a stale id) made as a new one on its table is drawn."""
    owners = {index.id: table for table in schema.tables for index in table.indexes}
    index_id = _pick(draw, list(owners))
    if index_id not in owners:
        return ChangeIndex(index_id, ({"column": "id"},))
    drawn = _add_index(draw, replace(schema, tables=(owners[index_id],)))
    return ChangeIndex(
        index_id,
        drawn.elements,
        unique=drawn.unique,
        method=drawn.method,
        where=drawn.where,
        include=drawn.include,
        rationale=drawn.rationale,
        name=drawn.name,
    )


def _object_sql(draw, schema: Schema) -> str:
    """The SQL of a view over some columns of a table, or of a function; now and then a
    text the editor refuses (a syntax error, a table, a view over a missing table)."""
    if _odd(draw):
        return draw(
            st.sampled_from(
                [
                    "CREATE VIEW broken AS SELECT FROM WHERE;",
                    "CREATE TABLE kept_as_structure (id integer);",
                    "CREATE VIEW over_nothing AS SELECT a FROM missing_table;",
                    "",
                ]
            )
        )
    name = f"{draw(st.sampled_from(PLAIN_WORDS))}_{draw(st.integers(1, 9))}"
    tables = [table for table in schema.tables if table.columns]
    if not tables or draw(st.integers(0, 3)) == 0:
        body = draw(st.sampled_from(["SELECT 1", "SELECT 42 + 1", "SELECT now()::date - 1"]))
        kind = "integer" if "date" not in body else "date"
        return f"CREATE FUNCTION f_{name}() RETURNS {kind} LANGUAGE sql AS $$ {body} $$;"
    table = draw(st.sampled_from(tables))
    columns = draw(
        st.lists(st.sampled_from(table.columns), min_size=1, max_size=3, unique_by=lambda c: c.id)
    )
    selected = ", ".join(quote_ident(column.name) for column in columns)
    source = f"{quote_ident(table.schema)}.{quote_ident(table.name)}"
    return f"CREATE VIEW v_{name} AS SELECT {selected} FROM {source};"


def _add_sql_object(draw, schema: Schema) -> Operation:
    description = draw(st.sampled_from(["", "Shown on the dashboard.", "Ünïcode ✓"]))
    return AddSqlObject(_object_sql(draw, schema), description, id=_uuid(draw))


def _change_sql_object(draw, schema: Schema) -> Operation:
    object_id = _pick(draw, [item.id for item in schema.sql_objects])
    current = next((item for item in schema.sql_objects if item.id == object_id), None)
    sql = current.sql if current is not None and draw(st.booleans()) else _object_sql(draw, schema)
    return ChangeSqlObject(object_id, sql, draw(st.sampled_from(["", "Changed."])))


def _remove_sql_object(draw, schema: Schema) -> Operation:
    items = [item.id for item in (*schema.domains, *schema.sequences, *schema.sql_objects)]
    return RemoveSqlObject(_pick(draw, items))


def _change_object_description(draw, schema: Schema) -> Operation:
    items = [item.id for item in (*schema.domains, *schema.sequences, *schema.sql_objects)]
    text = draw(st.sampled_from(["", "What it is for.", "x" * 10_001]))
    return ChangeObjectDescription(_pick(draw, items), text)


def _query_values(draw, schema: Schema) -> dict[str, Any]:
    """A saved query: a SELECT over a table's columns (or names the design does not
    have: not refused, the analysis shows them); now and then a name taken, empty or too
    long, an unknown frequency, SQL that is not one statement or is too long."""
    taken = [query.name for query in schema.queries]
    name = draw(st.sampled_from(["Orders of a user", "login", "Ünïcode ✓ <b>"]))
    if _odd(draw):
        name = draw(st.sampled_from(["  ", "x" * 101, *taken]))
    frequency = draw(st.sampled_from(["per_request", "per_minute", "hourly", "daily", "rare"]))
    if _odd(draw, 20):
        frequency = "weekly"
    tables = [table for table in schema.tables if table.columns]
    if _odd(draw):
        sql = draw(
            st.sampled_from(["", "SELECT FROM WHERE", "SELECT 1; SELECT 2", "x" * 100_001, "(((("])
        )
    elif not tables or _odd(draw, 5):
        sql = "SELECT id FROM nowhere WHERE missing = $1"
    else:
        table = draw(st.sampled_from(tables))
        column = draw(st.sampled_from(table.columns))
        source = f"{quote_ident(table.schema)}.{quote_ident(table.name)}"
        sql = f"SELECT * FROM {source} WHERE {quote_ident(column.name)} = $1 LIMIT 20"
    note = draw(st.sampled_from(["", "The home page."]))
    if _odd(draw, 20):
        note = "x" * 10_001
    return {"name": name, "sql": sql, "frequency": frequency, "note": note}


def _add_query(draw, schema: Schema) -> Operation:
    return AddQuery(**_query_values(draw, schema), id=_uuid(draw))


def _change_query(draw, schema: Schema) -> Operation:
    query_id = _pick(draw, [query.id for query in schema.queries])
    return ChangeQuery(query_id, **_query_values(draw, schema))


def _remove_query(draw, schema: Schema) -> Operation:
    return RemoveQuery(_pick(draw, [query.id for query in schema.queries]))


BUILDERS = {
    AddEntity.kind: _add_entity,
    EditEntity.kind: _edit_entity,
    DeleteEntity.kind: _delete_entity,
    AddTimestamps.kind: _add_timestamps,
    AddPrimaryKey.kind: _add_primary_key,
    AddField.kind: _add_field,
    EditField.kind: _edit_field,
    MoveField.kind: _move_field,
    DeleteField.kind: _delete_field,
    AddRelationship.kind: _add_relationship,
    AddManyToMany.kind: _add_many_to_many,
    EditRelationship.kind: _edit_relationship,
    DeleteRelationship.kind: _delete_relationship,
    AddIndex.kind: _add_index,
    ChangeIndex.kind: _change_index,
    AddUnique.kind: _add_unique,
    AddCheck.kind: _add_check,
    DeleteConstraint.kind: _delete_constraint,
    AddEnum.kind: _add_enum,
    EditEnum.kind: _edit_enum,
    DeleteEnum.kind: _delete_enum,
    EditProject.kind: _edit_project,
    ReplaceSchema.kind: _replace_schema,
    ApplyFix.kind: _apply_fix,
    Suppress.kind: _suppress,
    Unsuppress.kind: _unsuppress,
    AddDiagramView.kind: _add_diagram_view,
    ChangeDiagramView.kind: _change_diagram_view,
    RemoveDiagramView.kind: _remove_diagram_view,
    AddSqlObject.kind: _add_sql_object,
    ChangeSqlObject.kind: _change_sql_object,
    RemoveSqlObject.kind: _remove_sql_object,
    ChangeObjectDescription.kind: _change_object_description,
    AddQuery.kind: _add_query,
    ChangeQuery.kind: _change_query,
    RemoveQuery.kind: _remove_query,
}
assert set(BUILDERS) == set(KINDS), "every kind of operation has a builder"


def plans(max_changes: int) -> st.SearchStrategy[list[tuple[str, ...]]]:
    """The kinds of the operations of a sequence of changes (two in three changes are
    of one operation), drawn before the operations: a kind drawn among other draws
    that differ by kind comes out as the first one far too often (Hypothesis fills a
    misaligned choice with its simplest value)."""
    one = st.sampled_from(KINDS).map(lambda kind: (kind,))
    several = st.lists(st.sampled_from(KINDS), min_size=2, max_size=3).map(tuple)
    return st.lists(one | one | several, min_size=1, max_size=max_changes)


@st.composite
def operations(draw, schema: Schema, kinds: tuple[str, ...] = KINDS) -> Operation:
    """One operation of one of ``kinds`` (every kind by default) for ``schema``."""
    kind = draw(st.sampled_from(kinds))
    return BUILDERS[kind](draw, schema)


@st.composite
def changes(draw, schema: Schema, kinds: tuple[str, ...]) -> list[Operation]:
    """The operations of one change, one of each of ``kinds`` in order, each drawn for
    the schema the ones before it make (as a form that saves several at once)."""
    drawn = [draw(operations(schema, kinds[:1]))]
    for kind in kinds[1:]:
        try:
            schema = run(schema, drawn).after
        except OperationError:
            break  # the change is refused as a whole
        drawn.append(draw(operations(schema, (kind,))))
    return drawn
