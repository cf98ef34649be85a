"""Relationships: a foreign key (its columns and covering index made by the standards),
a many-to-many link through a junction entity, their actions and names, deletion."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from designer.schema.model import (
    Action,
    Deferral,
    ManyToMany,
    PrimaryKey,
    Relationship,
    RelationshipKind,
    Schema,
    Table,
    UniqueConstraint,
)

from . import standards
from .base import Gone, Invalid, Operation, derived_id, new_id
from .entities import AddEntity
from .lookup import find_many_to_many, find_relationship, find_table, replaced, with_table
from .references import drop_relationship


def _key_of(table: Table, field: str) -> tuple:
    keys = standards.key_columns(table)
    if not keys:
        raise Invalid(f"{table.name} has no primary key to reference.", field)
    return keys


@dataclass(frozen=True)
class AddRelationship(Operation):
    """A foreign key from ``from_entity_id`` to ``to_entity_id``'s primary key.

    Creates the referencing column(s) with the key's type (or uses the chosen existing
    field), makes them unique for one-to-one, and covers them with an index (unless
    ``add_index`` is off; a one-to-one's unique constraint covers it already).
    """

    kind: ClassVar[str] = "add_relationship"
    guards: ClassVar = {
        "fk-type-mismatch": "column",
        "fk-set-null-not-null": "on_delete",
        "fk-set-default-no-default": "on_delete",
    }
    from_entity_id: str
    to_entity_id: str
    relationship_kind: str = RelationshipKind.ONE_TO_MANY.value
    on_delete: str = Action.RESTRICT.value
    on_update: str = Action.NO_ACTION.value
    required: bool = True
    existing_field_id: str | None = None
    column_name: str = ""
    from_attribute: str = ""
    to_attribute: str = ""
    name: str = ""
    add_index: bool = True
    id: str = field(default_factory=new_id)

    def apply(self, schema: Schema) -> Schema:
        _, source = find_table(schema, self.from_entity_id)
        _, target = find_table(schema, self.to_entity_id, "referenced entity")
        keys = _key_of(target, "to_entity")
        kind = RelationshipKind(self.relationship_kind)
        if self.existing_field_id:
            column = next((c for c in source.columns if c.id == self.existing_field_id), None)
            if column is None:
                raise Invalid("Choose one of this entity's fields.", "column")
            if len(keys) != 1:
                raise Invalid(f"{target.name} has a composite key: use new columns.", "column")
            if column.nullable == self.required:
                source = _with_column(source, replace(column, nullable=not self.required))
            names: tuple[str, ...] = (column.name,)
        else:
            names = tuple(
                self.column_name
                if self.column_name and len(keys) == 1
                else standards.foreign_key_column_name(target, key)
                for key in keys
            )
            for name in names:
                if name in source.columns_by_name:
                    raise Invalid(
                        f"{source.name} already has a field named “{name}”: choose it as the "
                        "column or give another name.",
                        "column_name" if self.column_name else "column",
                    )
            added = tuple(
                standards.referencing_column(
                    derived_id(self.id, f"column:{n}"), name, key, target, not self.required
                )
                for n, (name, key) in enumerate(zip(names, keys, strict=True))
            )
            source = replace(source, columns=(*source.columns, *added))
            if source.id == target.id:
                target = source
        one_to_one = kind is RelationshipKind.ONE_TO_ONE
        if one_to_one and len(names) == 1:
            column = source.column(names[0])
            source = _with_column(source, replace(column, unique=True))
        elif one_to_one:
            unique = UniqueConstraint(derived_id(self.id, "unique"), names)
            source = replace(source, uniques=(*source.uniques, unique))
        if self.add_index and not one_to_one:
            index = standards.covering_index(
                derived_id(self.id, "index"),
                names,
                standards.foreign_key_rationale(source.name, names, target.name),
            )
            source = replace(source, indexes=(*source.indexes, index))
        schema = with_table(schema, source)
        relationship = Relationship(
            id=self.id,
            from_table=source.qname,
            from_columns=names,
            to_table=target.qname,
            to_columns=tuple(key.name for key in keys),
            name=self.name or None,
            kind=kind,
            on_delete=Action(self.on_delete),
            on_update=Action(self.on_update),
            from_attribute=self.from_attribute or None,
            to_attribute=self.to_attribute or None,
        )
        return replace(schema, relationships=(*schema.relationships, relationship))

    def describe(self, schema: Schema) -> str:
        try:
            _, source = find_table(schema, self.from_entity_id)
            _, target = find_table(schema, self.to_entity_id)
        except Gone:
            return "Added a relationship"
        return f"Added the relationship {source.name} → {target.name}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({self.existing_field_id} if self.existing_field_id else ())


def _with_column(table: Table, column) -> Table:
    position = next(n for n, item in enumerate(table.columns) if item.id == column.id)
    return replace(table, columns=replaced(table.columns, position, column))


@dataclass(frozen=True)
class AddManyToMany(Operation):
    """A junction entity with a foreign key (CASCADE) to each side and the pair as its
    primary key, an index for the second side, and the link between the two sides."""

    kind: ClassVar[str] = "add_many_to_many"
    left_id: str
    right_id: str
    junction_name: str = ""
    left_attribute: str = ""
    right_attribute: str = ""
    id: str = field(default_factory=new_id)

    def apply(self, schema: Schema) -> Schema:
        _, left = find_table(schema, self.left_id)
        _, right = find_table(schema, self.right_id, "linked entity")
        left_keys = _key_of(left, "kind")
        right_keys = _key_of(right, "to_entity")
        name = self.junction_name or f"{left.name}_{right.name}"
        junction_id = derived_id(self.id, "junction")
        try:
            schema = AddEntity(name, left.schema, id=junction_id).apply(schema)
        except Invalid as error:
            raise Invalid(error.message, "junction_name") from None
        _, junction = find_table(schema, junction_id)
        columns, names = [], []
        for side, keys in ((left, left_keys), (right, right_keys)):
            side_names = []
            for key in keys:
                column_name = standards.foreign_key_column_name(side, key)
                if column_name in names:
                    column_name = f"{side.name}_{key.name}"
                column = standards.referencing_column(
                    derived_id(self.id, f"column:{len(columns)}"), column_name, key, side, False
                )
                columns.append(replace(column, type=key.type.element()))
                names.append(column_name)
                side_names.append(column_name)
        left_names, right_names = tuple(names[: len(left_keys)]), tuple(names[len(left_keys) :])
        timestamps = tuple(c for c in junction.columns if c.name in ("created_at", "updated_at"))
        junction = replace(
            junction,
            description=standards.junction_description(left.name, right.name),
            columns=(*columns, *timestamps),
            primary_key=PrimaryKey(tuple(names)),
            indexes=(
                standards.covering_index(
                    derived_id(self.id, "index"),
                    right_names,
                    standards.junction_rationale(left.name, right.name),
                ),
            ),
        )
        schema = with_table(schema, junction)
        links = tuple(
            Relationship(
                id=derived_id(self.id, f"foreign key:{n}"),
                from_table=junction.qname,
                from_columns=side_names,
                to_table=side.qname,
                to_columns=tuple(key.name for key in keys),
                on_delete=Action.CASCADE,
            )
            for n, (side, keys, side_names) in enumerate(
                ((left, left_keys, left_names), (right, right_keys, right_names))
            )
        )
        link = ManyToMany(
            id=self.id,
            left=left.qname,
            right=right.qname,
            through=junction.qname,
            left_attribute=self.left_attribute or None,
            right_attribute=self.right_attribute or None,
        )
        return replace(
            schema,
            relationships=(*schema.relationships, *links),
            many_to_many=(*schema.many_to_many, link),
        )

    def describe(self, schema: Schema) -> str:
        try:
            _, left = find_table(schema, self.left_id)
            _, right = find_table(schema, self.right_id)
        except Gone:
            return "Linked two entities"
        name = self.junction_name or f"{left.name}_{right.name}"
        return f"Linked {left.name} and {right.name} through {name}"


RELATIONSHIP_ATTRIBUTES = (
    "on_delete",
    "on_update",
    "deferral",
    "from_attribute",
    "to_attribute",
    "name",
)


@dataclass(frozen=True)
class EditRelationship(Operation):
    """Change a foreign key's actions, deferral, attribute names or constraint name."""

    kind: ClassVar[str] = "edit_relationship"
    guards: ClassVar = {
        "fk-set-null-not-null": "on_delete",
        "fk-set-default-no-default": "on_delete",
    }
    relationship_id: str
    values: dict[str, Any]

    def apply(self, schema: Schema) -> Schema:
        if unknown := sorted(set(self.values) - set(RELATIONSHIP_ATTRIBUTES)):
            raise Invalid(f"A relationship has no attribute {unknown[0]!r}.")
        position, relationship = find_relationship(schema, self.relationship_id)
        values = self.values
        changes: dict[str, Any] = {}
        for action in ("on_delete", "on_update"):
            if action in values:
                changes[action] = Action(values[action])
        if "deferral" in values:
            changes["deferral"] = Deferral(values["deferral"] or "")
        for text in ("from_attribute", "to_attribute", "name"):
            if text in values:
                changes[text] = values[text] or None
        changed = replace(relationship, **changes)
        if changed == relationship:
            return schema
        return replace(schema, relationships=replaced(schema.relationships, position, changed))

    def describe(self, schema: Schema) -> str:
        try:
            _, relationship = find_relationship(schema, self.relationship_id)
        except Gone:
            return "Changed a relationship"
        where = f"{relationship.from_table.name} → {relationship.to_table.name}"
        if set(self.values) == {"on_delete"}:
            return f"Set ON DELETE {self.values['on_delete']} on {where}"
        return f"Changed the relationship {where}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({self.relationship_id})


@dataclass(frozen=True)
class DeleteRelationship(Operation):
    """Delete a foreign key (its columns stay) or a many-to-many link (its junction
    entity stays)."""

    kind: ClassVar[str] = "delete_relationship"
    relationship_id: str

    def apply(self, schema: Schema) -> Schema:
        if any(m2m.id == self.relationship_id for m2m in schema.many_to_many):
            position, _ = find_many_to_many(schema, self.relationship_id)
            kept = (*schema.many_to_many[:position], *schema.many_to_many[position + 1 :])
            return replace(schema, many_to_many=kept)
        find_relationship(schema, self.relationship_id)
        return drop_relationship(schema, self.relationship_id)

    def describe(self, schema: Schema) -> str:
        for m2m in schema.many_to_many:
            if m2m.id == self.relationship_id:
                return f"Unlinked {m2m.left.name} and {m2m.right.name}"
        for relationship in schema.relationships:
            if relationship.id == self.relationship_id:
                where = f"{relationship.from_table.name} → {relationship.to_table.name}"
                return f"Deleted the relationship {where}"
        return "Deleted a relationship"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({self.relationship_id})
