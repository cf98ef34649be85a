"""Creating, changing and deleting entities."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Q

from ..models import Entity, Field, Project, Relationship
from ..schema.expressions import rename_table
from ..schema.model import Generated, KeyStrategy
from .expressions import rewrite_expressions

TIMESTAMP_FIELDS = (
    ("created_at", "When the row was inserted."),
    ("updated_at", "When the row was last changed (kept by a trigger)."),
)


def _next_position(rows) -> int:
    highest = rows.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def key_field(project: Project, entity: Entity, position: int = 0) -> Field:
    """The primary key a new entity gets under the project's key strategy (unsaved)."""
    if project.key_strategy == KeyStrategy.IDENTITY:
        return Field(
            entity=entity,
            name="id",
            data_type="bigint",
            nullable=False,
            generated=Generated.IDENTITY_BY_DEFAULT.value,
            primary_key=True,
            description="Primary key.",
            position=position,
        )
    return Field(
        entity=entity,
        name="id",
        data_type="uuid",
        nullable=False,
        default="gen_random_uuid()",
        primary_key=True,
        description="Primary key.",
        position=position,
    )


def add_timestamp_fields(entity: Entity) -> list[Field]:
    """Add created_at / updated_at where missing (timestamptz NOT NULL DEFAULT now())."""
    existing = set(entity.fields.values_list("name", flat=True))
    position = _next_position(entity.fields.all())
    added = []
    for name, description in TIMESTAMP_FIELDS:
        if name in existing:
            continue
        added.append(
            Field(
                entity=entity,
                name=name,
                data_type="timestamptz",
                nullable=False,
                default="now()",
                description=description,
                position=position,
            )
        )
        position += 1
    Field.objects.bulk_create(added)
    return added


@transaction.atomic
def create_entity(
    project: Project, *, name: str, schema_name: str = "public", description: str = ""
) -> Entity:
    """A new entity with the project's standard key and, by default, timestamps."""
    entity = Entity.objects.create(
        project=project,
        name=name,
        schema_name=schema_name,
        description=description,
        timestamps=project.timestamps_default,
        position=_next_position(project.entities.all()),
    )
    key_field(project, entity).save()
    if project.timestamps_default:
        add_timestamp_fields(entity)
    return entity


@transaction.atomic
def update_entity(entity: Entity, old_name: str = "") -> None:
    """Save an edited entity; turning timestamps on adds the two columns when missing.

    A rename is written into the expressions that qualify a column with the table's name.
    """
    entity.save()
    if old_name and old_name != entity.name:
        rewrite_expressions(entity, lambda text: rename_table(text, old_name, entity.name))
    if entity.timestamps:
        add_timestamp_fields(entity)


def touching_relationships(entity: Entity):
    """Relationships that reference, start from or run through the entity."""
    return Relationship.objects.filter(
        Q(from_entity=entity) | Q(to_entity=entity) | Q(junction=entity)
    ).select_related("from_entity", "to_entity", "junction")


def entity_dependents(entity: Entity) -> list[str]:
    """What deleting the entity also removes, in words: the relationships of other entities."""
    dependents = []
    for relationship in touching_relationships(entity):
        others = {relationship.from_entity_id, relationship.to_entity_id, relationship.junction_id}
        if others - {entity.id, None}:
            dependents.append(describe_relationship(relationship))
    return dependents


def describe_relationship(relationship: Relationship) -> str:
    if relationship.kind == Relationship.Kind.MANY_TO_MANY:
        return (
            f"{relationship.from_entity.name} ↔ {relationship.to_entity.name} "
            f"(many-to-many through {relationship.junction.name})"
        )
    columns = ", ".join(pair.from_field.name for pair in relationship.column_pairs.all())
    target = ", ".join(pair.to_field.name for pair in relationship.column_pairs.all())
    return (
        f"{relationship.from_entity.name}.{columns or '?'} → "
        f"{relationship.to_entity.name}.{target or '?'}"
    )


@transaction.atomic
def delete_entity(entity: Entity) -> None:
    """Delete the entity and every relationship that touches it."""
    touching_relationships(entity).delete()
    entity.delete()
