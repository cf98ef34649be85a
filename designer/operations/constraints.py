"""Indexes and table-level unique and check constraints: add and delete (and an
index changed in place).

Their columns are named as typed (``user_id, created_at DESC``) and checked against
the table when the operation applies; what PostgreSQL would refuse (an unknown column,
a sort order on a hash index...) comes back from validation with the input it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from designer.schema.model import (
    CheckConstraint,
    Index,
    IndexElement,
    IndexMethod,
    NullsOrder,
    Schema,
    Table,
    UniqueConstraint,
)

from .base import Gone, Invalid, Operation, new_id
from .fields import expression_targets, reads_only_own_columns
from .lookup import columns_named, find_in_table, find_table, with_table


def element_data(element: IndexElement) -> dict[str, Any]:
    return {
        "column": element.column,
        "expression": element.expression,
        "descending": element.descending,
        "nulls": element.nulls.value,
        "opclass": element.opclass,
    }


def _element(data: dict[str, Any]) -> IndexElement:
    return IndexElement(
        column=data.get("column"),
        expression=data.get("expression"),
        descending=bool(data.get("descending")),
        nulls=NullsOrder(data.get("nulls") or ""),
        opclass=data.get("opclass") or None,
    )


def _known(table: Table, names: tuple[str, ...], field: str) -> None:
    for name in names:
        if name not in table.columns_by_name:
            raise Invalid(f"{table.name} has no field named “{name}”.", field)


def _built_index(table: Table, index_id: str, spec: AddIndex | ChangeIndex) -> Index:
    """The index ``spec`` describes on ``table``, checked as PostgreSQL would: its
    columns exist, its expressions and WHERE read only the table's own columns."""
    elements = tuple(_element(data) for data in spec.elements)
    _known(table, tuple(e.column for e in elements if e.column), "keys")
    for element in elements:
        if element.expression:
            reads_only_own_columns(element.expression, table, "keys")
    if spec.where:
        reads_only_own_columns(spec.where, table, "where")
    _known(table, spec.include, "include")
    return Index(
        id=index_id,
        elements=elements,
        name=spec.name or None,
        unique=spec.unique,
        method=IndexMethod(spec.method),
        where=spec.where or None,
        include=tuple(spec.include),
        rationale=spec.rationale.strip(),
    )


def _index_targets(table: Table, spec: AddIndex | ChangeIndex) -> frozenset[str]:
    named = [data.get("column") for data in spec.elements if data.get("column")]
    texts = [data.get("expression") for data in spec.elements] + [spec.where]
    return columns_named(table, [*named, *spec.include]) | expression_targets(table, *texts)


def _index_fields(data: dict[str, Any]) -> dict[str, Any]:
    """An index operation's JSON fields with its lists read back as tuples."""
    return {
        **data,
        "elements": tuple(dict(item) for item in data.get("elements", ())),
        "include": tuple(data.get("include", ())),
    }


@dataclass(frozen=True)
class AddIndex(Operation):
    """An index on columns and expressions, in order, with its options and rationale."""

    kind: ClassVar[str] = "add_index"
    entity_id: str
    elements: tuple[dict[str, Any], ...]
    unique: bool = False
    method: str = IndexMethod.BTREE.value
    where: str = ""
    include: tuple[str, ...] = ()
    rationale: str = ""
    name: str = ""
    id: str = field(default_factory=new_id)

    def apply(self, schema: Schema) -> Schema:
        _, table = find_table(schema, self.entity_id)
        index = _built_index(table, self.id, self)
        return with_table(schema, replace(table, indexes=(*table.indexes, index)))

    def describe(self, schema: Schema) -> str:
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return "Added an index"
        keys = ", ".join(
            data.get("column") or data.get("expression") or "" for data in self.elements
        )
        return f"Added {'a unique' if self.unique else 'an'} index on {table.name} ({keys})"

    def targets(self, schema: Schema) -> frozenset[str]:
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return frozenset()
        return _index_targets(table, self)

    @classmethod
    def from_fields(cls, data: dict[str, Any]) -> AddIndex:
        return cls(**_index_fields(data))


@dataclass(frozen=True)
class ChangeIndex(Operation):
    """An existing index made as described (keys, options, name, rationale), in its
    place and with its id, so comments on it and its history stay with it."""

    kind: ClassVar[str] = "change_index"
    index_id: str
    elements: tuple[dict[str, Any], ...]
    unique: bool = False
    method: str = IndexMethod.BTREE.value
    where: str = ""
    include: tuple[str, ...] = ()
    rationale: str = ""
    name: str = ""

    def apply(self, schema: Schema) -> Schema:
        table, position = find_in_table(schema, "indexes", self.index_id, "index")
        index = _built_index(table, self.index_id, self)
        indexes = (*table.indexes[:position], index, *table.indexes[position + 1 :])
        return with_table(schema, replace(table, indexes=indexes))

    def describe(self, schema: Schema) -> str:
        try:
            table, position = find_in_table(schema, "indexes", self.index_id, "index")
        except Gone:
            return "Changed an index"
        index = table.indexes[position]
        label = index.name or ", ".join(e.column or e.expression or "" for e in index.elements)
        return f"Changed the index {label} of {table.name}"

    def targets(self, schema: Schema) -> frozenset[str]:
        try:
            table, _ = find_in_table(schema, "indexes", self.index_id, "index")
        except Gone:
            return frozenset({self.index_id})
        return _index_targets(table, self) | {self.index_id}

    @classmethod
    def from_fields(cls, data: dict[str, Any]) -> ChangeIndex:
        return cls(**_index_fields(data))


@dataclass(frozen=True)
class AddUnique(Operation):
    """A unique constraint over columns of the table, in order."""

    kind: ClassVar[str] = "add_unique"
    entity_id: str
    columns: tuple[str, ...]
    nulls_not_distinct: bool = False
    name: str = ""
    id: str = field(default_factory=new_id)

    def apply(self, schema: Schema) -> Schema:
        _, table = find_table(schema, self.entity_id)
        _known(table, self.columns, "columns")
        if len(set(self.columns)) != len(self.columns):
            raise Invalid("A column appears twice.", "columns")
        unique = UniqueConstraint(
            id=self.id,
            columns=tuple(self.columns),
            name=self.name or None,
            nulls_not_distinct=self.nulls_not_distinct,
        )
        return with_table(schema, replace(table, uniques=(*table.uniques, unique)))

    def describe(self, schema: Schema) -> str:
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return "Added a unique constraint"
        return f"Added a unique constraint on {table.name} ({', '.join(self.columns)})"

    def targets(self, schema: Schema) -> frozenset[str]:
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return frozenset()
        return columns_named(table, self.columns)

    @classmethod
    def from_fields(cls, data: dict[str, Any]) -> AddUnique:
        return cls(**{**data, "columns": tuple(data.get("columns", ()))})


@dataclass(frozen=True)
class AddCheck(Operation):
    """A check constraint: one boolean expression over the table's columns."""

    kind: ClassVar[str] = "add_check"
    entity_id: str
    expression: str
    name: str = ""
    id: str = field(default_factory=new_id)

    def apply(self, schema: Schema) -> Schema:
        _, table = find_table(schema, self.entity_id)
        if not self.expression.strip():
            raise Invalid("Write the condition every row must meet.", "expression")
        reads_only_own_columns(self.expression, table, "expression")
        check = CheckConstraint(self.id, self.expression.strip(), self.name or None)
        return with_table(schema, replace(table, checks=(*table.checks, check)))

    def describe(self, schema: Schema) -> str:
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return "Added a check constraint"
        return f"Added CHECK ({self.expression.strip()}) to {table.name}"

    def targets(self, schema: Schema) -> frozenset[str]:
        try:
            _, table = find_table(schema, self.entity_id)
        except Gone:
            return frozenset()
        return expression_targets(table, self.expression)


_PARTS = {
    "index": ("indexes", "index"),
    "unique": ("uniques", "unique constraint"),
    "check": ("checks", "check constraint"),
}


@dataclass(frozen=True)
class DeleteConstraint(Operation):
    """Delete an index, a unique constraint or a check constraint (``part``)."""

    kind: ClassVar[str] = "delete_constraint"
    part: str
    object_id: str

    def _where(self) -> tuple[str, str]:
        if self.part not in _PARTS:
            raise Invalid(f"There is no kind of constraint called {self.part!r}.")
        return _PARTS[self.part]

    def apply(self, schema: Schema) -> Schema:
        attribute, what = self._where()
        table, _ = find_in_table(schema, attribute, self.object_id, what)
        kept = tuple(item for item in getattr(table, attribute) if item.id != self.object_id)
        return with_table(schema, replace(table, **{attribute: kept}))

    def describe(self, schema: Schema) -> str:
        attribute, what = self._where()
        try:
            table, position = find_in_table(schema, attribute, self.object_id, what)
        except Gone:
            return f"Deleted a {what}"
        item = getattr(table, attribute)[position]
        if self.part == "check":
            return f"Deleted CHECK ({item.expression}) of {table.name}"
        label = item.name or ", ".join(
            getattr(item, "columns", ()) or [e.column or e.expression for e in item.elements]
        )
        return f"Deleted the {what} {label} of {table.name}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({self.object_id})
