"""Fitting an imported schema to what the designer holds, all or nothing.

PostgreSQL's parser takes more than the designer's model (``designer.schema.validation``)
holds: ``CREATE TABLE t ()``, a gin index on an integer column without ``btree_gin``,
``varchar(10485761)``, ``timestamp(7)``, a foreign key between types that cannot be
compared, a check that reads another table, an empty enum type, a comment of a megabyte.
Most of these PostgreSQL itself would refuse when the script runs; a few it accepts.
Decided once, here, for every importer (the SQL importer, and the live one through it):

- what PostgreSQL repairs itself is repaired the same way, with a warning:
  ``timestamp(7)`` is ``timestamp(6)`` (PostgreSQL reduces the precision and warns);
- otherwise the smallest part a problem is about is left out and listed in the
  summary with the reason, so the preview shows it before anything is saved: first
  the parts inside a table (a column's default, check, identity, uniqueness or comment,
  a check or unique constraint, an index, the primary key, the table's comment), then
  a column with whatever reads it, then the whole table; enum types before the tables,
  foreign keys and many-to-many links after them;
- what is still refused after that (two tables sharing an index's name, say) refuses
  the whole import with the first problem: nothing is half imported.

A part goes only when the problems of its table without it are a strict subset of the
problems with it: leaving it out must settle something and break nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from designer.schema import builtins
from designer.schema.model import (
    EnumType,
    Generated,
    ManyToMany,
    ObjectKind,
    QName,
    Relationship,
    Schema,
    SqlObject,
    Table,
)
from designer.schema.types import TYPES, Params
from designer.schema.validation import MAX_FRACTIONAL_PRECISION, Problem, Scope, validate

from .summary import ImportFailure, ImportSummary

Problems = frozenset[Problem]


@dataclass(frozen=True)
class _Part:
    """Something inside a table that can be left out: its summary kind and label, and
    the table without it."""

    kind: str
    label: str
    without: Callable[[Table], Table]


def fit(schema: Schema, summary: ImportSummary) -> Schema:
    """``schema`` as the designer can hold it; what was left out is in ``summary``.

    ``ImportFailure`` when leaving parts out cannot make it valid."""
    if not validate(schema):
        return schema  # the usual case: one validation, as before
    schema = _repair_types(schema, summary)
    schema = _fit_extensions(schema, summary)
    schema = _fit_enums(schema, summary)
    schema = _fit_tables(schema, summary)
    schema = _fit_relationships(schema, summary)
    if problems := validate(schema):
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ImportFailure(f"the designer cannot hold this schema: {problems[0]}{more}")
    return schema


# --- what PostgreSQL repairs itself ------------------------------------------------------


def _repair_types(schema: Schema, summary: ImportSummary) -> Schema:
    tables = []
    for table in schema.tables:
        columns = []
        for column in table.columns:
            info = TYPES.get(column.type.base)
            precision = column.type.precision
            if (
                info is not None
                and info.params is Params.FRACTIONAL_SECONDS
                and precision is not None
                and precision > MAX_FRACTIONAL_PRECISION
            ):
                summary.warn(
                    f"{table.qname}.{column.name}: {info.sql}({precision}) reduced to "
                    f"{info.sql}({MAX_FRACTIONAL_PRECISION}), as PostgreSQL does"
                )
                column_type = replace(column.type, precision=MAX_FRACTIONAL_PRECISION)
                column = replace(column, type=column_type)
            columns.append(column)
        tables.append(replace(table, columns=tuple(columns)))
    return replace(schema, tables=tuple(tables))


# --- extensions ------------------------------------------------------------------------


def _fit_extensions(schema: Schema, summary: ImportSummary) -> Schema:
    """The extensions PostgreSQL ships, each after those it needs (added when missing,
    as ``CREATE EXTENSION … CASCADE`` would); any other (postgis, say) is left out, and
    what uses it goes with it when the tables are fitted."""
    kept: list[str] = []

    def keep(name: str) -> None:
        for needed in builtins.EXTENSIONS[name]:
            if needed not in kept:
                if needed not in schema.extensions:
                    summary.warn(f"extension {needed} added: {name} needs it")
                keep(needed)
        if name not in kept:
            kept.append(name)

    for name in schema.extensions:
        if name in builtins.EXTENSIONS:
            keep(name)
        elif name not in kept:
            summary.skip("extension", f"{name} (it does not come with PostgreSQL)")
    if tuple(kept) == schema.extensions:
        return schema
    return replace(schema, extensions=tuple(kept))


# --- enum types ------------------------------------------------------------------------


def _fit_enums(schema: Schema, summary: ImportSummary) -> Schema:
    kept = []
    for enum in schema.enums:
        problems = validate(Schema(enums=(enum,)))
        if problems:
            summary.skip("type", f"{enum.qname} ({problems[0].message})")
        else:
            kept.append(enum)
    return replace(schema, enums=tuple(kept))


# --- tables ----------------------------------------------------------------------------


def _table_problems(schema: Schema, table: Table) -> Problems:
    """The problems of ``table`` alone (with the enum types it uses and the foreign keys
    declared on it, whose names share its constraints' namespace)."""
    used = {column.type.enum for column in table.columns if column.type.enum is not None}
    enums: dict[QName, EnumType] = {}
    for enum in schema.enums:
        if enum.qname in used:
            enums.setdefault(enum.qname, enum)
    parent = schema.tables_by_name.get(table.partition_of) if table.partition_of else None
    alone = Schema(
        enums=tuple(enums.values()),
        extensions=schema.extensions,
        tables=(table,) if parent is None or parent is table else (table, parent),
        relationships=schema.relationships_from(table.qname),
        domains=schema.domains,
        sql_objects=_routines(schema),
    )
    return frozenset(validate(alone, Scope(tables=frozenset({table.id}))))


def _routines(schema: Schema) -> tuple[SqlObject, ...]:
    """The functions kept as SQL, which defaults, checks and indexes may call."""
    kinds = {ObjectKind.FUNCTION, ObjectKind.PROCEDURE, ObjectKind.AGGREGATE, ObjectKind.TYPE}
    return tuple(item for item in schema.sql_objects if item.kind in kinds)


def _parts(table: Table) -> Iterator[_Part]:
    """What can be left out of ``table``, the smallest first."""
    where = str(table.qname)

    def column_change(name: str, **changes: object) -> Callable[[Table], Table]:
        def without(t: Table) -> Table:
            columns = tuple(replace(c, **changes) if c.name == name else c for c in t.columns)
            return replace(t, columns=columns)

        return without

    for column in table.columns:
        at = f"{where}.{column.name}"
        if column.default is not None:
            yield _Part("default", at, column_change(column.name, default=None))
        if column.check is not None:
            yield _Part(
                "check constraint", f"check on {at}", column_change(column.name, check=None)
            )
        if column.generated is not Generated.NONE:
            yield _Part(
                "column option",
                f"{at} {column.generated.value}",
                column_change(column.name, generated=Generated.NONE),
            )
        if column.unique:
            yield _Part("unique constraint", at, column_change(column.name, unique=False))
        if column.description:
            yield _Part("description", at, column_change(column.name, description=""))
    for check in table.checks:
        yield _Part(
            "check constraint",
            f"{where}.{check.name or 'check'}",
            lambda t, item=check: replace(t, checks=tuple(c for c in t.checks if c != item)),
        )
    for unique in table.uniques:
        yield _Part(
            "unique constraint",
            f"{where}.{unique.name or ', '.join(unique.columns)}",
            lambda t, item=unique: replace(t, uniques=tuple(u for u in t.uniques if u != item)),
        )
    for index in table.indexes:
        yield _Part(
            "index",
            f"{index.name or 'index'} on {where}",
            lambda t, item=index: replace(t, indexes=tuple(i for i in t.indexes if i != item)),
        )
    if table.primary_key is not None:
        label = f"{where}.{table.primary_key.name or 'primary key'}"
        yield _Part("primary key", label, lambda t: replace(t, primary_key=None))
    if table.description:
        yield _Part("description", where, lambda t: replace(t, description=""))


Dropped = list[tuple[str, str]]  # (summary kind, "label (reason)")


def _drop_parts(
    schema: Schema, table: Table, problems: Problems
) -> tuple[Table, Problems, Dropped]:
    """``table`` without each part whose leaving out settles a problem and breaks nothing."""
    dropped: Dropped = []
    for part in list(_parts(table)):
        if not problems:
            break
        candidate = part.without(table)
        after = _table_problems(schema, candidate)
        if after < problems:
            reason = min(problems - after, key=str).message
            dropped.append((part.kind, f"{part.label} ({reason})"))
            table, problems = candidate, after
    return table, problems, dropped


def _fit_table(schema: Schema, table: Table, summary: ImportSummary) -> Table | None:
    problems = _table_problems(schema, table)
    if not problems:
        return table
    table, problems, dropped = _drop_parts(schema, table, problems)
    for column in table.columns:
        if not problems:
            break
        narrower = replace(table, columns=tuple(c for c in table.columns if c is not column))
        # What read the column goes with it (an index on it, a check naming it).
        narrower, after, with_it = _drop_parts(schema, narrower, _table_problems(schema, narrower))
        if after < problems:
            reason = min(problems - after, key=str).message
            dropped.append(("column", f"{table.qname}.{column.name} ({reason})"))
            dropped += with_it
            table, problems = narrower, after
    for kind, label in dropped:
        summary.skip(kind, label)
    if problems:
        summary.skip("table", f"{table.qname} ({min(problems, key=str).message})")
        return None
    return table


def _fit_tables(schema: Schema, summary: ImportSummary) -> Schema:
    tables = []
    for table in schema.tables:
        fitted = _fit_table(schema, table, summary)
        if fitted is not None:
            tables.append(fitted)
    return replace(schema, tables=tuple(tables))


# --- foreign keys and many-to-many links -------------------------------------------------


def _around(schema: Schema, names: set[QName], relationships: tuple[Relationship, ...]) -> Schema:
    tables = tuple(table for table in schema.tables if table.qname in names)
    used = {c.type.enum for t in tables for c in t.columns if c.type.enum is not None}
    return Schema(
        enums=tuple(enum for enum in schema.enums if enum.qname in used),
        extensions=schema.extensions,
        tables=tables,
        relationships=relationships,
        domains=schema.domains,
        sql_objects=_routines(schema),
    )


def _new_problem(schema: Schema, scope: Scope, before: Schema) -> Problem | None:
    """A problem of ``schema`` (in ``scope``) that ``before`` does not have."""
    known = set(validate(before, Scope()))
    new = [problem for problem in validate(schema, scope) if problem not in known]
    return min(new, key=str) if new else None


def _fit_relationships(schema: Schema, summary: ImportSummary) -> Schema:
    kept: list[Relationship] = []
    for relationship in schema.relationships:
        names = {relationship.from_table, relationship.to_table}
        if problem := _new_problem(
            _around(schema, names, (relationship,)),
            Scope(relationships=frozenset({relationship.id})),
            _around(schema, names, ()),
        ):
            label = (
                relationship.name
                or f"{relationship.from_table}({', '.join(relationship.from_columns)})"
            )
            summary.skip("foreign key", f"{label} ({problem.message})")
        else:
            kept.append(relationship)
    schema = replace(schema, relationships=tuple(kept))
    links: list[ManyToMany] = []
    for link in schema.many_to_many:
        names = {link.left, link.right, link.through}
        around = _around(schema, names, schema.relationships_from(link.through))
        if problem := _new_problem(
            replace(around, many_to_many=(link,)),
            Scope(many_to_many=frozenset({link.id})),
            around,
        ):
            summary.warn(
                f"{link.through} is imported as a plain table, not a many-to-many link "
                f"between {link.left} and {link.right} ({problem.message})"
            )
        else:
            links.append(link)
    return replace(schema, many_to_many=tuple(links))
