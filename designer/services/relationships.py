"""Creating relationships: the foreign-key columns, the index that covers them, junctions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from ..models import (
    Entity,
    Field,
    Index,
    IndexColumn,
    Project,
    Relationship,
    RelationshipColumn,
    UniqueConstraint,
    UniqueConstraintColumn,
)
from ..schema.model import Action
from ..schema.words import singular
from .entities import add_timestamp_fields
from .fields import next_field_position


def key_fields(entity: Entity) -> list[Field]:
    """The entity's primary-key fields in key order."""
    return list(entity.fields.filter(primary_key=True).order_by("pk_position", "position"))


def default_column_name(target: Entity, key: Field) -> str:
    """``users.id`` is referenced by ``user_id``."""
    return f"{singular(target.name)}_{key.name}"


def _copy_type(key: Field, **changes) -> dict:
    values = {
        "data_type": key.data_type,
        "length": key.length,
        "precision": key.precision,
        "scale": key.scale,
        "is_array": key.is_array,
        "enum_type_id": key.enum_type_id,
    }
    values.update(changes)
    return values


def _next_relationship_position(project: Project) -> int:
    highest = project.relationships.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def _index_columns(entity: Entity, fields: list[Field], rationale: str) -> Index:
    highest = entity.indexes.aggregate(highest=Max("position"))["highest"]
    index = Index.objects.create(
        entity=entity, rationale=rationale, position=0 if highest is None else highest + 1
    )
    IndexColumn.objects.bulk_create(
        IndexColumn(index=index, field=field, position=position)
        for position, field in enumerate(fields)
    )
    return index


@dataclass(frozen=True)
class NewRelationship:
    """What the relationship form asks for (validated by the form)."""

    from_entity: Entity
    to_entity: Entity
    kind: str = Relationship.Kind.ONE_TO_MANY
    on_delete: str = Action.RESTRICT.value
    on_update: str = Action.NO_ACTION.value
    required: bool = True
    existing_field: Field | None = None
    column_name: str = ""
    from_attribute: str = ""
    to_attribute: str = ""
    name: str = ""
    add_index: bool = True


@transaction.atomic
def create_relationship(new: NewRelationship) -> Relationship:
    """A foreign key from ``from_entity`` to ``to_entity``'s primary key.

    Creates the referencing column(s) with the key's type (or uses the chosen existing
    field), makes them unique for one-to-one, and indexes them (the standards: every
    foreign key is covered by an index) unless asked not to.
    """
    keys = key_fields(new.to_entity)
    source = new.from_entity
    if new.existing_field is not None:
        columns = [new.existing_field]
        if new.existing_field.nullable == new.required:
            new.existing_field.nullable = not new.required
            new.existing_field.save(update_fields=["nullable"])
    else:
        position = next_field_position(source)
        columns = []
        for offset, key in enumerate(keys):
            name = new.column_name if new.column_name and len(keys) == 1 else ""
            columns.append(
                Field.objects.create(
                    entity=source,
                    name=name or default_column_name(new.to_entity, key),
                    nullable=not new.required,
                    description=f"References {new.to_entity.name}.{key.name}.",
                    position=position + offset,
                    **_copy_type(key),
                )
            )
    one_to_one = new.kind == Relationship.Kind.ONE_TO_ONE
    if one_to_one and len(columns) == 1:
        columns[0].unique = True
        columns[0].save(update_fields=["unique"])
    elif one_to_one:
        unique = UniqueConstraint.objects.create(entity=source)
        UniqueConstraintColumn.objects.bulk_create(
            UniqueConstraintColumn(constraint=unique, field=field, position=position)
            for position, field in enumerate(columns)
        )
    relationship = Relationship.objects.create(
        project=source.project,
        kind=new.kind,
        from_entity=source,
        to_entity=new.to_entity,
        name=new.name,
        on_delete=new.on_delete,
        on_update=new.on_update,
        from_attribute=new.from_attribute,
        to_attribute=new.to_attribute,
        position=_next_relationship_position(source.project),
    )
    RelationshipColumn.objects.bulk_create(
        RelationshipColumn(relationship=relationship, from_field=column, to_field=key, position=n)
        for n, (column, key) in enumerate(zip(columns, keys, strict=True))
    )
    if new.add_index and not one_to_one:
        names = ", ".join(column.name for column in columns)
        _index_columns(
            source,
            columns,
            f"Covers the foreign key {source.name}({names}) → {new.to_entity.name}: joins "
            f"from {new.to_entity.name} and its ON DELETE checks read this index instead of "
            f"scanning {source.name}.",
        )
    return relationship


@transaction.atomic
def create_many_to_many(
    *,
    left: Entity,
    right: Entity,
    junction_name: str,
    left_attribute: str = "",
    right_attribute: str = "",
) -> Relationship:
    """A junction entity with a foreign key to each side and the pair as its key."""
    project = left.project
    highest = project.entities.aggregate(highest=Max("position"))["highest"]
    junction = Entity.objects.create(
        project=project,
        name=junction_name,
        schema_name=left.schema_name,
        description=f"Links {left.name} and {right.name} (many-to-many).",
        timestamps=False,
        position=0 if highest is None else highest + 1,
    )
    columns = []
    for side in (left, right):
        for key in key_fields(side):
            name = default_column_name(side, key)
            if any(column.name == name for column in columns):
                name = f"{side.name}_{key.name}"
            columns.append(
                Field.objects.create(
                    entity=junction,
                    name=name,
                    nullable=False,
                    primary_key=True,
                    pk_position=len(columns),
                    description=f"References {side.name}.{key.name}.",
                    position=len(columns),
                    **_copy_type(key, is_array=False),
                )
            )
    if project.timestamps_default:
        junction.timestamps = True
        junction.save(update_fields=["timestamps"])
        add_timestamp_fields(junction)
    left_count = len(key_fields(left))
    for side, side_columns in ((left, columns[:left_count]), (right, columns[left_count:])):
        relationship = Relationship.objects.create(
            project=project,
            from_entity=junction,
            to_entity=side,
            on_delete=Action.CASCADE.value,
            position=_next_relationship_position(project),
        )
        RelationshipColumn.objects.bulk_create(
            RelationshipColumn(
                relationship=relationship, from_field=column, to_field=key, position=n
            )
            for n, (column, key) in enumerate(zip(side_columns, key_fields(side), strict=True))
        )
    # The key (left, right) covers the left foreign key; the right one needs its own index.
    _index_columns(
        junction,
        columns[left_count:],
        f"Covers the foreign key to {right.name}: the primary key starts with the "
        f"{left.name} side, so lookups from {right.name} need this index.",
    )
    return Relationship.objects.create(
        project=project,
        kind=Relationship.Kind.MANY_TO_MANY,
        from_entity=left,
        to_entity=right,
        junction=junction,
        from_attribute=left_attribute,
        to_attribute=right_attribute,
        position=_next_relationship_position(project),
    )
