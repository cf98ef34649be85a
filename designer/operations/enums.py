"""Enum types: add, edit (a rename follows into the columns of the type), delete."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from designer.schema.model import EnumType, QName, Schema

from .base import Gone, Invalid, Operation, new_id
from .lookup import find_enum, replaced
from .references import rename_enum

ENUM_ATTRIBUTES = ("name", "schema_name", "values", "description")


def _clash(schema: Schema, name: QName, enum_id: str | None = None) -> None:
    other = schema.enums_by_name.get(name)
    if other is not None and other.id != enum_id:
        raise Invalid(f"An enum type named “{name.name}” exists already.", "name")
    if name in schema.tables_by_name:
        raise Invalid(f"“{name.name}” is the name of an entity in that schema.", "name")


def users(schema: Schema, enum: EnumType) -> list[str]:
    """The columns of the type, as ``table.column``."""
    return [
        f"{table.name}.{column.name}"
        for table in schema.tables
        for column in table.columns
        if column.type.enum == enum.qname
    ]


@dataclass(frozen=True)
class AddEnum(Operation):
    kind: ClassVar[str] = "add_enum"
    name: str
    values: tuple[str, ...]
    schema_name: str = "public"
    description: str = ""
    id: str = field(default_factory=new_id)

    def apply(self, schema: Schema) -> Schema:
        _clash(schema, QName(self.schema_name, self.name))
        enum = EnumType(self.id, self.name, tuple(self.values), self.schema_name, self.description)
        return replace(schema, enums=(*schema.enums, enum))

    def describe(self, schema: Schema) -> str:
        return f"Added the enum type {QName(self.schema_name, self.name)}"

    @classmethod
    def from_fields(cls, data: dict[str, Any]) -> AddEnum:
        return cls(**{**data, "values": tuple(data.get("values", ()))})


@dataclass(frozen=True)
class EditEnum(Operation):
    """Change an enum type: ``values`` holds some of ``ENUM_ATTRIBUTES``."""

    kind: ClassVar[str] = "edit_enum"
    enum_id: str
    values: dict[str, Any]

    def apply(self, schema: Schema) -> Schema:
        if unknown := sorted(set(self.values) - set(ENUM_ATTRIBUTES)):
            raise Invalid(f"An enum type has no attribute {unknown[0]!r}.")
        position, enum = find_enum(schema, self.enum_id)
        name = QName(
            self.values.get("schema_name", enum.schema), self.values.get("name", enum.name)
        )
        if name != enum.qname:
            _clash(schema, name, enum.id)
        values = tuple(self.values.get("values", enum.values))
        changed = replace(
            enum,
            schema=name.schema,
            name=name.name,
            values=values,
            description=self.values.get("description", enum.description),
        )
        schema = replace(schema, enums=replaced(schema.enums, position, changed))
        return rename_enum(schema, enum.qname, name)

    def describe(self, schema: Schema) -> str:
        try:
            _, enum = find_enum(schema, self.enum_id)
        except Gone:
            return "Changed an enum type"
        name = QName(
            self.values.get("schema_name", enum.schema), self.values.get("name", enum.name)
        )
        if name != enum.qname:
            return f"Renamed the enum type {enum.qname} to {name}"
        return f"Changed the enum type {enum.qname}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({self.enum_id})


@dataclass(frozen=True)
class DeleteEnum(Operation):
    """Delete an enum type no column uses."""

    kind: ClassVar[str] = "delete_enum"
    enum_id: str

    def apply(self, schema: Schema) -> Schema:
        position, enum = find_enum(schema, self.enum_id)
        if used := users(schema, enum):
            raise Invalid(
                f"{enum.name} is the type of {', '.join(used)}; change those fields first."
            )
        return replace(schema, enums=(*schema.enums[:position], *schema.enums[position + 1 :]))

    def describe(self, schema: Schema) -> str:
        try:
            _, enum = find_enum(schema, self.enum_id)
        except Gone:
            return "Deleted an enum type"
        return f"Deleted the enum type {enum.qname}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({self.enum_id})
