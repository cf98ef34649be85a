"""What a PostgreSQL server says about the registry's types: the source of
``designer.schema.builtins``, and the test that the module still says the same.

Everything is asked of the server by trying it (in a transaction that is rolled back):
which operator classes an index on a column of each type accepts, which casts exist
between the types (and which are immutable, and which apply to a column's DEFAULT),
and which functions are never immutable or never scalar (aggregates, window and
set-returning functions).

``python -m tests.support.pg_builtins URL`` prints the data part of the module.
"""

from __future__ import annotations

import sys
import textwrap
from dataclasses import dataclass

import psycopg

from designer.schema.types import TYPES

METHODS = ("btree", "hash", "gin", "gist", "brin", "spgist")
# The extensions whose operator classes and functions the designer knows of.
EXTENSIONS = (
    "pg_trgm", "btree_gist", "btree_gin", "uuid-ossp", "pgcrypto", "unaccent", "citext", "hstore",
)  # fmt: skip
ENUM = "enum"


def _sql_types() -> dict[str, str]:
    types = {key: info.sql for key, info in TYPES.items()}
    types[ENUM] = "probe_enum"
    return types


@dataclass(frozen=True)
class Builtins:
    version: int
    # method -> operator class -> (accepted type keys, "name[]" for arrays; extension)
    operator_classes: dict[str, dict[str, tuple[tuple[str, ...], str]]]
    # source type -> target types of an explicit cast that is immutable / that is not
    immutable_casts: dict[str, tuple[str, ...]]
    other_casts: dict[str, tuple[str, ...]]
    # source type -> target types a column DEFAULT of the source type may have
    assignable: dict[str, tuple[str, ...]]
    not_immutable: tuple[str, ...]
    not_scalar: tuple[str, ...]
    # functions with immutable and other forms (the designer tells them apart by hand)
    mixed: tuple[str, ...]
    # the names of the types a cast may name: pg_catalog's, and the extensions' (by name)
    type_names: tuple[str, ...]
    extension_types: dict[str, str]
    # every function a call may name: pg_catalog's, and the extensions' (by name)
    function_names: tuple[str, ...]
    extension_functions: dict[str, str]
    # registry type -> the functions all of whose forms return it
    function_results: dict[str, tuple[str, ...]]
    text_search_configurations: tuple[str, ...]
    # the extensions a stock server has, with those each needs created first
    extensions: dict[str, tuple[str, ...]]


def _try(conn: psycopg.Connection, sql: str) -> str:
    """'ok' or the SQLSTATE class name of the error, the statement undone either way."""
    conn.execute("SAVEPOINT probe")
    try:
        conn.execute(sql)  # type: ignore[arg-type]
        outcome = "ok"
    except psycopg.Error as error:
        outcome = type(error).__name__
    conn.execute("ROLLBACK TO SAVEPOINT probe")
    return outcome


def probe(url: str) -> Builtins:
    with psycopg.connect(url, autocommit=True) as conn:
        version = conn.info.server_version // 10000
        conn.execute("BEGIN")
        try:
            return _probe(conn, version)
        finally:
            conn.execute("ROLLBACK")


# Extensions of other packages that ``make test`` installs for tests of their own
# (hypopg, for the live EXPLAIN's hypothetical indexes): not PostgreSQL's contrib, so not
# the schema model's list of what a server ships with.
NOT_CONTRIB = frozenset({"hypopg"})


def _extensions(conn: psycopg.Connection) -> dict[str, tuple[str, ...]]:
    rows = conn.execute(
        """
        SELECT v.name, coalesce(v.requires, '{}')
        FROM pg_available_extension_versions v
        JOIN pg_available_extensions e ON e.name = v.name AND e.default_version = v.version
        ORDER BY 1
        """
    ).fetchall()
    return {name: tuple(requires) for name, requires in rows if name not in NOT_CONTRIB}


def _probe(conn: psycopg.Connection, version: int) -> Builtins:
    extensions = _extensions(conn)
    for extension in EXTENSIONS:
        conn.execute(f'CREATE EXTENSION IF NOT EXISTS "{extension}"')  # type: ignore[arg-type]
    conn.execute("CREATE TYPE probe_enum AS ENUM ('a')")
    types = _sql_types()
    columns = [(key, False) for key in types] + [(key, True) for key in types]
    definitions = ", ".join(
        f"c{number} {types[key]}{'[]' if array else ''}"
        for number, (key, array) in enumerate(columns)
    )
    conn.execute(f"CREATE TABLE probe ({definitions})")  # type: ignore[arg-type]
    return Builtins(
        version=version,
        extensions=extensions,
        operator_classes=_operator_classes(conn, columns),
        **_casts(conn, types),
        **_functions(conn),
    )


def _operator_classes(conn, columns) -> dict[str, dict[str, tuple[tuple[str, ...], str]]]:
    rows = conn.execute(
        """
        SELECT am.amname, opc.opcname, coalesce(x.extname, '')
        FROM pg_opclass opc
        JOIN pg_am am ON am.oid = opc.opcmethod
        LEFT JOIN pg_depend d ON d.classid = 'pg_opclass'::regclass AND d.objid = opc.oid
            AND d.deptype = 'e'
        LEFT JOIN pg_extension x ON x.oid = d.refobjid
        WHERE am.amname = ANY(%s)
        ORDER BY 1, 2
        """,
        (list(METHODS),),
    ).fetchall()
    found: dict[str, dict[str, tuple[tuple[str, ...], str]]] = {}
    for method, opclass, extension in rows:
        accepted = tuple(
            f"{key}[]" if array else key
            for number, (key, array) in enumerate(columns)
            if _try(conn, f'CREATE INDEX ON probe USING {method} (c{number} "{opclass}")') == "ok"
        )
        if accepted:
            found.setdefault(method, {})[opclass] = (accepted, extension)
    return found


def _casts(conn, types: dict[str, str]) -> dict[str, dict[str, tuple[str, ...]]]:
    immutable: dict[str, list[str]] = {}
    other: dict[str, list[str]] = {}
    assignable: dict[str, list[str]] = {}
    for source, source_sql in types.items():
        for target, target_sql in types.items():
            if source == target:
                continue
            generated = _try(
                conn,
                f"CREATE TEMP TABLE cast_probe (s {source_sql}, "
                f"g {target_sql} GENERATED ALWAYS AS ((s)::{target_sql}) STORED)",
            )
            if generated == "ok":
                immutable.setdefault(source, []).append(target)
            elif generated == "InvalidObjectDefinition":  # not immutable
                other.setdefault(source, []).append(target)
            default = _try(
                conn,
                f"CREATE TEMP TABLE cast_probe (c {target_sql} DEFAULT (NULL::{source_sql}))",
            )
            if default == "ok":
                assignable.setdefault(source, []).append(target)
    return {
        "immutable_casts": {key: tuple(value) for key, value in immutable.items()},
        "other_casts": {key: tuple(value) for key, value in other.items()},
        "assignable": {key: tuple(value) for key, value in assignable.items()},
    }


def _functions(conn) -> dict[str, tuple[str, ...]]:
    rows = conn.execute(
        """
        SELECT p.proname,
               bool_and(p.provolatile <> 'i'),
               bool_and(p.prokind IN ('a', 'w') OR p.proretset),
               bool_or(p.provolatile = 'i') AND bool_or(p.provolatile <> 'i')
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        LEFT JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
            AND d.deptype = 'e'
        LEFT JOIN pg_extension x ON x.oid = d.refobjid
        WHERE (n.nspname = 'pg_catalog' OR x.extname IS NOT NULL)
          AND p.proname !~ '^(binary_upgrade_|_)'
          AND p.prorettype NOT IN ('trigger'::regtype, 'internal'::regtype,
              'event_trigger'::regtype, 'language_handler'::regtype, 'cstring'::regtype,
              'index_am_handler'::regtype, 'table_am_handler'::regtype,
              'fdw_handler'::regtype, 'tsm_handler'::regtype)
          AND NOT EXISTS (SELECT FROM unnest(p.proargtypes) arg
                          WHERE arg IN ('internal'::regtype, 'cstring'::regtype))
        GROUP BY p.proname
        HAVING bool_and(p.provolatile <> 'i') OR bool_and(p.prokind IN ('a', 'w') OR p.proretset)
            OR (bool_or(p.provolatile = 'i') AND bool_or(p.provolatile <> 'i'))
        ORDER BY 1
        """
    ).fetchall()
    types = conn.execute(
        """
        SELECT DISTINCT t.typname, coalesce(x.extname, '')
        FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid
            AND d.deptype = 'e'
        LEFT JOIN pg_extension x ON x.oid = d.refobjid
        WHERE (n.nspname = 'pg_catalog' OR x.extname IS NOT NULL)
          AND t.typtype <> 'p' AND t.typrelid = 0 AND t.typname !~ '^_'
        ORDER BY 1
        """
    ).fetchall()
    functions = conn.execute(
        """
        SELECT DISTINCT p.proname, coalesce(x.extname, '')
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        LEFT JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
            AND d.deptype = 'e'
        LEFT JOIN pg_extension x ON x.oid = d.refobjid
        WHERE (n.nspname = 'pg_catalog' OR x.extname IS NOT NULL)
          AND p.prorettype NOT IN ('trigger'::regtype, 'internal'::regtype,
              'event_trigger'::regtype, 'language_handler'::regtype,
              'index_am_handler'::regtype, 'table_am_handler'::regtype,
              'fdw_handler'::regtype, 'tsm_handler'::regtype)
        ORDER BY 1
        """
    ).fetchall()
    builtin = {name for name, extension in functions if not extension}
    results = conn.execute(
        """
        SELECT p.proname, min(t.typname), bool_and(p.prorettype = min_type.oid)
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        JOIN LATERAL (SELECT min(q.prorettype::int)::oid AS oid FROM pg_proc q
                      WHERE q.proname = p.proname AND q.pronamespace = p.pronamespace
                        AND NOT q.proretset) min_type ON true
        JOIN pg_type t ON t.oid = min_type.oid
        WHERE n.nspname = 'pg_catalog' AND NOT p.proretset AND p.prokind IN ('f', 'a', 'w')
        GROUP BY p.proname
        """
    ).fetchall()
    from designer.schema.types import TYPE_BY_CATALOG

    by_result: dict[str, list[str]] = {}
    for name, typname, same in results:
        if same and typname in TYPE_BY_CATALOG:
            by_result.setdefault(TYPE_BY_CATALOG[typname].key, []).append(name)
    configurations = conn.execute("SELECT cfgname FROM pg_ts_config ORDER BY 1").fetchall()
    return {
        "text_search_configurations": tuple(name for (name,) in configurations),
        "function_results": {key: tuple(sorted(names)) for key, names in by_result.items()},
        "function_names": tuple(sorted(builtin)),
        "extension_functions": {
            name: extension for name, extension in functions if extension and name not in builtin
        },
        "not_immutable": tuple(
            name for name, volatile, set_like, _ in rows if volatile and not set_like
        ),
        "not_scalar": tuple(name for name, _, set_like, _ in rows if set_like),
        "mixed": tuple(name for name, _, set_like, mixed in rows if mixed and not set_like),
        "type_names": tuple(name for name, extension in types if not extension),
        "extension_types": {name: extension for name, extension in types if extension},
    }


# --- the module's text --------------------------------------------------------------


def _words(names, indent: str = "    ") -> str:
    return textwrap.fill(" ".join(names), 88, initial_indent=indent, subsequent_indent=indent)


def _mapping(name: str, comment: str, data: dict[str, tuple[str, ...]]) -> str:
    lines = [f"# {comment}", f"{name}: dict[str, frozenset[str]] = {{"]
    for key in sorted(data):
        lines.append(f"    {key!r}: frozenset({sorted(data[key])!r}),")
    lines.append("}")
    return "\n".join(lines)


def render(builtins: Builtins) -> str:
    """The data of ``designer/schema/builtins.py`` (its code comes after it by hand)."""
    parts = [f"PROBED_VERSION = {builtins.version}"]
    lines = [
        "# method -> operator class -> (the types it accepts, the extension it comes with)",
        "OPERATOR_CLASSES: dict[str, dict[str, tuple[frozenset[str], str]]] = {",
    ]
    for method in sorted(builtins.operator_classes):
        lines.append(f"    {method!r}: {{")
        for opclass, (types, extension) in sorted(builtins.operator_classes[method].items()):
            lines.append(f"        {opclass!r}: (frozenset({sorted(types)!r}), {extension!r}),")
        lines.append("    },")
    lines.append("}")
    parts.append("\n".join(lines))
    parts.append(_mapping("IMMUTABLE_CASTS", "source -> targets of an immutable cast",
                          builtins.immutable_casts))  # fmt: skip
    parts.append(_mapping("OTHER_CASTS", "source -> targets of a cast that is not immutable",
                          builtins.other_casts))  # fmt: skip
    parts.append(_mapping("ASSIGNABLE", "source -> column types a DEFAULT of it may fill",
                          builtins.assignable))  # fmt: skip
    parts.append(
        "# Functions none of whose forms is immutable (not in an index)\n"
        f'NOT_IMMUTABLE = _names(\n    """\n{_words(builtins.not_immutable)}\n"""\n)'
    )
    parts.append(
        "# Aggregates, window and set-returning functions (not in a default, check or index)\n"
        f'NOT_SCALAR = _names(\n    """\n{_words(builtins.not_scalar)}\n"""\n)'
    )
    parts.append(
        "# The types a cast may name: PostgreSQL's own (pg_catalog)\n"
        f'TYPE_NAMES = _names(\n    """\n{_words(builtins.type_names)}\n"""\n)'
    )
    parts.append(
        "# The types of the extensions: name -> the extension that brings it\n"
        f"EXTENSION_TYPES: dict[str, str] = {dict(sorted(builtins.extension_types.items()))!r}"
    )
    parts.append(
        "# The functions a call may name: PostgreSQL's own (pg_catalog)\n"
        f'FUNCTION_NAMES = _names(\n    """\n{_words(builtins.function_names)}\n"""\n)'
    )
    lines = [
        "# The type every form of these functions returns, by type",
        "FUNCTION_RESULTS: dict[str, frozenset[str]] = {",
    ]
    for key in sorted(builtins.function_results):
        names = builtins.function_results[key]
        lines.append(f'    {key!r}: _names(\n        """\n{_words(names, " " * 8)}\n"""\n    ),')
    lines.append("}")
    parts.append("\n".join(lines))
    parts.append(
        "# The extensions a server has from PostgreSQL itself (contrib), with those each\n"
        "# needs created before it\n"
        f"EXTENSIONS: dict[str, tuple[str, ...]] = {builtins.extensions!r}"
    )
    parts.append(
        "# The text search configurations every server has\n"
        "TEXT_SEARCH_CONFIGURATIONS = _names(\n"
        f'    """\n{_words(builtins.text_search_configurations)}\n"""\n)'
    )
    parts.append(
        "# The extensions' functions: name -> the extension that brings it\n"
        "EXTENSION_FUNCTIONS: dict[str, str] = "
        f"{dict(sorted(builtins.extension_functions.items()))!r}"
    )
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    print(render(probe(sys.argv[1])))
