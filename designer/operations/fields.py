"""Fields (columns): add, edit (a rename follows everywhere), move, delete.

A field's attributes travel as a mapping in the records' vocabulary
(``FIELD_ATTRIBUTES``: ``name``, ``data_type``, ``length`` ... ``enum_type`` is the
enum type's id), so that a form, an operation and a record name them alike and an
error can point at the input it is about.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from designer.schema import expressions
from designer.schema.expressions import ExpressionError
from designer.schema.model import (
    Column,
    ColumnType,
    Generated,
    PrimaryKey,
    Schema,
    Table,
    Validation,
)
from designer.schema.sqltext import type_sql
from designer.schema.types import ENUM
from designer.schema.validation import other_tables, unknown_columns

from .base import Gone, Invalid, Operation, new_id
from .lookup import columns_named, find_column, find_enum, find_table, replaced, with_table
from .references import drop_column, follow_partitions, rename_column

FIELD_ATTRIBUTES = (
    "name",
    "data_type",
    "length",
    "precision",
    "scale",
    "is_array",
    "enum_type",
    "nullable",
    "default",
    "generated",
    "unique",
    "primary_key",
    "check_expression",
    "description",
    "sensitive",
    "min_length",
    "max_length",
    "ge",
    "le",
    "pattern",
)
# The standards the editor keeps beyond what PostgreSQL refuses (the design review's
# error-level foreign-key rules), and the input each is about.
FIELD_GUARDS = {
    "fk-type-mismatch": "data_type",
    "fk-set-null-not-null": "nullable",
    "fk-set-default-no-default": "default",
}


def field_values(schema: Schema, table: Table, column: Column) -> dict[str, Any]:
    """A column's attributes in the records' vocabulary."""
    key = table.primary_key is not None and column.name in table.primary_key.columns
    return {**_values(schema, column), "primary_key": key}


def _values(schema: Schema, column: Column) -> dict[str, Any]:
    t, v = column.type, column.validation
    enum_id = schema.enum(t.enum).id if t.enum and t.enum in schema.enums_by_name else None
    return {
        "name": column.name,
        "data_type": t.base,
        "length": t.length,
        "precision": t.precision,
        "scale": t.scale,
        "is_array": t.array,
        "enum_type": enum_id,
        "nullable": column.nullable,
        "default": column.default or "",
        "generated": column.generated.value,
        "unique": column.unique,
        "check_expression": column.check or "",
        "description": column.description,
        "sensitive": column.sensitive,
        "min_length": v.min_length,
        "max_length": v.max_length,
        "ge": v.ge or "",
        "le": v.le or "",
        "pattern": v.pattern or "",
    }


def _text(value: Any) -> str | None:
    """Optional text: empty means not set."""
    text = "" if value is None else str(value).strip()
    return text or None


def _column(schema: Schema, column: Column, values: Mapping[str, Any]) -> Column:
    """``column`` with ``values`` applied, the name excepted (a rename follows
    everywhere, see ``EditField``). What PostgreSQL would refuse (a type's parameters,
    an identity with a default...) is left to validation, which names the input."""
    if unknown := sorted(set(values) - set(FIELD_ATTRIBUTES)):
        raise Invalid(f"A field has no attribute {unknown[0]!r}.")
    current = _values(schema, column)
    if values.get("data_type", current["data_type"]) != current["data_type"]:
        # A new type does not inherit the old one's parameters unless they are given.
        current.update(length=None, precision=None, scale=None)
    merged = {"primary_key": False, **current, **values}
    enum = None
    if merged["data_type"] == ENUM:
        if not merged["enum_type"]:
            raise Invalid("Choose the enum type of this field.", "enum_type")
        try:
            enum = find_enum(schema, merged["enum_type"])[1].qname
        except Gone as gone:
            raise Invalid(gone.message, "enum_type") from None
    generated = Generated(merged["generated"] or "")
    # PostgreSQL makes key and identity columns NOT NULL whatever one writes.
    nullable = bool(merged["nullable"]) and not merged["primary_key"]
    nullable = nullable and generated is Generated.NONE
    column_type = ColumnType(
        base=merged["data_type"],
        length=merged["length"],
        precision=merged["precision"],
        scale=merged["scale"],
        array=bool(merged["is_array"]),
        enum=enum,
    )
    if column_type == column.type.without_domain():
        # The form gives a domain's base type: the same base keeps the domain.
        column_type = column.type
    return replace(
        column,
        type=column_type,
        nullable=nullable,
        default=_text(merged["default"]),
        generated=generated,
        unique=bool(merged["unique"]),
        check=_text(merged["check_expression"]),
        description=merged["description"] or "",
        sensitive=bool(merged["sensitive"]),
        validation=Validation(
            min_length=merged["min_length"],
            max_length=merged["max_length"],
            ge=_text(merged["ge"]),
            le=_text(merged["le"]),
            pattern=_text(merged["pattern"]),
        ),
    )


def _name_clash(table: Table, name: str, column_id: str | None = None) -> None:
    other = table.columns_by_name.get(name)
    if other is not None and other.id != column_id:
        raise Invalid(f"{table.name} already has a field named “{name}”.", "name")


def reads_only_own_columns(expression: str, table: Table, field: str) -> None:
    """Refuse an expression of the table that reads a column it does not have."""
    if others := other_tables(expression, table.name):
        raise Invalid(
            f"An expression of {table.name} reads only its own fields, not {others[0]}'s: "
            "write the field names without a table.",
            field,
        )
    if unknown := unknown_columns(expression, table.name, table.columns_by_name):
        raise Invalid(f"{table.name} has no field named “{unknown[0]}”.", field)


def expression_targets(table: Table, *texts: str | None) -> frozenset[str]:
    """The ids of the table's columns that the expressions read (for conflicts)."""
    names: set[str] = set()
    for text in texts:
        if text:
            with contextlib.suppress(ExpressionError):
                names |= expressions.column_references(text)
    return columns_named(table, names)


def _with_key(table: Table, name: str, key: bool) -> Table:
    """The table with column ``name`` in its primary key, or not."""
    columns = table.primary_key.columns if table.primary_key else ()
    if key and name not in columns:
        pk_name = table.primary_key.name if table.primary_key else None
        return replace(table, primary_key=PrimaryKey((*columns, name), pk_name))
    if not key and name in columns:
        kept = tuple(column for column in columns if column != name)
        return replace(
            table, primary_key=replace(table.primary_key, columns=kept) if kept else None
        )
    return table


@dataclass(frozen=True)
class AddField(Operation):
    """A new column at the end of the table."""

    kind: ClassVar[str] = "add_field"
    guards: ClassVar = FIELD_GUARDS
    entity_id: str
    values: dict[str, Any]
    id: str = field(default_factory=new_id)

    def apply(self, schema: Schema) -> Schema:
        _, table = find_table(schema, self.entity_id)
        name = self.values.get("name", "")
        _name_clash(table, name)
        column = _column(schema, Column(self.id, name, ColumnType("text")), self.values)
        table = replace(table, columns=(*table.columns, column))
        if column.check:
            reads_only_own_columns(column.check, table, "check_expression")
        table = _with_key(table, name, bool(self.values.get("primary_key")))
        return follow_partitions(with_table(schema, table), table.id)

    def describe(self, schema: Schema) -> str:
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return f"Added the field {self.values.get('name')}"
        return f"Added the field {table.name}.{self.values.get('name')}"

    def targets(self, schema: Schema) -> frozenset[str]:
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return frozenset()
        return expression_targets(table, self.values.get("check_expression"))


@dataclass(frozen=True)
class EditField(Operation):
    """Change some of a field's attributes. A rename is written into everything that
    names the column: keys, constraints, indexes, relationships and expressions."""

    kind: ClassVar[str] = "edit_field"
    guards: ClassVar = FIELD_GUARDS
    field_id: str
    values: dict[str, Any]

    def apply(self, schema: Schema) -> Schema:
        table, _, column = find_column(schema, self.field_id)
        old, new = column.name, self.values.get("name", column.name)
        if new != old:
            _name_clash(table, new, column.id)
        was_key = table.primary_key is not None and old in table.primary_key.columns
        key = bool(self.values.get("primary_key", was_key))
        changed = _column(schema, column, {**self.values, "primary_key": key})
        if was_key or column.unique:
            self._keep_referenced_key(schema, table, column, changed, key)
        position = next(n for n, item in enumerate(table.columns) if item.id == column.id)
        table = _with_key(
            replace(table, columns=replaced(table.columns, position, changed)), old, key
        )
        # The check as typed may name this field by its old name or by its new one: the
        # rename rewrites the old one, as it does in the table's other expressions.
        schema = rename_column(with_table(schema, table), table.id, old, new)
        table, _, changed = find_column(schema, self.field_id)
        if changed.check:
            reads_only_own_columns(changed.check, table, "check_expression")
        return follow_partitions(schema, table.id)

    def _keep_referenced_key(
        self, schema: Schema, table: Table, column: Column, changed: Column, key: bool
    ) -> None:
        if key or changed.unique:
            return
        for relationship in schema.relationships_to(table.qname):
            if column.name in relationship.to_columns:
                where = f"{relationship.from_table.name}.{', '.join(relationship.from_columns)}"
                raise Invalid(
                    f"{where} references this field, so it must stay a key.", "primary_key"
                )

    def describe(self, schema: Schema) -> str:
        try:
            table, _, column = find_column(schema, self.field_id)
        except Gone:
            return "Changed a field"
        before = field_values(schema, table, column)
        changed = [key for key, value in self.values.items() if before.get(key) != value]
        new = self.values.get("name", column.name)
        if new != column.name:
            text = f"Renamed {table.name}.{column.name} to {new}"
            changed.remove("name")
            return text + (f" and changed {_attributes(changed)}" if changed else "")
        if not changed:
            return f"Saved {table.name}.{column.name} unchanged"
        if changed == ["data_type"] or set(changed) <= {
            "data_type",
            "length",
            "precision",
            "scale",
        }:
            with contextlib.suppress(Invalid):
                after = _column(schema, column, self.values)
                return f"Changed the type of {table.name}.{column.name} to {type_sql(after.type)}"
        return f"Changed {_attributes(changed)} of {table.name}.{column.name}"

    def targets(self, schema: Schema) -> frozenset[str]:
        keys = {self.field_id}
        try:
            table, _, _ = find_column(schema, self.field_id)
        except Gone:
            return frozenset(keys)
        return frozenset(keys | expression_targets(table, self.values.get("check_expression")))


_LABELS = {
    "data_type": "type",
    "is_array": "array",
    "enum_type": "enum type",
    "check_expression": "check",
}


def _attributes(keys: list[str]) -> str:
    return ", ".join(_LABELS.get(key, key.replace("_", " ")) for key in keys)


@dataclass(frozen=True)
class MoveField(Operation):
    """Move a field up (``offset`` -1) or down (+1) among its table's fields."""

    kind: ClassVar[str] = "move_field"
    field_id: str
    offset: int

    def apply(self, schema: Schema) -> Schema:
        table, position, _ = find_column(schema, self.field_id)
        target = position + self.offset
        if self.offset not in (-1, 1) or not 0 <= target < len(table.columns):
            return schema
        columns = list(table.columns)
        columns[position], columns[target] = columns[target], columns[position]
        return with_table(schema, replace(table, columns=tuple(columns)))

    def describe(self, schema: Schema) -> str:
        try:
            table, _, column = find_column(schema, self.field_id)
        except Gone:
            return "Moved a field"
        direction = "up" if self.offset < 0 else "down"
        return f"Moved {table.name}.{column.name} {direction}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({self.field_id})


@dataclass(frozen=True)
class DeleteField(Operation):
    """Delete a field with what depends on it (see ``references.drop_column``)."""

    kind: ClassVar[str] = "delete_field"
    field_id: str

    def apply(self, schema: Schema) -> Schema:
        table, _, _ = find_column(schema, self.field_id)
        return drop_column(schema, table.id, self.field_id)

    def describe(self, schema: Schema) -> str:
        try:
            table, _, column = find_column(schema, self.field_id)
        except Gone:
            return "Deleted a field"
        return f"Deleted the field {table.name}.{column.name}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({self.field_id})
