"""The only bridge between the editable records and the pure schema model.

- ``load_schema(project)`` reads a whole project in a fixed number of queries (one per
  record type, whatever the size of the schema) and returns a ``Schema``.
- ``current_schema(project)`` is the same schema through a cache keyed by the project's
  revision: a revision's schema never changes, so the cache is right in any number of
  processes. It reads consistently without a lock (the revision is read before and after
  the records: every change bumps it in the transaction that writes them).
- ``write(project, before, after, patch)`` reconciles the records by id with a change:
  it inserts, updates and deletes only the rows whose values differ, never clears and
  recreates. A record keeps its id and its row through renames, fixes and imports that
  keep the object. Called by ``designer.services.edits`` only, under the project's lock.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db import models as db_models

from . import models as records
from .operations.patch import COLLECTIONS, ROW_COLLECTIONS, Patch, Stale, row_data
from .operations.project import PROJECT_ATTRIBUTES
from .schema.design_file import (
    read_diagram_view,
    read_domain,
    read_query,
    read_sequence,
    read_sql_object,
)
from .schema.model import (
    Action,
    CheckConstraint,
    Column,
    ColumnType,
    Deferral,
    DiagramView,
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
    Suppression,
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
    """The project's schema as the pure model, in eleven queries whatever its size
    (the project's own settings are taken from ``project`` as it is)."""
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
    suppressions = records.Suppression.objects.filter(project=project).order_by("position")  # 11

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
                domain=QName(field.domain_schema, field.domain_name) if field.domain_name else None,
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
                CheckConstraint(str(check.id), check.expression, _none(check.name), check.not_valid)
                for check in checks_by_entity.get(entity.id, [])
            ),
            indexes=tuple(index(record) for record in indexes_by_entity.get(entity.id, [])),
            partition_by=_none(entity.partition_by),
            partition_of=(
                entity_names.get(entity.partition_parent) if entity.partition_parent else None
            ),
            partition_bound=_none(entity.partition_bound) if entity.partition_parent else None,
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
                not_valid=relationship.not_valid,
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
        review_profile=project.review_profile,
        suppressions=tuple(
            Suppression(item.rule, item.target, item.reason) for item in suppressions
        ),
        diagram_views=diagram_views_of(project),
        domains=tuple(read_domain(item) for item in project.domains or ()),
        sequences=tuple(read_sequence(item) for item in project.sequences or ()),
        sql_objects=tuple(read_sql_object(item) for item in project.sql_objects or ()),
        queries=tuple(read_query(item) for item in project.queries or ()),
    )


def diagram_views_of(project: records.Project) -> tuple[DiagramView, ...]:
    """The diagram views the project's row holds (no query: they are a column of it)."""
    return tuple(read_diagram_view(item) for item in project.diagram_views or ())


def field_type(field: records.Field) -> ColumnType:
    """A field record's column type (its enum type is read when it has one)."""
    enum = field.enum_type
    return ColumnType(
        base=field.data_type,
        length=field.length,
        precision=field.precision,
        scale=field.scale,
        array=field.is_array,
        enum=QName(enum.schema_name, enum.name) if enum else None,
        domain=QName(field.domain_schema, field.domain_name) if field.domain_name else None,
    )


# --- reading through the revision cache ---------------------------------------------------


class SchemaCache:
    """Schemas by (project id, revision), the most recently used kept (thread-safe).

    A revision's schema never changes, so an entry is right in every process; only a
    committed revision is put in (``designer.services.edits`` does it on commit).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int], Schema] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, project_id: Any, revision: int) -> Schema | None:
        key = (str(project_id), revision)
        with self._lock:
            schema = self._items.get(key)
            if schema is not None:
                self._items.move_to_end(key)
            return schema

    def put(self, project_id: Any, revision: int, schema: Schema) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[(str(project_id), revision)] = schema
            self._items.move_to_end((str(project_id), revision))
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def newest_before(self, project_id: Any, revision: int) -> tuple[int, Schema] | None:
        """The project's most recent cached revision older than ``revision``, if any."""
        project = str(project_id)
        with self._lock:
            older = [key[1] for key in self._items if key[0] == project and key[1] < revision]
            if not older:
                return None
            newest = max(older)
            return newest, self._items[(project, newest)]


schema_cache = SchemaCache(getattr(settings, "SCHEMA_CACHE_SIZE", 8))

# Bringing a cached schema forward costs one query and a patch per change; beyond this many
# changes, reading the records is as cheap.
CATCH_UP_LIMIT = 50


def cached_schema(project_id: Any, revision: int) -> Schema | None:
    """The schema at ``revision`` without reading the records: from the cache, or an older
    cached revision brought forward with the change log's patches (exact, see
    ``designer.operations.patch``; a change at or below a committed revision never changes).
    None when this process has no recent revision of the project.

    With several processes each change is made by one of them: the others catch up with the
    few patches since the revision they hold instead of reading every record again.
    """
    schema = schema_cache.get(project_id, revision)
    if schema is not None:
        return schema
    older = schema_cache.newest_before(project_id, revision)
    if older is None or revision - older[0] > CATCH_UP_LIMIT:
        return None
    start, schema = older
    try:
        for patch in logged_patches(project_id, range(start + 1, revision + 1)):
            schema = patch.apply(schema)
    except (Stale, KeyError):
        return None
    schema_cache.put(project_id, revision, schema)
    return schema


class PatchCache:
    """The change log's patches as read (``Patch.from_data``), by (project id, revision),
    the most recently used kept (thread-safe). A logged change never changes. Only small
    patches are kept (a field edit's, not an import's): the few objects a user edits."""

    SMALL = 20  # objects changed, at most

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int], Patch] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, project_id: Any, revision: int) -> Patch | None:
        with self._lock:
            patch = self._items.get((str(project_id), revision))
            if patch is not None:
                self._items.move_to_end((str(project_id), revision))
            return patch

    def put(self, project_id: Any, revision: int, patch: Patch) -> None:
        if sum(len(getattr(patch, name)) for name in COLLECTIONS) > self.SMALL:
            return
        with self._lock:
            self._items[(str(project_id), revision)] = patch
            while len(self._items) > self.size:
                self._items.popitem(last=False)


patch_cache = PatchCache(512)


def logged_patches(project_id: Any, revisions: Iterable[int]) -> list[Patch]:
    """The patches of the project's changes at ``revisions``, in that order: from the cache,
    the others read in one query. ``KeyError`` when one is not in the log."""
    wanted = list(revisions)
    found = {revision: patch_cache.get(project_id, revision) for revision in wanted}
    missing = [revision for revision, patch in found.items() if patch is None]
    if missing:
        rows = records.Change.objects.filter(project_id=project_id, revision__in=missing)
        for revision, data in rows.values_list("revision", "patch"):
            found[revision] = Patch.from_data(data)
            patch_cache.put(project_id, revision, found[revision])
    return [found[revision] for revision in wanted]  # KeyError: not logged


_PROJECT_FIELDS = ("revision", *PROJECT_ATTRIBUTES, *ROW_COLLECTIONS)


def _refresh(project: records.Project) -> int:
    """Read the project's row again (its revision and settings); the revision."""
    row = records.Project.objects.filter(pk=project.pk).values(*_PROJECT_FIELDS).first()
    if row is None:
        raise records.Project.DoesNotExist(f"the project {project.slug} was deleted")
    for name, value in row.items():
        setattr(project, name, value)
    return row["revision"]


def current_schema(project: records.Project, attempts: int = 5) -> Schema:
    """The project's schema at its latest revision (``project`` is refreshed to it).

    One query when the revision is cached; otherwise the records are read between two
    reads of the revision and read again if a change committed meanwhile.
    """
    revision = _refresh(project)
    for _ in range(attempts):
        cached = cached_schema(project.pk, revision)
        if cached is not None:
            return cached
        try:
            schema = load_schema(project)
        except KeyError:
            schema = None  # a row of a change committing meanwhile: read again
        again = _refresh(project)
        if schema is not None and again == revision:
            schema_cache.put(project.pk, revision, schema)
            return schema
        revision = again
    return load_locked(project)


def load_locked(project: records.Project) -> Schema:
    """The schema read under the project's row lock (consistent on every store)."""
    from django.db import transaction

    with transaction.atomic():
        records.Project.objects.select_for_update().filter(pk=project.pk).first()
        revision = _refresh(project)
        schema = load_schema(project)
    schema_cache.put(project.pk, revision, schema)
    return schema


# --- writing: reconcile the records with a change, by id ------------------------------------


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)


def _entity_row(table: Table, schema: Schema) -> dict[str, Any]:
    parent = schema.tables_by_name.get(table.partition_of) if table.partition_of else None
    return {
        "schema_name": table.schema,
        "name": table.name,
        "description": table.description,
        "timestamps": table.timestamps,
        "pk_name": _text(table.primary_key.name if table.primary_key else None),
        "partition_by": _text(table.partition_by),
        "partition_parent": _uuid(parent.id) if parent is not None else None,
        "partition_bound": _text(table.partition_bound),
    }


def _field_row(table: Table, column: Column, enum_ids: dict[QName, uuid.UUID]) -> dict[str, Any]:
    t, v = column.type, column.validation
    pk_columns = table.primary_key.columns if table.primary_key else ()
    return {
        "entity_id": _uuid(table.id),
        "name": column.name,
        "data_type": t.base,
        "length": t.length,
        "precision": t.precision,
        "scale": t.scale,
        "is_array": t.array,
        "enum_type_id": enum_ids[t.enum] if t.enum else None,
        "domain_schema": t.domain.schema if t.domain else "",
        "domain_name": t.domain.name if t.domain else "",
        "nullable": column.nullable,
        "default": _text(column.default),
        "generated": column.generated.value,
        "unique": column.unique,
        "primary_key": column.name in pk_columns,
        "pk_position": pk_columns.index(column.name) if column.name in pk_columns else 0,
        "check_expression": _text(column.check),
        "description": column.description,
        "sensitive": column.sensitive,
        "min_length": v.min_length,
        "max_length": v.max_length,
        "ge": _text(v.ge),
        "le": _text(v.le),
        "pattern": _text(v.pattern),
    }


def _unique_row(table: Table, unique: UniqueConstraint) -> dict[str, Any]:
    return {
        "entity_id": _uuid(table.id),
        "name": _text(unique.name),
        "nulls_not_distinct": unique.nulls_not_distinct,
    }


def _unique_children(ids: dict[str, uuid.UUID], unique: UniqueConstraint) -> tuple:
    """The field ids of a unique constraint (``ids``: its table's, by column name)."""
    return tuple(ids[name] for name in unique.columns)


def _check_row(table: Table, check: CheckConstraint) -> dict[str, Any]:
    return {
        "entity_id": _uuid(table.id),
        "name": _text(check.name),
        "expression": check.expression,
        "not_valid": check.not_valid,
    }


def _index_row(table: Table, index: Index) -> dict[str, Any]:
    return {
        "entity_id": _uuid(table.id),
        "name": _text(index.name),
        "unique": index.unique,
        "method": index.method.value,
        "where": _text(index.where),
        "rationale": index.rationale,
    }


def _index_children(ids: dict[str, uuid.UUID], index: Index) -> tuple:
    """The keys of an index (``ids``: its table's field ids, by column name)."""
    keys = tuple(
        (
            ids[element.column] if element.column else None,
            _text(element.expression) if not element.column else "",
            element.descending,
            element.nulls.value,
            _text(element.opclass),
            False,
        )
        for element in index.elements
    )
    return keys + tuple((ids[name], "", False, "", "", True) for name in index.include)


def _column_ids(table: Table) -> dict[str, uuid.UUID]:
    return {column.name: _uuid(column.id) for column in table.columns}


def _enum_row(enum: EnumType) -> dict[str, Any]:
    return {
        "schema_name": enum.schema,
        "name": enum.name,
        "values": list(enum.values),
        "description": enum.description,
    }


class _Writer:
    """Carries out the row writes of one change and counts them."""

    def __init__(self, project: records.Project) -> None:
        self.project = project
        self.rows = 0

    def reconcile(
        self,
        model: type[db_models.Model],
        old: dict[uuid.UUID, dict[str, Any]],
        new: dict[uuid.UUID, dict[str, Any]],
        extra: dict[str, Any] | None = None,
        unique_by: tuple[str, ...] = (),
        delete: bool = True,
    ) -> None:
        """Make the rows ``old`` (id -> values) into ``new``: delete, update, insert."""
        if delete:
            self.delete(model, [pk for pk in old if pk not in new])
        changed = {
            pk: {key: value for key, value in values.items() if old[pk].get(key) != value}
            for pk, values in new.items()
            if pk in old and old[pk] != values
        }
        if unique_by:
            self._free_names(model, old, changed, unique_by)
        self.update(model, changed)
        key = model._meta.pk.attname
        added = [
            {key: pk, **(extra or {}), **values} for pk, values in new.items() if pk not in old
        ]
        self.rows += insert_rows(model, added)

    def delete(self, model: type[db_models.Model], pks: list) -> None:
        for start in range(0, len(pks), BATCH):
            deleted, _ = model.objects.filter(pk__in=pks[start : start + BATCH]).delete()
            self.rows += deleted

    def _free_names(self, model, old, changed, unique_by) -> None:
        """Two rows swapping names would collide one at a time: park one first."""
        renamed = [pk for pk, values in changed.items() if "name" in values]
        if len(renamed) < 2:
            return
        old_keys = {tuple(old[pk][key] for key in unique_by): pk for pk in renamed}
        parked = {}
        for pk in renamed:
            key = tuple({**old[pk], **changed[pk]}[name] for name in unique_by)
            other = old_keys.get(key)
            if other is not None and other != pk:
                parked[other] = {"name": f"~{other}"}
        if parked:
            self.update(model, parked)

    def update(self, model, changed: dict[uuid.UUID, dict[str, Any]]) -> None:
        if not changed:
            return
        if len(changed) <= 8:
            for pk, values in changed.items():
                model.objects.filter(pk=pk).update(**values)
        else:
            by_fields: dict[tuple[str, ...], list] = defaultdict(list)
            for pk, values in changed.items():
                by_fields[tuple(sorted(values))].append(model(pk=pk, **values))
            for names, objects in by_fields.items():
                model.objects.bulk_update(objects, list(names), batch_size=500)
        self.rows += len(changed)

    def parts(self, model, parent: str, old: dict, new: dict, make) -> None:
        """Rewrite the part rows (index keys, constraint columns, column pairs) of the
        parents whose parts changed: parts have no identity of their own."""
        self.delete_parts(model, parent, [pk for pk in old if pk in new and old[pk] != new[pk]])
        rows = [
            make(pk, position, part)
            for pk, parts in new.items()
            if pk not in old or old[pk] != parts
            for position, part in enumerate(parts)
        ]
        self.rows += insert_rows(model, rows)

    def delete_parts(self, model, parent: str, pks: list) -> None:
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            deleted, _ = model.objects.filter(**{f"{parent}__in": chunk}).delete()
            self.rows += deleted


# Rows per INSERT (and ids per DELETE): a change writes a fixed number of queries per
# this many rows, and stays below the databases' limits on parameters per statement.
BATCH = 1000


def insert_rows(model: type[db_models.Model], rows: list[dict[str, Any]]) -> int:
    """Insert ``rows`` (field attribute name -> value; a field left out takes its
    default), BATCH rows per query; returns how many.

    What ``bulk_create`` does, without a model instance per row and Django's
    preparation of every value: only ids and JSON are converted for the database (by
    their fields), the rest are plain strings, numbers and booleans already. A big
    import writes two million values, and this takes a tenth of bulk_create's time.
    """
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if field is not model._meta.auto_field]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join("%s" for _ in fields)
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({placeholders})"
    makers = [_value_maker(field, connection) for field in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql, [[make(row) for make in makers] for row in rows[start : start + BATCH]]
            )
    return len(rows)


def _value_maker(field: db_models.Field, connection):
    """A function from a row (a dict) to the database's value of ``field``."""
    name = field.attname
    default = field.get_default if field.has_default() and callable(field.default) else None
    constant = None if default is not None else field.get_default()
    target = field.target_field if field.is_relation else field
    if isinstance(target, db_models.UUIDField) and not connection.features.has_native_uuid_field:

        def convert(value):  # as UUIDField.get_db_prep_value, for the values write makes
            return None if value is None else value.hex
    elif isinstance(target, db_models.JSONField):

        def convert(value):
            return None if value is None else field.get_db_prep_save(value, connection)
    else:

        def convert(value):
            return value

    def make(row: dict[str, Any]) -> Any:
        if name in row:
            return convert(row[name])
        return convert(default() if default is not None else constant)

    return make


def assign_positions(order: list[uuid.UUID], existing: dict[uuid.UUID, int]) -> dict:
    """Positions for the rows of ``order`` that keep rows in place where they can: the
    rows already there share out their own positions in the new order (a move writes
    the rows that moved, a deletion none), new rows go in the gaps or at the end; only
    when a gap is too small is everything renumbered."""
    kept = [pk for pk in order if pk in existing]
    slots = dict(zip(kept, sorted(existing[pk] for pk in kept), strict=True))
    result: dict[uuid.UUID, int] = {}
    previous, waiting = -1, []
    for pk in order:
        if pk not in slots:
            waiting.append(pk)
            continue
        position = slots[pk]
        if waiting:
            if position - previous - 1 < len(waiting):
                return {pk: n for n, pk in enumerate(order)}
            for n, new in enumerate(waiting, start=1):
                result[new] = previous + n
            waiting = []
        result[pk] = previous = position
    for n, new in enumerate(waiting, start=1):
        result[new] = previous + n
    return result


def _place(rows, before: list, after: list, old: dict, new: dict) -> None:
    """Add the position of every row whose position must change (or is new) to ``old``
    and ``new``, when the collection's order changed (one query for the positions, on
    the queryset ``rows()`` returns: made only when it is needed)."""
    order_before = [item.id for item in before]
    order_after = [item.id for item in after]
    if order_before == order_after:
        return
    existing = dict(rows().values_list("pk", "position")) if before else {}
    for pk, position in assign_positions([_uuid(i) for i in order_after], existing).items():
        if pk not in existing:
            new[pk]["position"] = position
        elif existing[pk] != position:
            old.setdefault(pk, {})["position"] = existing[pk]
            new.setdefault(pk, {})["position"] = position


def write(project: records.Project, before: Schema, after: Schema, patch: Patch) -> int:
    """Make the project's records hold ``after`` (they hold ``before``), writing only the
    rows ``patch`` changed. Returns the number of rows written.

    Order: new and changed enum types (columns refer to them); tables with their parts
    (dropping a field or a table cascades to the parts that name it); relationships
    (they refer to tables and fields); dropped enum types (PROTECTed while a column has
    them); the review's suppressions.
    """
    writer = _Writer(project)
    enums = _enum_rows(writer, before, after, patch)
    _write_tables(writer, before, after, patch)
    _write_relationships(writer, before, after, patch)
    if enums is not None:
        old, new = enums
        writer.delete(records.EnumType, [pk for pk in old if pk not in new])
    _write_suppressions(writer, patch)
    return writer.rows


def _enum_rows(writer: _Writer, before: Schema, after: Schema, patch: Patch):
    if before.enums == after.enums and not patch.enums:
        return None
    old = {_uuid(c.id): _enum_row(c.before) for c in patch.enums if c.before is not None}
    new = {_uuid(c.id): _enum_row(c.after) for c in patch.enums if c.after is not None}
    queryset = records.EnumType.objects.filter(project=writer.project)
    _place(lambda: queryset, before.enums, after.enums, old, new)
    # A dropped type waits for its columns to go (PROTECT); its name may be taken now.
    names = {(row["schema_name"], row["name"]) for row in new.values() if "name" in row}
    writer.update(
        records.EnumType,
        {
            pk: {"name": f"~{pk}"}
            for pk, row in old.items()
            if pk not in new and (row["schema_name"], row["name"]) in names
        },
    )
    writer.reconcile(
        records.EnumType,
        old,
        new,
        {"project_id": writer.project.pk},
        ("schema_name", "name"),
        False,
    )
    return old, new


def _write_tables(writer: _Writer, before: Schema, after: Schema, patch: Patch) -> None:
    if not patch.tables and _ids(before.tables) == _ids(after.tables):
        return
    old = {_uuid(c.id): _entity_row(c.before, before) for c in patch.tables if c.before is not None}
    new = {_uuid(c.id): _entity_row(c.after, after) for c in patch.tables if c.after is not None}
    _place(
        lambda: records.Entity.objects.filter(project=writer.project),
        before.tables,
        after.tables,
        old,
        new,
    )
    old_enums = {enum.qname: _uuid(enum.id) for enum in before.enums}
    new_enums = {enum.qname: _uuid(enum.id) for enum in after.enums}
    changed = _Parts(old_enums, new_enums)
    for change in patch.tables:
        if change.before is not None and change.after is not None:
            changed.add(change.before, change.after)
    changed.write(writer)
    writer.reconcile(
        records.Entity, old, new, {"project_id": writer.project.pk}, ("schema_name", "name")
    )
    added = _Parts(old_enums, new_enums)
    for change in patch.tables:
        if change.before is None:
            added.add(Table(change.id, "", ()), change.after)
    added.write(writer)


class _Parts:
    """The rows of the fields, constraints and indexes of many tables, gathered table
    by table and written together: a fixed number of queries per record type however
    many tables changed (a big import writes 100,000 fields in a few batched inserts)."""

    def __init__(self, old_enums: dict, new_enums: dict) -> None:
        self.enums = old_enums, new_enums
        self.fields: tuple[dict, dict] = ({}, {})
        # per record type: old rows, new rows, old parts, new parts
        self.rows: dict[type, tuple[dict, dict, dict, dict]] = {
            kind[0]: ({}, {}, {}, {}) for kind in _TABLE_PARTS
        }

    def add(self, before: Table, after: Table) -> None:
        """The rows of one table that differ between ``before`` and ``after``."""
        entity = _uuid(after.id)
        if before.columns != after.columns or before.primary_key != after.primary_key:
            old_enums, new_enums = self.enums
            old = {_uuid(c.id): _field_row(before, c, old_enums) for c in before.columns}
            new = {_uuid(c.id): _field_row(after, c, new_enums) for c in after.columns}
            old, new = _differing(old, new)
            _place(
                lambda: records.Field.objects.filter(entity_id=entity),
                before.columns,
                after.columns,
                old,
                new,
            )
            self.fields[0].update(old)
            self.fields[1].update(new)
        ids: dict[int, dict[str, uuid.UUID]] = {}  # each side's field ids, once
        for model, attribute, row, parts, _, _, _ in _TABLE_PARTS:
            old_items, new_items = getattr(before, attribute), getattr(after, attribute)
            if old_items == new_items and (parts is None or before.columns == after.columns):
                continue
            old = {_uuid(item.id): row(before, item) for item in old_items}
            new = {_uuid(item.id): row(after, item) for item in new_items}
            all_old, all_new, old_parts, new_parts = self.rows[model]
            if parts is not None:
                if not ids:
                    ids = {0: _column_ids(before), 1: _column_ids(after)}
                old_parts.update((_uuid(item.id), parts(ids[0], item)) for item in old_items)
                new_parts.update((_uuid(item.id), parts(ids[1], item)) for item in new_items)
            old, new = _differing(old, new)
            _place(
                lambda model=model: model.objects.filter(entity_id=entity),
                old_items,
                new_items,
                old,
                new,
            )
            all_old.update(old)
            all_new.update(new)

    def write(self, writer: _Writer) -> None:
        """Fields first (keys and index columns name them), then constraints and indexes."""
        writer.reconcile(records.Field, *self.fields, unique_by=("entity_id", "name"))
        for model, _, _, parts, part_model, parent, make in _TABLE_PARTS:
            old, new, old_parts, new_parts = self.rows[model]
            writer.reconcile(model, old, new)
            if parts is not None:
                writer.parts(part_model, parent, old_parts, new_parts, make)


def _differing(old: dict, new: dict) -> tuple[dict, dict]:
    """Only the rows that are added, dropped or different."""
    same = [pk for pk in old.keys() & new.keys() if old[pk] == new[pk]]
    for pk in same:
        del old[pk], new[pk]
    return old, new


def _index_column(index_id, position, part) -> dict[str, Any]:
    """An IndexColumn row."""
    field_id, expression, descending, nulls, opclass, included = part
    return {
        "index_id": index_id,
        "field_id": field_id,
        "expression": expression,
        "descending": descending,
        "nulls": nulls,
        "opclass": opclass,
        "included": included,
        "position": position,
    }


def _unique_column(constraint_id, position, field_id) -> dict[str, Any]:
    """A UniqueConstraintColumn row."""
    return {"constraint_id": constraint_id, "field_id": field_id, "position": position}


def _pair(relationship_id, position, part) -> dict[str, Any]:
    """A RelationshipColumn row."""
    from_field, to_field = part
    return {
        "relationship_id": relationship_id,
        "from_field_id": from_field,
        "to_field_id": to_field,
        "position": position,
    }


# The constraints and indexes of a table: the record type, the table's attribute, its
# row, its parts (key columns: the parts' row maker, record type and parent's name).
_TABLE_PARTS = (
    (records.UniqueConstraint, "uniques", _unique_row, _unique_children,
     records.UniqueConstraintColumn, "constraint", _unique_column),
    (records.CheckConstraint, "checks", _check_row, None, None, "", None),
    (records.Index, "indexes", _index_row, _index_children,
     records.IndexColumn, "index", _index_column),
)  # fmt: skip


def _foreign_key_row(entities: dict, relationship: Relationship) -> dict[str, Any]:
    return {
        "kind": relationship.kind.value,
        "from_entity_id": entities[relationship.from_table],
        "to_entity_id": entities[relationship.to_table],
        "junction_id": None,
        "name": _text(relationship.name),
        "on_delete": relationship.on_delete.value,
        "on_update": relationship.on_update.value,
        "deferral": relationship.deferral.value,
        "from_attribute": _text(relationship.from_attribute),
        "to_attribute": _text(relationship.to_attribute),
        "not_valid": relationship.not_valid,
    }


def _link_row(entities: dict, m2m: ManyToMany) -> dict[str, Any]:
    return {
        "kind": records.Relationship.Kind.MANY_TO_MANY.value,
        "from_entity_id": entities[m2m.left],
        "to_entity_id": entities[m2m.right],
        "junction_id": entities[m2m.through],
        "name": "",
        "on_delete": Action.NO_ACTION.value,
        "on_update": Action.NO_ACTION.value,
        "deferral": "",
        "from_attribute": _text(m2m.left_attribute),
        "to_attribute": _text(m2m.right_attribute),
        "not_valid": False,
    }


def _pairs(column_ids: _ColumnIds, relationship: Relationship) -> tuple:
    source = column_ids[relationship.from_table]
    target = column_ids[relationship.to_table]
    return tuple(
        (source[a], target[b])
        for a, b in zip(relationship.from_columns, relationship.to_columns, strict=True)
    )


class _ColumnIds(dict):
    """The records' ids of the columns of a schema's tables, by table name, worked out
    once per table when first asked for."""

    def __init__(self, schema: Schema) -> None:
        super().__init__()
        self.schema = schema

    def __missing__(self, name: QName) -> dict[str, uuid.UUID]:
        self[name] = _column_ids(self.schema.table(name))
        return self[name]


class _EntityIds(dict):
    """The records' ids of a schema's tables by name, worked out when first asked for."""

    def __init__(self, schema: Schema) -> None:
        super().__init__()
        self.schema = schema

    def __missing__(self, name: QName) -> uuid.UUID:
        self[name] = _uuid(self.schema.table(name).id)
        return self[name]


def _write_relationships(writer: _Writer, before: Schema, after: Schema, patch: Patch) -> None:
    """Foreign keys and many-to-many links (one record type, two orders)."""
    if not (patch.relationships or patch.many_to_many or patch.tables):
        return
    # A table's change can change the column pairs of a relationship whose object is
    # equal (a dropped and re-added column): compare the pairs of those too.
    rows: list[dict] = [{}, {}]
    parts: list[dict] = [{}, {}]
    for side, schema in enumerate((before, after)):
        entities, column_ids = _EntityIds(schema), _ColumnIds(schema)
        near: dict[str, Relationship] = {}  # (the schema's indexes by table, not a scan)
        for change in patch.tables:
            if (table := (change.before, change.after)[side]) is not None:
                for relationship in (
                    *schema.relationships_from(table.qname),
                    *schema.relationships_to(table.qname),
                ):
                    near[relationship.id] = relationship
        for change in patch.relationships:
            if (relationship := (change.before, change.after)[side]) is not None:
                near[relationship.id] = relationship
        for relationship in near.values():
            pk = _uuid(relationship.id)
            rows[side][pk] = _foreign_key_row(entities, relationship)
            parts[side][pk] = _pairs(column_ids, relationship)
        for change in patch.many_to_many:
            link = (change.before, change.after)[side]
            if link is not None:
                rows[side][_uuid(change.id)] = _link_row(entities, link)
    old, new = _differing(*rows)
    old_parts, new_parts = parts
    queryset = records.Relationship.objects.filter(project=writer.project)
    many = records.Relationship.Kind.MANY_TO_MANY
    _place(lambda: queryset.exclude(kind=many), before.relationships, after.relationships, old, new)
    _place(lambda: queryset.filter(kind=many), before.many_to_many, after.many_to_many, old, new)
    writer.reconcile(records.Relationship, old, new, {"project_id": writer.project.pk})
    writer.parts(records.RelationshipColumn, "relationship", old_parts, new_parts, _pair)


def _ids(items) -> list[str]:
    return [item.id for item in items]


def _write_suppressions(writer: _Writer, patch: Patch) -> None:
    for attribute, _, after in patch.settings:
        if attribute != "suppressions":
            continue
        existing = {
            (row.rule, row.target): row
            for row in records.Suppression.objects.filter(project=writer.project)
        }
        wanted = {(item.rule, item.target): (n, item) for n, item in enumerate(after)}
        writer.delete(
            records.Suppression, [row.pk for key, row in existing.items() if key not in wanted]
        )
        for key, (position, item) in wanted.items():
            row = existing.get(key)
            if row is None:
                records.Suppression.objects.create(
                    project=writer.project,
                    rule=item.rule,
                    target=item.target,
                    reason=item.reason,
                    position=position,
                )
                writer.rows += 1
            elif (row.reason, row.position) != (item.reason, position):
                records.Suppression.objects.filter(pk=row.pk).update(
                    reason=item.reason, position=position
                )
                writer.rows += 1


# The project row's columns that a change sets: its settings, the diagram views, domains,
# sequences and SQL objects (in the design file's form), written with the revision in the
# row's one update.
PROJECT_SETTINGS = (*PROJECT_ATTRIBUTES, *ROW_COLLECTIONS)


def _column_value(value: Any) -> Any:
    if isinstance(value, KeyStrategy):
        return value.value
    if isinstance(value, tuple):
        return [row_data(item) for item in value]
    return value


def settings_values(patch: Patch) -> dict[str, Any]:
    """The project row's columns a change sets (its settings, as the row holds them)."""
    return {
        attribute: _column_value(after)
        for attribute, _, after in patch.settings
        if attribute in PROJECT_SETTINGS
    }


def _ids_by_record_type(schema: Schema) -> dict[type[db_models.Model], list[str]]:
    """The schema's ids by the record type that would hold them."""
    tables = schema.tables
    return {
        records.EnumType: [enum.id for enum in schema.enums],
        records.Entity: [table.id for table in tables],
        records.Field: [column.id for table in tables for column in table.columns],
        records.UniqueConstraint: [unique.id for table in tables for unique in table.uniques],
        records.CheckConstraint: [check.id for table in tables for check in table.checks],
        records.Index: [index.id for table in tables for index in table.indexes],
        records.Relationship: [
            *(relationship.id for relationship in schema.relationships),
            *(link.id for link in schema.many_to_many),
        ],
    }


def ids_in_use(schema: Schema, *, exclude: records.Project | None = None) -> bool:
    """Whether any of the schema's ids is already the id of a record of its type in
    another project (records of different types never share a table, so their ids
    cannot clash). One query per record type and BATCH ids."""
    for model, ids in _ids_by_record_type(schema).items():
        rows = model.objects.all()
        if exclude is not None:
            project_path = "project" if hasattr(model, "project") else "entity__project"
            rows = rows.exclude(**{project_path: exclude})
        for start in range(0, len(ids), BATCH):
            wanted = [_uuid(identifier) for identifier in ids[start : start + BATCH]]
            if rows.filter(pk__in=wanted).exists():
                return True
    return False
