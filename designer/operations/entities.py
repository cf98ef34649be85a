"""Entities (tables): add one following the standards, edit its header, delete it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from designer.schema.model import KeyStrategy, PrimaryKey, QName, Schema, Table

from . import standards
from .base import Gone, Invalid, Operation, derived_id, new_id
from .lookup import find_table, with_table
from .references import drop_table, rename_table, table_dependents


def _clash(schema: Schema, name: QName, table_id: str | None = None) -> str | None:
    """Why ``name`` cannot name a table (another table or an enum type has it)."""
    other = schema.tables_by_name.get(name)
    if other is not None and other.id != table_id:
        where = "" if name.schema == "public" else f" in schema “{name.schema}”"
        return f"An entity named “{name.name}” exists already{where}."
    if name in schema.enums_by_name:
        return f"“{name.name}” is the name of an enum type in that schema."
    return None


@dataclass(frozen=True)
class AddEntity(Operation):
    """A new table with the project's key and, when the project says so, timestamps."""

    kind: ClassVar[str] = "add_entity"
    name: str
    schema_name: str = "public"
    description: str = ""
    id: str = field(default_factory=new_id)

    def apply(self, schema: Schema) -> Schema:
        qname = QName(self.schema_name, self.name)
        if problem := _clash(schema, qname):
            raise Invalid(problem, "name")
        table = Table(
            id=self.id,
            schema=self.schema_name,
            name=self.name,
            description=self.description,
            columns=(standards.key_column(schema.key_strategy, derived_id(self.id, "id")),),
            primary_key=PrimaryKey(("id",)),
        )
        if schema.timestamps_default:
            table = standards.with_timestamps(table, self.id)
        return replace(schema, tables=(*schema.tables, table))

    def describe(self, schema: Schema) -> str:
        return f"Added the entity {QName(self.schema_name, self.name)}"


ENTITY_ATTRIBUTES = ("name", "schema_name", "description", "timestamps", "pk_name")


@dataclass(frozen=True)
class EditEntity(Operation):
    """Change a table's header: ``values`` holds some of ``ENTITY_ATTRIBUTES``.

    A rename follows everywhere (relationships, and the table's expressions that
    qualify a column with its name); turning timestamps on adds the missing columns.
    """

    kind: ClassVar[str] = "edit_entity"
    entity_id: str
    values: dict[str, Any]
    id: str = field(default_factory=new_id)  # what the ids of added columns derive from

    def apply(self, schema: Schema) -> Schema:
        if unknown := sorted(set(self.values) - set(ENTITY_ATTRIBUTES)):
            raise Invalid(f"An entity has no attribute {unknown[0]!r}.")
        _, table = find_table(schema, self.entity_id)
        values = self.values
        name = QName(values.get("schema_name", table.schema), values.get("name", table.name))
        if name != table.qname:
            if problem := _clash(schema, name, table.id):
                raise Invalid(problem, "name")
            schema = rename_table(schema, table.id, name)
            _, table = find_table(schema, self.entity_id)
        if "description" in values:
            table = replace(table, description=values["description"])
        if "pk_name" in values:
            pk_name = values["pk_name"] or None
            if table.primary_key is not None:
                table = replace(table, primary_key=replace(table.primary_key, name=pk_name))
        if "timestamps" in values:
            on = bool(values["timestamps"])
            table = standards.with_timestamps(table, self.id) if on else table
            table = replace(table, timestamps=on) if table.timestamps != on else table
        return with_table(schema, table)

    def describe(self, schema: Schema) -> str:
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return "Changed an entity"
        new_name = QName(
            self.values.get("schema_name", table.schema), self.values.get("name", table.name)
        )
        parts = []
        if new_name != table.qname:
            parts.append(f"Renamed the entity {table.qname} to {new_name}")
        else:
            parts.append(f"Changed the entity {table.qname}")
        if self.values.get("timestamps") is True and not table.timestamps:
            parts.append("with timestamps")
        return " ".join(parts)

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({self.entity_id})


@dataclass(frozen=True)
class DeleteEntity(Operation):
    """Delete a table with every relationship from, to or through it."""

    kind: ClassVar[str] = "delete_entity"
    entity_id: str

    def apply(self, schema: Schema) -> Schema:
        find_table(schema, self.entity_id)
        return drop_table(schema, self.entity_id)

    def describe(self, schema: Schema) -> str:
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return "Deleted an entity"
        return f"Deleted the entity {table.qname}"

    def targets(self, schema: Schema) -> frozenset[str]:
        keys = {self.entity_id, f"{self.entity_id}/"}
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return frozenset(keys)
        gone = table_dependents(schema, table)
        keys |= {item.id for item in (*gone.relationships, *gone.many_to_many)}
        return frozenset(keys)


@dataclass(frozen=True)
class AddTimestamps(Operation):
    """``created_at`` / ``updated_at`` where missing, and the ``updated_at`` trigger."""

    kind: ClassVar[str] = "add_timestamps"
    entity_id: str
    id: str = field(default_factory=new_id)  # what the ids of added columns derive from

    def apply(self, schema: Schema) -> Schema:
        _, table = find_table(schema, self.entity_id)
        return with_table(schema, standards.with_timestamps(table, self.id))

    def describe(self, schema: Schema) -> str:
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return "Added timestamps"
        return f"Added created_at / updated_at to {table.name}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({self.entity_id})


@dataclass(frozen=True)
class AddPrimaryKey(Operation):
    """An ``id`` column first, as the primary key, under the project's key strategy."""

    kind: ClassVar[str] = "add_primary_key"
    entity_id: str
    strategy: str | None = None  # the project's key strategy when None
    id: str = field(default_factory=new_id)  # the new column's id

    def apply(self, schema: Schema) -> Schema:
        _, table = find_table(schema, self.entity_id)
        if table.primary_key is not None and table.primary_key.columns:
            raise Invalid(f"{table.name} already has a primary key.")
        if "id" in table.columns_by_name:
            raise Invalid(f"{table.name} already has a column named id.")
        strategy = KeyStrategy(self.strategy) if self.strategy else schema.key_strategy
        key = standards.key_column(strategy, self.id)
        name = table.primary_key.name if table.primary_key else None
        table = replace(table, columns=(key, *table.columns), primary_key=PrimaryKey(("id",), name))
        return with_table(schema, table)

    def describe(self, schema: Schema) -> str:
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return "Added a primary key"
        return f"Added the primary key {table.name}.id"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({self.entity_id})
