"""Comparing an original database with the one built from its import, through catalogs.

``expected_catalog(original)`` turns the original database's catalog into what the
model can hold, by rules read from the original catalog alone — never from the
importer's output, so an importer that dropped something quietly would still be caught:

- partitions and tables that inherit are left out (the partitioned parent stays);
- a domain column has the domain's base type, its NOT NULL, its default and its checks
  (``VALUE`` read as the column);
- a generated column is a plain column; NOT VALID, MATCH FULL and ``SET NULL (cols)``
  are gone from constraint definitions; exclusion constraints are left out;
- a unique constraint repeating the primary key or another unique key is left out;
- columns of types the model lacks are left out with the keys and indexes using them;
- defaults, checks and indexes calling the database's own functions are left out;
- triggers are left out, except the ``updated_at`` convention (a BEFORE UPDATE row
  trigger whose PL/pgSQL function only sets ``NEW.updated_at``), which reads as the one
  the DDL generator writes;
- indexes of views and materialized views are left out.

``assert_same_catalogs(expected, exported)`` then compares everything but names, and
names too, except where the original's name is one PostgreSQL chose
(``<table>_..._pkey`` ...) and the export's one the project's convention chose.
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict

from designer.generators.ddl import TRIGGER_FUNCTION
from designer.schema.sqltext import quote_ident
from tests.support.catalog import Catalog

_SUPPORTED_TYPE = re.compile(
    r"""(?:smallint|integer|bigint|numeric(?:\(\d+(?:,\d+)?\))?|real|double\ precision|money
    |boolean|character\ varying(?:\(\d+\))?|character(?:\(\d+\))?|text|date
    |time(?:\(\d\))?\ with(?:out)?\ time\ zone|timestamp(?:\(\d\))?\ with(?:out)?\ time\ zone
    |interval(?:\(\d\))?|json|jsonb|bytea|inet|cidr|macaddr|bit(?:\(\d+\))?
    |bit\ varying(?:\(\d+\))?|tsvector|xml|uuid)(?:\[\])?""",
    re.VERBOSE,
)
_CONVENTION_BODY = re.compile(
    r"\s*begin\s+new\.updated_at\s*:?=\s*(?:now\(\)|current_timestamp)\s*;"
    r"\s*return\s+new\s*;\s*end\s*;?\s*",
    re.IGNORECASE,
)
_IDENT = r'(?:"(?:[^"]|"")*"|[^."\s(]+)'
_TRIGGER = re.compile(
    rf"CREATE TRIGGER BEFORE UPDATE ON .+? FOR EACH ROW EXECUTE FUNCTION "
    rf"(?:({_IDENT})\.)?({_IDENT})\(\)"
)
_NEXTVAL = re.compile(r"nextval\('[^']+'::regclass\)")
_PG_CHOSEN = re.compile(r"_(?:pkey|key|fkey|check|idx|excl)\d*$")
_CONVENTION = re.compile(r"^(?:pk|uq|ck|fk|ix)_")

# --- the original, as the model can hold it --------------------------------------------


def expected_catalog(original: Catalog) -> Catalog:
    catalog = copy.deepcopy(original)
    _drop_tables(catalog, catalog.partitions | catalog.inheritors)
    _drop_indexes_of_non_tables(catalog)
    _domains_to_base_types(catalog)
    _generated_to_plain(catalog)
    _plain_constraint_definitions(catalog)
    _drop_repeated_keys(catalog)
    _drop_unsupported_columns(catalog)
    _drop_uses_of_own_functions(catalog)
    _convention_triggers_only(catalog)
    return catalog


def _drop_tables(catalog: Catalog, tables: set[tuple[str, str]]) -> None:
    for key in tables:
        catalog.tables.pop(key, None)
    for collection in (catalog.constraints, catalog.indexes, catalog.triggers, catalog.comments):
        for key in [key for key in collection if key[:2] in tables]:
            del collection[key]


def _drop_indexes_of_non_tables(catalog: Catalog) -> None:
    for key in [key for key in catalog.indexes if key[:2] not in catalog.tables]:
        del catalog.indexes[key]


def _replace_column(table: tuple[str, str], catalog: Catalog, index: int, **changes) -> None:
    fields = ("name", "type", "not_null", "default", "identity", "generated")
    columns = list(catalog.tables[table])
    column = dict(zip(fields, columns[index], strict=True))
    column.update(changes)
    columns[index] = tuple(column[name] for name in fields)
    catalog.tables[table] = tuple(columns)


def _domains_to_base_types(catalog: Catalog) -> None:
    for table, columns in list(catalog.tables.items()):
        for position, (name, type_name, not_null, default, *_) in enumerate(columns):
            if type_name not in catalog.domains:
                continue
            checks = []
            while type_name in catalog.domains:
                base, domain_not_null, domain_default, domain_checks = catalog.domains[type_name]
                not_null = not_null or domain_not_null
                default = default if default is not None else domain_default
                checks += domain_checks
                type_name = base
            _replace_column(table, catalog, position, type=type_name, not_null=not_null,
                            default=default)  # fmt: skip
            for number, check in enumerate(checks):
                definition = re.sub(r"\bVALUE\b", quote_ident(name), check)
                catalog.constraints[(*table, f"{table[1]}_{name}_check{number or ''}")] = (
                    "c",
                    definition,
                )


def _generated_to_plain(catalog: Catalog) -> None:
    for table, columns in list(catalog.tables.items()):
        for position, column in enumerate(columns):
            if column[5]:
                _replace_column(table, catalog, position, default=None, generated="")


def _plain_constraint_definitions(catalog: Catalog) -> None:
    for key, (kind, definition) in list(catalog.constraints.items()):
        if kind == "x":
            del catalog.constraints[key]
            continue
        definition = definition.replace(" NOT VALID", "").replace(" MATCH FULL", "")
        definition = re.sub(r" ON DELETE SET NULL \([^)]*\)", " ON DELETE SET NULL", definition)
        catalog.constraints[key] = (kind, definition)


def _drop_repeated_keys(catalog: Catalog) -> None:
    """A unique constraint with the same columns as the primary key or another unique
    constraint: one CREATE TABLE cannot hold both (the primary key, then the
    alphabetically first unique constraint is kept)."""
    seen: set[tuple[str, str, str]] = set()
    order = {"p": 0, "u": 1}
    keys = [key for key, (kind, _) in catalog.constraints.items() if kind in order]
    for key in sorted(keys, key=lambda k: (order[catalog.constraints[k][0]], k)):
        definition = catalog.constraints[key][1]
        columns = definition.removeprefix("PRIMARY KEY ").removeprefix("UNIQUE ")
        if (*key[:2], columns) in seen:
            del catalog.constraints[key]
        seen.add((*key[:2], columns))


def _mentions(definition: str, column: str) -> bool:
    return (
        re.search(rf"(?<![\w\"]){re.escape(quote_ident(column))}(?![\w\"])", definition) is not None
    )


def _enum_spellings(catalog: Catalog) -> set[str]:
    spellings = set()
    for schema, name in catalog.enums:
        spellings |= {quote_ident(name), f"{quote_ident(schema)}.{quote_ident(name)}"}
    return spellings | {f"{spelling}[]" for spelling in spellings}


def _drop_unsupported_columns(catalog: Catalog) -> None:
    enums = _enum_spellings(catalog)
    for table, columns in list(catalog.tables.items()):
        gone = [
            column[0]
            for column in columns
            if column[1] not in enums and not _SUPPORTED_TYPE.fullmatch(column[1])
        ]
        if not gone:
            continue
        catalog.tables[table] = tuple(column for column in columns if column[0] not in gone)
        for collection in (catalog.constraints, catalog.indexes):
            for key in [k for k in collection if k[:2] == table]:
                definition = (
                    collection[key][1] if collection is catalog.constraints else collection[key]
                )
                if any(_mentions(definition, column) for column in gone):
                    del collection[key]
        for column in gone:
            catalog.comments.pop((*table, column), None)


def _calls(definition: str | None, functions: set[str]) -> bool:
    if definition is None:
        return False
    return any(re.search(rf"(?<![\w\"]){re.escape(f)}\(", definition) for f in functions)


def _drop_uses_of_own_functions(catalog: Catalog) -> None:
    functions = {quote_ident(name) for _, name in catalog.functions}
    for table, columns in list(catalog.tables.items()):
        for position, column in enumerate(columns):
            if _calls(column[3], functions):
                _replace_column(table, catalog, position, default=None)
    for key in [k for k, (_, d) in catalog.constraints.items() if _calls(d, functions)]:
        del catalog.constraints[key]
    for key in [k for k, d in catalog.indexes.items() if _calls(d, functions)]:
        del catalog.indexes[key]


def _unquote(identifier: str) -> str:
    if identifier.startswith('"'):
        return identifier[1:-1].replace('""', '"')
    return identifier


def _convention_triggers_only(catalog: Catalog) -> None:
    kept: set[tuple[str, str]] = set()
    for key, definition in sorted(catalog.triggers.items()):
        match = _TRIGGER.fullmatch(definition)
        table = key[:2]
        columns = {column[0]: column for column in catalog.tables.get(table, ())}
        function = None
        if match:
            schema, name = (_unquote(match.group(1) or "public"), _unquote(match.group(2)))
            function = catalog.functions.get((schema, name))
        if (
            function is not None
            and function[0] == "plpgsql"
            and _CONVENTION_BODY.fullmatch(re.sub(r"--[^\n]*", "", function[1]))
            and "updated_at" in columns
            and columns["updated_at"][1].startswith("timestamp")
            and table not in kept
        ):
            kept.add(table)
            catalog.triggers[key] = definition[
                : match.start(2) if match.group(2) else match.start(3)
            ]
            catalog.triggers[key] += f"{TRIGGER_FUNCTION}()"
        else:
            del catalog.triggers[key]


# --- comparing -----------------------------------------------------------------------------


def comparable(catalog: Catalog) -> dict:
    """The catalog without names, sequence names read as "a sequence"."""
    shape = catalog.without_names()
    shape["tables"] = {
        table: tuple(
            (name, type_name, not_null, _NEXTVAL.sub("nextval(<sequence>)", d) if d else d, *rest)
            for name, type_name, not_null, d, *rest in columns
        )
        for table, columns in shape["tables"].items()
    }
    return shape


def _names_by_definition(items: dict) -> dict[tuple, Counter]:
    grouped: dict[tuple, Counter] = defaultdict(Counter)
    for (schema, table, name), value in items.items():
        grouped[(schema, table, value)][name] += 1
    return grouped


def name_differences(expected: Catalog, exported: Catalog) -> list[str]:
    """Names that differ other than a PostgreSQL-chosen name becoming a convention name."""
    problems = []
    for what in ("constraints", "indexes"):
        before = _names_by_definition(getattr(expected, what))
        after = _names_by_definition(getattr(exported, what))
        for key in set(before) | set(after):
            lost = before.get(key, Counter()) - after.get(key, Counter())
            new = after.get(key, Counter()) - before.get(key, Counter())
            if any(not _PG_CHOSEN.search(name) for name in lost) or any(
                not _CONVENTION.match(name) for name in new
            ):
                problems.append(f"{what} {key}: {sorted(lost)} became {sorted(new)}")
    return sorted(problems)


def differences(expected: Catalog, exported: Catalog) -> list[str]:
    """What differs, one line per object: empty when the catalogs match."""
    want, got = comparable(expected), comparable(exported)
    lines = []
    for part, before in want.items():
        after = got[part]
        if isinstance(before, Counter):
            lines += [f"{part}: only expected {key}" for key in before - after]
            lines += [f"{part}: only exported {key}" for key in after - before]
        else:
            for key in sorted(set(before) | set(after), key=str):
                if before.get(key) != after.get(key):
                    lines.append(f"{part} {key}: {before.get(key)} became {after.get(key)}")
    return lines + name_differences(expected, exported)


def assert_same_catalogs(expected: Catalog, exported: Catalog) -> None:
    problems = differences(expected, exported)
    assert not problems, "\n".join(problems)
