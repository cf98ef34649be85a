"""Comparing an original database with the one built from its import, through catalogs.

The whole catalog is compared (``Catalog.whole()``): tables, columns, constraints,
indexes, triggers, comments on every object, enum, composite and range types, domains,
sequences with their options and owners, views and materialized views, functions,
procedures and aggregates, partitioning, column and table options, policies, rules,
schemas and extensions.

``expected_catalog(original)`` lowers the original database's catalog to what the model
still does not carry, by rules read from the original catalog alone — never from the
importer's output, so an importer that dropped something quietly would still be caught.
Each rule says why it is still there:

- tables that inherit from another (``INHERITS``) are left out: the model has no table
  inheritance (declarative partitions it has);
- a generated column (``GENERATED ALWAYS AS (…) STORED``) is a plain column: the model has
  no generation expression;
- ``MATCH FULL`` and ``ON DELETE SET NULL (columns)`` are gone from foreign keys: the
  model's ``Relationship`` holds neither;
- exclusion constraints are left out: the model has none;
- a unique constraint repeating the primary key or another unique key is left out: one
  table of the model holds one key per column list;
- columns of types the model lacks (``point``, a composite type...) are left out, with
  the keys, indexes, comments and options using them;
- an identity column's sequence has the name PostgreSQL chooses for it: the model holds
  the identity, not its sequence's name;
- an ``updated_at`` trigger of the convention (a BEFORE UPDATE row trigger whose
  PL/pgSQL function only sets ``NEW.updated_at``) reads as the one the DDL generator
  writes, and its function (when no other trigger calls it) as the generator's
  ``TRIGGER_FUNCTION``: the model holds the table's ``timestamps`` flag, not the
  original trigger, function and names.

Everything else — domains, partitions, NOT VALID, sequences (their names included),
views, materialized views and their indexes, functions, triggers, comments, options,
policies, rules, types — must come back as it was.

``assert_same_catalogs(expected, exported)`` then compares everything, one line per
difference, and names too, except where the original's name is one PostgreSQL chose
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
_PG_CHOSEN = re.compile(r"_(?:pkey|key|fkey|check|idx|excl)\d*$")
_CONVENTION = re.compile(r"^(?:pk|uq|ck|fk|ix)_")
_TABLE_KEYED = (
    "tables",
    "constraints",
    "indexes",
    "triggers",
    "comments",
    "column_options",
    "table_options",
    "partitioning",
    "policies",
    "rules",
)

# --- the original, as the model can hold it --------------------------------------------


def expected_catalog(original: Catalog) -> Catalog:
    catalog = copy.deepcopy(original)
    _drop_tables(catalog, catalog.inheritors)
    _generated_to_plain(catalog)
    _plain_constraint_definitions(catalog)
    _drop_repeated_keys(catalog)
    _drop_unsupported_columns(catalog)
    _convention_triggers(catalog)
    _identity_sequence_names(catalog)
    return catalog


def _drop_tables(catalog: Catalog, tables: set[tuple[str, str]]) -> None:
    for part in _TABLE_KEYED:
        collection = getattr(catalog, part)
        for key in [key for key in collection if key[:2] in tables]:
            del collection[key]
    for key, facts in list(catalog.sequences.items()):
        if len(facts) > 5 and facts[5] is not None and (key[0], facts[5]) in tables:
            del catalog.sequences[key]


def _replace_column(table: tuple[str, str], catalog: Catalog, index: int, **changes) -> None:
    fields = ("name", "type", "not_null", "default", "identity", "generated")
    columns = list(catalog.tables[table])
    column = dict(zip(fields, columns[index], strict=True))
    column.update(changes)
    columns[index] = tuple(column[name] for name in fields)
    catalog.tables[table] = tuple(columns)


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
        definition = definition.replace(" MATCH FULL", "")
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


def _type_spellings(catalog: Catalog) -> set[str]:
    """Enum and domain names as ``format_type`` may write them (with and without their
    schema), arrays of them too. A domain counts when its base type is supported."""
    spellings = set()
    for schema, name in catalog.enums:
        spellings |= {quote_ident(name), f"{quote_ident(schema)}.{quote_ident(name)}"}
    for (schema, name), (base, *_) in catalog.domain_details.items():
        if _SUPPORTED_TYPE.fullmatch(base) or base in spellings:
            spellings |= {quote_ident(name), f"{quote_ident(schema)}.{quote_ident(name)}"}
    return spellings | {f"{spelling}[]" for spelling in spellings}


def _drop_unsupported_columns(catalog: Catalog) -> None:
    known = _type_spellings(catalog)
    for table, columns in list(catalog.tables.items()):
        gone = [
            column[0]
            for column in columns
            if column[1] not in known and not _SUPPORTED_TYPE.fullmatch(column[1])
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
            catalog.column_options.pop((*table, column), None)


def _unquote(identifier: str) -> str:
    if identifier.startswith('"'):
        return identifier[1:-1].replace('""', '"')
    return identifier


# An exported routine that may have any definition: the DDL generator's own function.
GENERATOR_FUNCTION = ("f", "<the DDL generator's updated_at function>")


def _convention_triggers(catalog: Catalog) -> None:
    """The first ``updated_at`` trigger of the convention on a table reads as the DDL
    generator's (its function, ``TRIGGER_FUNCTION``); every other trigger stays. The
    original function goes with the triggers when no other trigger calls it, and the
    generator's function takes its place."""
    kept: set[tuple[str, str]] = set()
    replaced: set[tuple[str, str]] = set()
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
            replaced.add((schema, name))
            catalog.triggers[key] = definition[: match.start(2)] + f"{TRIGGER_FUNCTION}()"
    still_called = {
        (_unquote(m.group(1) or "public"), _unquote(m.group(2)))
        for definition in catalog.triggers.values()
        if not definition.endswith(f"{TRIGGER_FUNCTION}()")
        for m in re.finditer(rf"EXECUTE FUNCTION (?:({_IDENT})\.)?({_IDENT})\(", definition)
    }
    for schema, name in replaced:
        if (schema, name) not in still_called:
            catalog.routines.pop(f"{schema}.{name}()", None)
        catalog.routines[f"{schema}.{TRIGGER_FUNCTION}()"] = GENERATOR_FUNCTION


def _identity_sequence_names(catalog: Catalog) -> None:
    """An identity column's sequence takes the name PostgreSQL chooses when the column
    is created (``<table>_<column>_seq``): the model holds an identity, not its sequence's
    name (a table renamed since keeps the old one, e.g. graphile_worker's
    ``jobs_id_seq1``; the import's summary lists it as a skipped sequence option)."""
    for key, facts in list(catalog.sequences.items()):
        if len(facts) > 7 and facts[7] == "i":
            name = f"{facts[5]}_{facts[6]}_seq"
            if name != key[1] and (key[0], name) not in catalog.sequences:
                catalog.sequences[(key[0], name)] = catalog.sequences.pop(key)


# --- comparing -----------------------------------------------------------------------------


def comparable(catalog: Catalog) -> dict:
    """The whole catalog, constraints, indexes and triggers without their names."""
    return catalog.whole()


def _names_by_definition(items: dict) -> dict[tuple, Counter]:
    grouped: dict[tuple, Counter] = defaultdict(Counter)
    for (schema, table, name), value in items.items():
        grouped[(schema, table, value)][name] += 1
    return grouped


def _domain_check_names(catalog: Catalog) -> dict[tuple, str]:
    return {
        (schema, domain, definition): name
        for (schema, domain), facts in catalog.domain_details.items()
        for name, definition in facts[-1]
    }


def _renamed(lost: Counter, new: Counter, convention=None) -> bool:
    """Whether names changed other than a PostgreSQL-chosen one becoming a convention one
    (or, for triggers, the convention's ``updated_at`` trigger)."""
    return any(not _PG_CHOSEN.search(name) for name in lost) or any(
        not (convention or _CONVENTION.match)(name) for name in new
    )


def name_differences(expected: Catalog, exported: Catalog) -> list[str]:
    """Names that differ other than a PostgreSQL-chosen name becoming a convention name."""
    problems = []
    for what in ("constraints", "indexes", "triggers"):
        before = _names_by_definition(getattr(expected, what))
        after = _names_by_definition(getattr(exported, what))
        for key in set(before) | set(after):
            lost = before.get(key, Counter()) - after.get(key, Counter())
            new = after.get(key, Counter()) - before.get(key, Counter())
            if what == "triggers" and key[2].endswith(f"{TRIGGER_FUNCTION}()"):
                continue  # the convention's trigger: the generator names it
            # a definition on one side only is a difference of its own, said once above
            if lost and new and _renamed(lost, new):
                problems.append(f"{what} {key}: {sorted(lost)} became {sorted(new)}")
    # domain checks: compared without names in ``domains``; their names here
    before, after = _domain_check_names(expected), _domain_check_names(exported)
    for key in set(before) & set(after):
        if before[key] != after[key] and _renamed(Counter([before[key]]), Counter([after[key]])):
            problems.append(f"domain check {key}: {before[key]!r} became {after[key]!r}")
    return sorted(problems)


def _without_check_names(shape: dict) -> dict:
    shape["domains"] = {
        key: (*facts[:-1], tuple(sorted(definition for _, definition in facts[-1])))
        for key, facts in shape["domains"].items()
    }
    return shape


def _short(value, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def _changed(before, after) -> str:
    """``before became after``, around the first difference when both are long."""
    if repr(before) == repr(after) or len(repr(before)) + len(repr(after)) <= 240:
        return f"{before!r} became {after!r}"
    first, second = repr(before), repr(after)
    at = next(
        (i for i, (x, y) in enumerate(zip(first, second, strict=False)) if x != y),
        min(len(first), len(second)),
    )
    start = max(0, at - 40)
    return f"...{first[start : at + 60]!s}... became ...{second[start : at + 60]!s}..."


def _table_differences(key, before: tuple, after: tuple) -> list[str]:
    """A line per column that differs, is missing or is new (and for the order)."""
    columns_before = {column[0]: column for column in before}
    columns_after = {column[0]: column for column in after}
    lines = []
    for name in [*columns_before, *(c for c in columns_after if c not in columns_before)]:
        if name not in columns_after:
            missing = _short(columns_before[name])
            lines.append(f"tables {key} column {name!r}: missing ({missing})")
        elif name not in columns_before:
            extra = _short(columns_after[name])
            lines.append(f"tables {key} column {name!r}: not expected ({extra})")
        elif columns_before[name] != columns_after[name]:
            change = _changed(columns_before[name][1:], columns_after[name][1:])
            lines.append(f"tables {key} column {name!r}: {change}")
    if not lines and before != after:
        lines.append(f"tables {key}: columns in another order: {[c[0] for c in after]}")
    return lines


def differences(expected: Catalog, exported: Catalog) -> list[str]:
    """What differs, one line per object: empty when the catalogs match."""
    want = _without_check_names(comparable(expected))
    got = _without_check_names(comparable(exported))
    lines = []
    for part, before in want.items():
        after = got[part]
        if isinstance(before, Counter):
            lines += [f"{part}: only expected {key}" for key in sorted(before - after, key=str)]
            lines += [f"{part}: only exported {key}" for key in sorted(after - before, key=str)]
            continue
        for key in sorted(set(before) | set(after), key=str):
            if key not in after:
                lines.append(f"{part} {key}: missing (expected {_short(before[key])})")
            elif key not in before:
                lines.append(f"{part} {key}: not expected ({_short(after[key])})")
            elif before[key] != after[key] and part == "tables":
                lines += _table_differences(key, before[key], after[key])
            elif before[key] != after[key] and before[key] is not GENERATOR_FUNCTION:
                lines.append(f"{part} {key}: {_changed(before[key], after[key])}")
    return lines + name_differences(expected, exported)


def assert_same_catalogs(expected: Catalog, exported: Catalog) -> None:
    problems = differences(expected, exported)
    assert not problems, "\n".join(problems)
