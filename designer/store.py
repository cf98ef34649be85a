"""The only bridge between the editable records and the pure schema model.

``load_schema(project)`` reads a whole project in a fixed number of queries (one per
record type, whatever the size of the schema) and returns a ``Schema``.
``save_schema(project, schema)`` replaces a project's contents with a schema, in one
transaction, keeping the schema's ids as the records' primary keys.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from . import models as records
from .schema.ids import all_ids, with_new_ids
from .schema.model import (
    Action,
    CheckConstraint,
    Column,
    ColumnType,
    Deferral,
    EnumType,
    Generated,
    Index,
    IndexElement,
    IndexMethod,
    KeyStrategy,
    ManyToMany,
    NullsOrder,
    PrimaryKey,
    QName,
    Relationship,
    RelationshipKind,
    Schema,
    Table,
    UniqueConstraint,
    Validation,
)


def _none(text: str) -> str | None:
    return text if text != "" else None


def _text(value: str | None) -> str:
    return "" if value is None else value


def _by(rows: Iterable, key: str) -> dict:
    grouped: dict = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def load_schema(project: records.Project) -> Schema:
    """The project's schema as the pure model, in ten queries whatever its size."""
    enums = list(records.EnumType.objects.filter(project=project))  # 1
    entities = list(records.Entity.objects.filter(project=project))  # 2
    fields = records.Field.objects.filter(entity__project=project)  # 3
    uniques = records.UniqueConstraint.objects.filter(entity__project=project)  # 4
    unique_columns = records.UniqueConstraintColumn.objects.filter(
        constraint__entity__project=project
    )  # 5
    checks = records.CheckConstraint.objects.filter(entity__project=project)  # 6
    indexes = records.Index.objects.filter(entity__project=project)  # 7
    index_keys = records.IndexColumn.objects.filter(index__entity__project=project)  # 8
    relationships = list(records.Relationship.objects.filter(project=project))  # 9
    pairs = records.RelationshipColumn.objects.filter(relationship__project=project)  # 10

    enum_names = {enum.id: QName(enum.schema_name, enum.name) for enum in enums}
    entity_names = {entity.id: QName(entity.schema_name, entity.name) for entity in entities}
    fields_by_entity = _by(fields, "entity_id")
    field_names = {
        field.id: field.name
        for entity_fields in fields_by_entity.values()
        for field in entity_fields
    }
    columns_by_unique = _by(unique_columns, "constraint_id")
    keys_by_index = _by(index_keys, "index_id")
    uniques_by_entity = _by(uniques, "entity_id")
    checks_by_entity = _by(checks, "entity_id")
    indexes_by_entity = _by(indexes, "entity_id")
    pairs_by_relationship = _by(pairs, "relationship_id")

    def column(field: records.Field) -> Column:
        return Column(
            id=str(field.id),
            name=field.name,
            type=ColumnType(
                base=field.data_type,
                length=field.length,
                precision=field.precision,
                scale=field.scale,
                array=field.is_array,
                enum=enum_names.get(field.enum_type_id),
            ),
            nullable=field.nullable,
            default=_none(field.default),
            generated=Generated(field.generated),
            unique=field.unique,
            check=_none(field.check_expression),
            description=field.description,
            sensitive=field.sensitive,
            validation=Validation(
                min_length=field.min_length,
                max_length=field.max_length,
                ge=_none(field.ge),
                le=_none(field.le),
                pattern=_none(field.pattern),
            ),
        )

    def index(record: records.Index) -> Index:
        keys = keys_by_index.get(record.id, [])
        return Index(
            id=str(record.id),
            name=_none(record.name),
            unique=record.unique,
            method=IndexMethod(record.method),
            where=_none(record.where),
            rationale=record.rationale,
            include=tuple(field_names[key.field_id] for key in keys if key.included),
            elements=tuple(
                IndexElement(
                    column=field_names[key.field_id] if key.field_id else None,
                    expression=None if key.field_id else key.expression,
                    descending=key.descending,
                    nulls=NullsOrder(key.nulls),
                    opclass=_none(key.opclass),
                )
                for key in keys
                if not key.included
            ),
        )

    def table(entity: records.Entity) -> Table:
        entity_fields = fields_by_entity.get(entity.id, [])
        pk_fields = sorted(
            (field for field in entity_fields if field.primary_key),
            key=lambda field: field.pk_position,
        )
        return Table(
            id=str(entity.id),
            schema=entity.schema_name,
            name=entity.name,
            description=entity.description,
            timestamps=entity.timestamps,
            columns=tuple(column(field) for field in entity_fields),
            primary_key=(
                PrimaryKey(tuple(field.name for field in pk_fields), _none(entity.pk_name))
                if pk_fields
                else None
            ),
            uniques=tuple(
                UniqueConstraint(
                    id=str(unique.id),
                    name=_none(unique.name),
                    nulls_not_distinct=unique.nulls_not_distinct,
                    columns=tuple(
                        field_names[item.field_id] for item in columns_by_unique.get(unique.id, [])
                    ),
                )
                for unique in uniques_by_entity.get(entity.id, [])
            ),
            checks=tuple(
                CheckConstraint(str(check.id), check.expression, _none(check.name))
                for check in checks_by_entity.get(entity.id, [])
            ),
            indexes=tuple(index(record) for record in indexes_by_entity.get(entity.id, [])),
        )

    foreign_keys = []
    many_to_many = []
    for relationship in relationships:
        if relationship.kind == records.Relationship.Kind.MANY_TO_MANY:
            many_to_many.append(
                ManyToMany(
                    id=str(relationship.id),
                    left=entity_names[relationship.from_entity_id],
                    right=entity_names[relationship.to_entity_id],
                    through=entity_names[relationship.junction_id],
                    left_attribute=_none(relationship.from_attribute),
                    right_attribute=_none(relationship.to_attribute),
                )
            )
            continue
        relationship_pairs = pairs_by_relationship.get(relationship.id, [])
        foreign_keys.append(
            Relationship(
                id=str(relationship.id),
                name=_none(relationship.name),
                kind=RelationshipKind(relationship.kind),
                from_table=entity_names[relationship.from_entity_id],
                from_columns=tuple(field_names[pair.from_field_id] for pair in relationship_pairs),
                to_table=entity_names[relationship.to_entity_id],
                to_columns=tuple(field_names[pair.to_field_id] for pair in relationship_pairs),
                on_delete=Action(relationship.on_delete),
                on_update=Action(relationship.on_update),
                deferral=Deferral(relationship.deferral),
                from_attribute=_none(relationship.from_attribute),
                to_attribute=_none(relationship.to_attribute),
            )
        )

    return Schema(
        name=project.name,
        description=project.description,
        pg_version=project.pg_version,
        key_strategy=KeyStrategy(project.key_strategy),
        timestamps_default=project.timestamps_default,
        extensions=tuple(project.extensions),
        enums=tuple(
            EnumType(
                id=str(enum.id),
                schema=enum.schema_name,
                name=enum.name,
                values=tuple(enum.values),
                description=enum.description,
            )
            for enum in enums
        ),
        tables=tuple(table(entity) for entity in entities),
        relationships=tuple(foreign_keys),
        many_to_many=tuple(many_to_many),
    )


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)


@transaction.atomic
def save_schema(project: records.Project, schema: Schema) -> None:
    """Replace the project's contents and settings with ``schema``, in one transaction.

    The schema's ids become the records' primary keys; the caller renames them first
    (``designer.schema.ids.with_new_ids``) when they may already be in use elsewhere.
    The project's name and slug are left as they are.
    """
    project.description = schema.description
    project.pg_version = schema.pg_version
    project.key_strategy = schema.key_strategy.value
    project.timestamps_default = schema.timestamps_default
    project.extensions = list(schema.extensions)
    project.save()
    clear_project(project)

    enum_ids = {}
    enum_rows = []
    for position, enum in enumerate(schema.enums):
        enum_ids[enum.qname] = _uuid(enum.id)
        enum_rows.append(
            records.EnumType(
                id=_uuid(enum.id),
                project=project,
                schema_name=enum.schema,
                name=enum.name,
                values=list(enum.values),
                description=enum.description,
                position=position,
            )
        )
    records.EnumType.objects.bulk_create(enum_rows)

    entity_ids: dict[QName, uuid.UUID] = {}
    field_ids: dict[tuple[QName, str], uuid.UUID] = {}
    entities, fields, uniques, unique_columns, checks, indexes, index_keys = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    for position, table in enumerate(schema.tables):
        entity_id = entity_ids[table.qname] = _uuid(table.id)
        pk_columns = table.primary_key.columns if table.primary_key else ()
        entities.append(
            records.Entity(
                id=entity_id,
                project=project,
                schema_name=table.schema,
                name=table.name,
                description=table.description,
                timestamps=table.timestamps,
                pk_name=_text(table.primary_key.name if table.primary_key else None),
                position=position,
            )
        )
        for field_position, column in enumerate(table.columns):
            field_id = field_ids[(table.qname, column.name)] = _uuid(column.id)
            t, v = column.type, column.validation
            fields.append(
                records.Field(
                    id=field_id,
                    entity_id=entity_id,
                    name=column.name,
                    data_type=t.base,
                    length=t.length,
                    precision=t.precision,
                    scale=t.scale,
                    is_array=t.array,
                    enum_type_id=enum_ids[t.enum] if t.enum else None,
                    nullable=column.nullable,
                    default=_text(column.default),
                    generated=column.generated.value,
                    unique=column.unique,
                    primary_key=column.name in pk_columns,
                    pk_position=pk_columns.index(column.name) if column.name in pk_columns else 0,
                    check_expression=_text(column.check),
                    description=column.description,
                    sensitive=column.sensitive,
                    min_length=v.min_length,
                    max_length=v.max_length,
                    ge=_text(v.ge),
                    le=_text(v.le),
                    pattern=_text(v.pattern),
                    position=field_position,
                )
            )
        for unique_position, unique in enumerate(table.uniques):
            uniques.append(
                records.UniqueConstraint(
                    id=_uuid(unique.id),
                    entity_id=entity_id,
                    name=_text(unique.name),
                    nulls_not_distinct=unique.nulls_not_distinct,
                    position=unique_position,
                )
            )
            unique_columns += [
                records.UniqueConstraintColumn(
                    constraint_id=_uuid(unique.id),
                    field_id=field_ids[(table.qname, name)],
                    position=column_position,
                )
                for column_position, name in enumerate(unique.columns)
            ]
        checks += [
            records.CheckConstraint(
                id=_uuid(check.id),
                entity_id=entity_id,
                name=_text(check.name),
                expression=check.expression,
                position=check_position,
            )
            for check_position, check in enumerate(table.checks)
        ]
        for index_position, index in enumerate(table.indexes):
            indexes.append(
                records.Index(
                    id=_uuid(index.id),
                    entity_id=entity_id,
                    name=_text(index.name),
                    unique=index.unique,
                    method=index.method.value,
                    where=_text(index.where),
                    rationale=index.rationale,
                    position=index_position,
                )
            )
            for key_position, element in enumerate(index.elements):
                index_keys.append(
                    records.IndexColumn(
                        index_id=_uuid(index.id),
                        field_id=(
                            field_ids[(table.qname, element.column)] if element.column else None
                        ),
                        expression=_text(element.expression),
                        descending=element.descending,
                        nulls=element.nulls.value,
                        opclass=_text(element.opclass),
                        position=key_position,
                    )
                )
            index_keys += [
                records.IndexColumn(
                    index_id=_uuid(index.id),
                    field_id=field_ids[(table.qname, name)],
                    included=True,
                    position=len(index.elements) + include_position,
                )
                for include_position, name in enumerate(index.include)
            ]

    relationships, pairs = [], []
    for position, relationship in enumerate(schema.relationships):
        relationships.append(
            records.Relationship(
                id=_uuid(relationship.id),
                project=project,
                kind=relationship.kind.value,
                from_entity_id=entity_ids[relationship.from_table],
                to_entity_id=entity_ids[relationship.to_table],
                name=_text(relationship.name),
                on_delete=relationship.on_delete.value,
                on_update=relationship.on_update.value,
                deferral=relationship.deferral.value,
                from_attribute=_text(relationship.from_attribute),
                to_attribute=_text(relationship.to_attribute),
                position=position,
            )
        )
        pairs += [
            records.RelationshipColumn(
                relationship_id=_uuid(relationship.id),
                from_field_id=field_ids[(relationship.from_table, from_name)],
                to_field_id=field_ids[(relationship.to_table, to_name)],
                position=pair_position,
            )
            for pair_position, (from_name, to_name) in enumerate(
                zip(relationship.from_columns, relationship.to_columns, strict=True)
            )
        ]
    offset = len(schema.relationships)
    for position, m2m in enumerate(schema.many_to_many):
        relationships.append(
            records.Relationship(
                id=_uuid(m2m.id),
                project=project,
                kind=records.Relationship.Kind.MANY_TO_MANY,
                from_entity_id=entity_ids[m2m.left],
                to_entity_id=entity_ids[m2m.right],
                junction_id=entity_ids[m2m.through],
                from_attribute=_text(m2m.left_attribute),
                to_attribute=_text(m2m.right_attribute),
                position=offset + position,
            )
        )

    records.Entity.objects.bulk_create(entities)
    records.Field.objects.bulk_create(fields, batch_size=1000)
    records.UniqueConstraint.objects.bulk_create(uniques)
    records.UniqueConstraintColumn.objects.bulk_create(unique_columns, batch_size=1000)
    records.CheckConstraint.objects.bulk_create(checks, batch_size=1000)
    records.Index.objects.bulk_create(indexes, batch_size=1000)
    records.IndexColumn.objects.bulk_create(index_keys, batch_size=1000)
    records.Relationship.objects.bulk_create(relationships, batch_size=1000)
    records.RelationshipColumn.objects.bulk_create(pairs, batch_size=1000)


def clear_project(project: records.Project) -> None:
    """Delete every record of the project's schema, keeping the project itself."""
    project_entities = records.Entity.objects.filter(project=project)
    records.RelationshipColumn.objects.filter(relationship__project=project).delete()
    records.Relationship.objects.filter(project=project).delete()
    records.IndexColumn.objects.filter(index__entity__in=project_entities).delete()
    records.Index.objects.filter(entity__in=project_entities).delete()
    records.UniqueConstraintColumn.objects.filter(constraint__entity__in=project_entities).delete()
    records.UniqueConstraint.objects.filter(entity__in=project_entities).delete()
    records.CheckConstraint.objects.filter(entity__in=project_entities).delete()
    records.Field.objects.filter(entity__in=project_entities).delete()
    project_entities.delete()
    records.EnumType.objects.filter(project=project).delete()


_RECORD_TYPES = (
    records.EnumType,
    records.Entity,
    records.Field,
    records.UniqueConstraint,
    records.CheckConstraint,
    records.Index,
    records.Relationship,
)


def ids_in_use(schema: Schema, *, exclude: records.Project | None = None) -> bool:
    """Whether any of the schema's ids is already a record of another project."""
    wanted = [_uuid(identifier) for identifier in all_ids(schema)]
    for model in _RECORD_TYPES:
        rows = model.objects.filter(id__in=wanted)
        if exclude is not None:
            project_path = "project" if hasattr(model, "project") else "entity__project"
            rows = rows.exclude(**{project_path: exclude})
        if rows.exists():
            return True
    return False


@transaction.atomic
def create_project(*, name: str, slug: str, schema: Schema) -> records.Project:
    """A new project holding ``schema``, its ids renamed so that nothing collides."""
    project = records.Project.objects.create(name=name, slug=slug)
    save_schema(project, with_new_ids(schema))
    return project


@transaction.atomic
def replace_schema(project: records.Project, schema: Schema) -> None:
    """Replace a project's contents, keeping the schema's ids unless another project has them."""
    if ids_in_use(schema, exclude=project):
        schema = with_new_ids(schema)
    save_schema(project, schema)
