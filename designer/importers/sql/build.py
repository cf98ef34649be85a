"""From the drafts of a whole script to the pure schema model, in small steps.

1. keep the chosen PostgreSQL schemas (all by default);
2. resolve column types: enums, domains (a column of a domain names it, and repeats
   its type), and drop columns of types the model lacks;
3. turn ``nextval`` defaults of exactly the sequence ``serial`` makes into serial
   columns, and keep every other sequence with its options;
4. recognise the ``updated_at`` trigger convention;
5. drop, and list, whatever refers to something that is gone (a key on a dropped
   column, a foreign key to a view);
6. write the expressions back as SQL and assemble the ``Schema`` with new ids, the
   objects kept as SQL described last (``kept``).
Each step that loses something lists it in the summary.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from designer.schema.model import (
    CheckConstraint,
    Column,
    Domain,
    EnumType,
    Generated,
    Index,
    IndexElement,
    KeyStrategy,
    ManyToMany,
    PrimaryKey,
    QName,
    Relationship,
    RelationshipKind,
    Schema,
    Sequence,
    Table,
    UniqueConstraint,
)
from designer.schema.naming import trim_identifier
from designer.schema.types import TYPES, Category

from .draft import (
    DraftColumn,
    DraftIndex,
    Drafts,
    DraftSequence,
    DraftTable,
    DraftType,
)
from .kept import sql_objects
from .routines import sets_updated_at
from .sequences import nextval_sequence
from .tables import index_columns
from .tree import Node, column_references, write_back
from .typenames import resolve_type

_INTEGERS = frozenset({"smallint", "integer", "bigint"})
_TIMESTAMPS = frozenset({"timestamp", "timestamptz"})


def build(drafts: Drafts, *, name: str, schemas: Collection[str] | None = None) -> Schema:
    """The schema the drafts describe; what it cannot hold is listed in the summary."""
    _keep_schemas(drafts, schemas)
    _resolve_types(drafts)
    _serial_columns(drafts)
    timestamps = _recognise_timestamps(drafts)
    _drop_broken_references(drafts)
    _empty_schemas(drafts, schemas)
    return _assemble(drafts, name, timestamps, schemas)


def _keep_schemas(drafts: Drafts, schemas: Collection[str] | None) -> None:
    if schemas is None:
        return
    for qname in [qname for qname in drafts.tables if qname.schema not in schemas]:
        del drafts.tables[qname]
        drafts.others[qname] = "table"
        drafts.summary.skip("table", f"{qname} (schema {qname.schema} not chosen)")
    used = {
        column.type.name
        for table in drafts.tables.values()
        for column in table.columns.values()
        if column.type.name is not None
    }
    for qname in [q for q in drafts.enums if q.schema not in schemas and q not in used]:
        del drafts.enums[qname]
        drafts.summary.skip("type", f"{qname} (schema {qname.schema} not chosen)")
    for qname in [q for q in drafts.domains if q.schema not in schemas and q not in used]:
        del drafts.domains[qname]
        drafts.summary.skip("domain", f"{qname} (schema {qname.schema} not chosen)")
    for qname in [q for q in drafts.sequences if q.schema not in schemas]:
        del drafts.sequences[qname]
        drafts.summary.skip("sequence", f"{qname} (schema {qname.schema} not chosen)")


def _empty_schemas(drafts: Drafts, schemas: Collection[str] | None) -> None:
    """Schemas the script creates (and the caller chose) that end up holding nothing."""
    kept = {qname.schema for qname in drafts.tables} | {qname.schema for qname in drafts.enums}
    kept |= {qname.schema for qname in (*drafts.domains, *drafts.sequences)}
    kept |= {schema for schema in drafts.schemas if ("comment", "schema", schema) in drafts.objects}
    kept |= {part.schema for key in drafts.objects for part in key if isinstance(part, QName)}
    for schema in sorted(drafts.schemas - kept - {"public"}):
        if schemas is None or schema in schemas:
            drafts.summary.skip("schema", schema)


# --- 2. types ---------------------------------------------------------------------------


def _resolve_types(drafts: Drafts) -> None:
    for table in drafts.tables.values():
        for column in list(table.columns.values()):
            resolved = resolve_type(column.type, drafts)
            if resolved is None:
                del table.columns[column.name]
                label = f"{table.qname}.{column.name} (type {column.type.text or '?'})"
                drafts.summary.skip("column", label)
                continue
            column.type = DraftType(resolved, text=column.type.text, serial=column.type.serial)


# --- 3. sequences -------------------------------------------------------------------------


def _expected_sequence(table: QName, column: str) -> QName:
    return QName(table.schema, trim_identifier(f"{table.name}_{column}_seq"))


def _serial_sequence(
    sequence: DraftSequence, table: QName, column: DraftColumn, users: int
) -> bool:
    """Whether a sequence is exactly what ``serial`` makes for the column: its name,
    owned by the column, of its type, with the default options, used by it alone."""
    column_type = column.type.known
    return (
        users == 1
        and sequence.qname == _expected_sequence(table, column.name)
        and sequence.owner in {None, (table, column.name)}
        and column_type is not None
        and column_type.base in _INTEGERS
        and not column_type.array
        and column_type.domain is None
        and not column.nullable
        and (sequence.data_type or "bigint") == column_type.base  # (bigint when not written)
        and sequence.start in {None, 1}
        and sequence.increment == 1
        and sequence.min_value in {None, 1}
        and sequence.max_value in {None, _MAX_VALUES.get(sequence.data_type or "bigint")}
        and sequence.cache == 1
        and not sequence.cycle
    )


_MAX_VALUES = {"smallint": 32767, "integer": 2147483647, "bigint": 9223372036854775807}


def _serial_columns(drafts: Drafts) -> None:
    users: dict[QName, int] = {}
    drawing: list[tuple[DraftTable, DraftColumn, QName]] = []
    for table in drafts.tables.values():
        for column in table.columns.values():
            expected = _expected_sequence(table.qname, column.name)
            if column.generated in {Generated.IDENTITY_ALWAYS, Generated.IDENTITY_BY_DEFAULT}:
                if column.identity_sequence not in {None, expected}:
                    label = f"{column.identity_sequence} (now {expected.name})"
                    drafts.summary.skip("sequence option", label)
                continue
            names = nextval_sequence(column.default)
            if names is None:
                continue
            sequence = drafts.find(names, drafts.sequences)
            if sequence not in drafts.sequences:
                where = f"{table.qname}.{column.name}"
                drafts.summary.skip("default", f"{where} (nextval of {sequence}, not in the file)")
                column.default = None
                continue
            users[sequence] = users.get(sequence, 0) + 1
            drawing.append((table, column, sequence))
    for table, column, qname in drawing:
        sequence = drafts.sequences.get(qname)
        if sequence is not None and _serial_sequence(sequence, table.qname, column, users[qname]):
            column.generated = Generated.SERIAL
            column.default = None
            del drafts.sequences[qname]  # serial makes it


# --- 4. the updated_at convention -------------------------------------------------------


def _recognise_timestamps(drafts: Drafts) -> set[QName]:
    convention = {f.qname for f in drafts.functions.values() if sets_updated_at(f)}
    tables: set[QName] = set()
    used: set[QName] = set()
    recognised = []
    for trigger in drafts.triggers:
        table = drafts.tables.get(trigger.table)
        if table is None:  # its table was skipped and listed
            if drafts.objects.pop(trigger.key, None) is not None:
                label = f"{trigger.name} on {trigger.table} (its table is not imported)"
                drafts.summary.skip("trigger", label)
            continue
        updated_at = table.columns.get("updated_at")
        if (
            trigger.plain_before_update
            and trigger.function in convention
            and trigger.table not in tables
            and updated_at is not None
            and updated_at.type.known is not None
            and updated_at.type.known.base in _TIMESTAMPS
        ):
            tables.add(trigger.table)
            used.add(trigger.function)
            recognised.append(trigger)
    for trigger in recognised:
        drafts.objects.pop(trigger.key, None)  # the generators write their own
    for function in drafts.functions.values():
        # (kept when a trigger kept as SQL executes it too)
        if function.qname in used and not any(
            trigger.function == function.qname and trigger.key in drafts.objects
            for trigger in drafts.triggers
        ):
            drafts.objects.pop(function.key, None)
    return tables


# --- 5. references --------------------------------------------------------------------------


def _drop_broken_references(drafts: Drafts) -> None:
    for table in drafts.tables.values():
        _table_references(table, drafts)
    for table in drafts.tables.values():
        _foreign_keys(table, drafts)
        if table.partition_of is not None and table.partition_of not in drafts.tables:
            label = f"{table.qname} (partition of {table.partition_of}, which is not imported)"
            drafts.summary.skip("partition", label)
            table.partition_of = table.partition_bound = None


def _expression_problem(expression: Node | None, columns: set[str]) -> str | None:
    """Why an expression cannot come along, or None when it can. (One that calls a
    function of the script comes along: the function is kept as SQL.)"""
    if expression is None:
        return None
    if not column_references(expression) <= columns:
        return "reads a column that is not imported"
    if write_back(expression) is None:
        return "cannot be written back as one SQL expression"
    return None


def _table_references(table: DraftTable, drafts: Drafts) -> None:
    columns = set(table.columns)
    skip = drafts.summary.skip

    def problem(expression: Node | None) -> str | None:
        return _expression_problem(expression, columns)

    for column in table.columns.values():
        where = f"{table.qname}.{column.name}"
        if reason := problem(column.default):
            skip("default", f"{where} ({reason})")
            column.default = None
        if reason := problem(column.check):
            skip("check constraint", f"check on {where} ({reason})")
            column.check = None
    key = table.primary_key
    if key is not None and not set(key.columns) <= columns:
        skip("primary key", f"{table.qname}.{key.name or 'primary key'}")
        table.primary_key = None
    for unique in list(table.uniques):
        if not set(unique.columns) <= columns:
            skip("unique constraint", f"{table.qname}.{unique.name or ', '.join(unique.columns)}")
            table.uniques.remove(unique)
    _drop_repeated_keys(table, drafts)
    for check in list(table.checks):
        if reason := problem(check.expression):
            skip("check constraint", f"{table.qname}.{check.name or 'check'} ({reason})")
            table.checks.remove(check)
    for index in list(table.indexes):
        reasons = [problem(key.expression) for key in index.keys] + [problem(index.where)]
        if not index_columns(index) <= columns:
            reasons.append("reads a column that is not imported")
        if reason := next((reason for reason in reasons if reason), None):
            skip("index", f"{index.name or 'index'} on {table.qname} ({reason})")
            table.indexes.remove(index)


def _drop_repeated_keys(table: DraftTable, drafts: Drafts) -> None:
    """Unique constraints that repeat the primary key or an earlier unique constraint
    (same columns, same order, same NULLS treatment): one CREATE TABLE cannot hold both,
    PostgreSQL keeps one index per key there, so the model keeps the first."""
    seen = {(table.primary_key.columns, False)} if table.primary_key else set()
    for column in table.columns.values():
        if column.unique and ((column.name,), False) in seen:
            column.unique = False
            drafts.summary.skip("unique constraint", f"{table.qname}.{column.name} (repeats a key)")
        elif column.unique:
            seen.add(((column.name,), False))
    for unique in list(table.uniques):
        key = (unique.columns, unique.nulls_not_distinct)
        if key in seen:
            table.uniques.remove(unique)
            name = unique.name or ", ".join(unique.columns)
            drafts.summary.skip("unique constraint", f"{table.qname}.{name} (repeats a key)")
        seen.add(key)


def _unique_sets(table: DraftTable) -> list[frozenset[str]]:
    """Column sets a foreign key may reference (and that make a relationship 1:1)."""
    sets = [frozenset({c.name}) for c in table.columns.values() if c.unique]
    if table.primary_key is not None:
        sets.append(frozenset(table.primary_key.columns))
    sets += [frozenset(key.columns) for key in table.uniques]
    sets += [
        frozenset(str(key.column) for key in index.keys)
        for index in table.indexes
        if index.unique and index.where is None and all(key.column for key in index.keys)
    ]
    return sets


def _foreign_keys(table: DraftTable, drafts: Drafts) -> None:
    for foreign_key in list(table.foreign_keys):
        label = f"{table.qname}.{foreign_key.name or ', '.join(foreign_key.columns)}"
        target = drafts.tables.get(foreign_key.target)
        if target is None:
            if foreign_key.target not in drafts.others:
                label += f" (to {foreign_key.target}, which is not imported)"
            drafts.summary.skip("foreign key", label)
            table.foreign_keys.remove(foreign_key)
            continue
        if not foreign_key.target_columns and target.primary_key is not None:
            foreign_key.target_columns = target.primary_key.columns
        if (
            not set(foreign_key.columns) <= set(table.columns)
            or frozenset(foreign_key.target_columns) not in _unique_sets(target)
            or len(foreign_key.columns) != len(foreign_key.target_columns)
        ):
            drafts.summary.skip("foreign key", label)
            table.foreign_keys.remove(foreign_key)


# --- 6. the schema ------------------------------------------------------------------------------


def _new_id() -> str:
    return str(uuid.uuid4())


def _text(expression: Node | None) -> str | None:
    return write_back(expression) if expression is not None else None


def _column(column: DraftColumn) -> Column:
    column_type = column.type.known
    assert column_type is not None  # columns of unknown types were dropped in step 2
    return Column(
        id=_new_id(),
        name=column.name,
        type=column_type,
        nullable=column.nullable,
        default=_text(column.default) if column.generated is Generated.NONE else None,
        generated=column.generated,
        unique=column.unique,
        check=_text(column.check),
        description=column.description,
    )


def _index(index: DraftIndex) -> Index:
    return Index(
        id=_new_id(),
        elements=tuple(
            IndexElement(
                column=key.column,
                expression=_text(key.expression),
                descending=key.descending,
                nulls=key.nulls,
                opclass=key.opclass,
            )
            for key in index.keys
        ),
        name=index.name,
        unique=index.unique,
        method=index.method,
        where=_text(index.where),
        include=index.include,
        rationale=index.rationale,
    )


def _table(table: DraftTable, timestamps: bool) -> Table:
    key = table.primary_key
    return Table(
        id=_new_id(),
        name=table.qname.name,
        schema=table.qname.schema,
        columns=tuple(_column(column) for column in table.columns.values()),
        description=table.description,
        timestamps=timestamps,
        primary_key=PrimaryKey(key.columns, key.name) if key else None,
        uniques=tuple(
            UniqueConstraint(_new_id(), key.columns, key.name, key.nulls_not_distinct)
            for key in table.uniques
        ),
        checks=tuple(
            CheckConstraint(_new_id(), str(_text(check.expression)), check.name, check.not_valid)
            for check in table.checks
        ),
        indexes=tuple(_index(index) for index in table.indexes),
        partition_by=table.partition_by,
        partition_of=table.partition_of,
        partition_bound=table.partition_bound,
    )


def _relationships(drafts: Drafts) -> list[Relationship]:
    result = []
    for table in drafts.tables.values():
        unique_sets = _unique_sets(table)
        for foreign_key in table.foreign_keys:
            one_to_one = frozenset(foreign_key.columns) in unique_sets
            kind = RelationshipKind.ONE_TO_ONE if one_to_one else RelationshipKind.ONE_TO_MANY
            result.append(
                Relationship(
                    id=_new_id(),
                    from_table=table.qname,
                    from_columns=foreign_key.columns,
                    to_table=foreign_key.target,
                    to_columns=foreign_key.target_columns,
                    name=foreign_key.name,
                    kind=kind,
                    on_delete=foreign_key.on_delete,
                    on_update=foreign_key.on_update,
                    deferral=foreign_key.deferral,
                    not_valid=foreign_key.not_valid,
                )
            )
    return result


def _many_to_many(tables: list[Table], relationships: list[Relationship]) -> list[ManyToMany]:
    """Junction tables: a primary key made of exactly two foreign keys to two tables."""
    outgoing: dict[QName, list[Relationship]] = {}
    for relationship in relationships:
        outgoing.setdefault(relationship.from_table, []).append(relationship)
    result = []
    for table in tables:
        qname = table.qname
        keys = outgoing.get(qname, [])
        if table.primary_key is None or len(keys) != 2:
            continue
        first, second = keys
        if (
            sorted(first.from_columns + second.from_columns) == sorted(table.primary_key.columns)
            and first.to_table != second.to_table
            and qname not in {first.to_table, second.to_table}
        ):
            result.append(ManyToMany(_new_id(), first.to_table, second.to_table, qname))
    return result


def _key_strategy(tables: list[Table]) -> KeyStrategy:
    """UUID unless most single-column primary keys are integers."""
    types = [
        table.column(table.primary_key.columns[0]).type
        for table in tables
        if table.primary_key is not None and len(table.primary_key.columns) == 1
    ]
    integers = sum(TYPES[t.base].category is Category.INTEGER for t in types if t.base in TYPES)
    uuids = sum(t.base == "uuid" for t in types)
    return KeyStrategy.IDENTITY if integers > uuids else KeyStrategy.UUID


def _enums(drafts: Drafts) -> list[EnumType]:
    return [
        EnumType(_new_id(), e.qname.name, tuple(e.values), e.qname.schema, e.description)
        for e in drafts.enums.values()
    ]


def _domains(drafts: Drafts) -> list[Domain]:
    result = []
    for domain in drafts.domains.values():
        column_type = resolve_type(domain.type, drafts)
        if column_type is None:
            drafts.summary.skip("domain", f"{domain.qname} (type {domain.type.text or '?'})")
            continue
        checks = []
        for check in domain.checks:
            text = _text(check.expression)
            if text is None:
                drafts.summary.skip("check constraint", f"check of domain {domain.qname}")
                continue
            checks.append(CheckConstraint(_new_id(), text, check.name, check.not_valid))
        result.append(
            Domain(
                id=_new_id(),
                name=domain.qname.name,
                type=column_type,
                schema=domain.qname.schema,
                nullable=not domain.not_null,
                default=_text(domain.default),
                checks=tuple(checks),
                description=domain.description,
            )
        )
    return result


def _sequences(drafts: Drafts, tables: list[Table]) -> list[Sequence]:
    columns = {(table.qname, column.name) for table in tables for column in table.columns}
    result = []
    for sequence in drafts.sequences.values():
        owner = sequence.owner
        if owner is not None and owner not in columns:
            label = f"{sequence.qname} (OWNED BY {owner[0]}.{owner[1]}, which is not imported)"
            drafts.summary.skip("sequence option", label)
            owner = None
        result.append(
            Sequence(
                id=_new_id(),
                name=sequence.qname.name,
                schema=sequence.qname.schema,
                data_type=sequence.data_type or "bigint",
                start=sequence.start,
                increment=sequence.increment,
                min_value=sequence.min_value,
                max_value=sequence.max_value,
                cache=sequence.cache,
                cycle=sequence.cycle,
                owned_by=owner,
                description=sequence.description,
            )
        )
    return result


def _assemble(
    drafts: Drafts, name: str, timestamps: set[QName], schemas: Collection[str] | None
) -> Schema:
    tables = [_table(table, table.qname in timestamps) for table in drafts.tables.values()]
    relationships = _relationships(drafts)
    return Schema(
        name=name,
        description="",
        key_strategy=_key_strategy(tables),
        timestamps_default=bool(timestamps),
        extensions=tuple(drafts.extensions),
        enums=tuple(_enums(drafts)),
        tables=tuple(tables),
        relationships=tuple(relationships),
        many_to_many=tuple(_many_to_many(tables, relationships)),
        domains=tuple(_domains(drafts)),
        sequences=tuple(_sequences(drafts, tables)),
        sql_objects=tuple(sql_objects(drafts, tuple(tables), schemas)),
    )
