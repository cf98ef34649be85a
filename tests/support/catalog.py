"""What PostgreSQL's catalogs say a database holds, for comparing two databases.

``read_catalog`` reads the user schemas of a database through ``pg_catalog`` into plain
values (tables, columns, constraints, indexes, enum types, triggers, comments), so that
"the DDL and ``create_all`` build the same database" or "the import round-trips" is an
equality of two ``Catalog`` values, not of two texts.

It also reads the rest of the catalog, which that equality leaves out (``whole()`` gives
it, for the tests that compare everything — the import round trip): sequences with their
options and owners, views and materialized views, routines (functions, procedures,
aggregates), domains with named checks, partitioning, the comments on every other
object, column options (statistics, storage, attribute options, collation), table
options (clustering, row security, persistence, storage parameters), policies, rules,
composite and range types, schemas and extensions. Objects that belong to an extension
are left out: ``CREATE EXTENSION`` makes them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import psycopg

_USER_SCHEMAS = "n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"
# A name in a definition: quoted (spaces and all) or plain.
_NAME = r'(?:"(?:[^"]|"")*"|\S+)'


@dataclass
class Catalog:
    enums: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    # (schema, table) -> ((column, type, not null, default, identity, generated), ...)
    tables: dict[tuple[str, str], tuple[tuple, ...]] = field(default_factory=dict)
    # (schema, table, constraint name) -> (type letter, definition)
    constraints: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)
    # (schema, table, index name) -> definition without the name
    indexes: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # (schema, table, trigger name) -> definition without the name
    triggers: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # (schema, table or index, column or "") -> comment
    comments: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # Facts kept out of ``without_names()``, for normalising a database before comparing
    # it (an import round trip maps domains to base types, drops partitions...):
    # (schema, table) of partitions, and of tables that inherit from another
    partitions: set[tuple[str, str]] = field(default_factory=set)
    inheritors: set[tuple[str, str]] = field(default_factory=set)
    # a domain's name as format_type writes it -> (base type, NOT NULL, default, checks)
    domains: dict[str, tuple[str, bool, str | None, tuple[str, ...]]] = field(default_factory=dict)
    # (schema, function) -> (language, source) of user functions
    functions: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    # (schema, sequence) -> (type, start, min, max, increment, owning table, column,
    # "a" for a serial's OWNED BY / "i" for an identity's, cache, cycle); left out of
    # ``==``: compare it where a test means to
    sequences: dict[tuple[str, str], tuple] = field(default_factory=dict, compare=False)

    # --- the rest of the catalog, left out of ``==`` (``whole()`` holds it all) ---
    # the user schemas (owners and privileges are not read, anywhere)
    schemas: set[str] = field(default_factory=set, compare=False)
    # extension -> (schema, version)
    extensions: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False)
    # (schema, view) -> (relkind "v" or "m", definition, reloptions, populated)
    views: dict[tuple[str, str], tuple] = field(default_factory=dict, compare=False)
    # "schema.name(identity arguments)" -> (kind f/p/a/w, pg_get_functiondef, or an
    # aggregate's definition as CREATE AGGREGATE would spell it)
    routines: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False)
    # (schema, domain) -> (base type, NOT NULL, default, collation, ((check name,
    # definition), ...) in name order)
    domain_details: dict[tuple[str, str], tuple] = field(default_factory=dict, compare=False)
    # (schema, table) of a partitioned table or a partition -> (partition key or None,
    # "schema.parent" or None, bound or None)
    partitioning: dict[tuple[str, str], tuple] = field(default_factory=dict, compare=False)
    # pg_describe_object of every other commented object ("schema bookings", "view
    # bookings.flights_v", "column model of view bookings.aircrafts", "function
    # bookings.now()", "constraint x on table t", ...) -> comment
    object_comments: dict[str, str] = field(default_factory=dict, compare=False)
    # (schema, table, column) -> ((option, value), ...) for what is not the default:
    # statistics target, storage, attribute options (n_distinct ...), collation
    column_options: dict[tuple[str, str, str], tuple] = field(default_factory=dict, compare=False)
    # (schema, table) -> ((option, value), ...) for what is not the default: the index it
    # is clustered on (definition without name), row security, forced row security,
    # persistence, storage parameters, replica identity
    table_options: dict[tuple[str, str], tuple] = field(default_factory=dict, compare=False)
    # (schema, table, policy) -> (permissive, roles, command, USING, WITH CHECK)
    policies: dict[tuple[str, str, str], tuple] = field(default_factory=dict, compare=False)
    # (schema, table or view, rule) -> pg_get_ruledef (a view's own _RETURN left out)
    rules: dict[tuple[str, str, str], str] = field(default_factory=dict, compare=False)
    # (schema, type) -> composite attributes or a range's definition
    types: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)
    # (schema, relation) -> ((column, type, collation), ...) of views and materialized
    # views (their definitions say the rest)
    view_columns: dict[tuple[str, str], tuple] = field(default_factory=dict, compare=False)

    def without_names(self) -> dict:
        """The catalog with constraint, index and trigger names left out (as multisets)."""
        return {
            "enums": self.enums,
            "tables": self.tables,
            "constraints": Counter(
                (schema, table, kind, definition)
                for (schema, table, _), (kind, definition) in self.constraints.items()
            ),
            "indexes": Counter(
                (schema, table, definition)
                for (schema, table, _), definition in self.indexes.items()
            ),
            "triggers": Counter(
                (schema, table, definition)
                for (schema, table, _), definition in self.triggers.items()
            ),
            "comments": self.comments,
        }

    def whole(self) -> dict:
        """Everything read, by part: ``without_names()`` and the rest of the catalog."""
        return {
            **self.without_names(),
            "domains": self.domain_details,
            "sequences": self.sequences,
            "schemas": dict.fromkeys(self.schemas, True),
            "extensions": self.extensions,
            "views": self.views,
            "view columns": self.view_columns,
            "routines": self.routines,
            "partitioning": self.partitioning,
            "other comments": self.object_comments,
            "column options": self.column_options,
            "table options": self.table_options,
            "policies": self.policies,
            "rules": self.rules,
            "types": self.types,
        }


def read_catalog(conn: psycopg.Connection) -> Catalog:
    catalog = Catalog()
    for schema, name, labels in conn.execute(
        f"""
        SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE {_USER_SCHEMAS} GROUP BY 1, 2
        """
    ):
        catalog.enums[(schema, name)] = tuple(labels)

    columns: dict[tuple[str, str], list[tuple]] = {}
    for row in conn.execute(
        f"""
        SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
               a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        WHERE c.relkind IN ('r', 'p') AND {_USER_SCHEMAS}
        ORDER BY n.nspname, c.relname, a.attnum
        """
    ):
        schema, table, *column = row
        columns.setdefault((schema, table), []).append(tuple(column))
    catalog.tables = {key: tuple(value) for key, value in columns.items()}

    for schema, table, name, kind, definition in conn.execute(
        f"""
        SELECT n.nspname, c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid)
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {_USER_SCHEMAS}
        """
    ):
        catalog.constraints[(schema, table, name)] = (kind, definition)

    for schema, table, name, definition in conn.execute(
        f"""
        SELECT n.nspname, t.relname, i.relname, pg_get_indexdef(x.indexrelid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE {_USER_SCHEMAS}
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid
                          AND k.contype IN ('p', 'u', 'x'))
        """
    ):
        unnamed = re.sub(rf"^(CREATE (?:UNIQUE )?INDEX ){_NAME} ON ", r"\1ON ", definition)
        catalog.indexes[(schema, table, name)] = unnamed

    for schema, table, name, definition in conn.execute(
        f"""
        SELECT n.nspname, c.relname, g.tgname,
               pg_get_triggerdef(g.oid) || CASE g.tgenabled WHEN 'O' THEN ''
                   WHEN 'D' THEN ' [DISABLED]' WHEN 'R' THEN ' [ENABLE REPLICA]'
                   ELSE ' [ENABLE ALWAYS]' END
        FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT g.tgisinternal AND {_USER_SCHEMAS}
        """
    ):
        unnamed = re.sub(
            rf"^CREATE (CONSTRAINT )?TRIGGER {_NAME} ", r"CREATE \1TRIGGER ", definition
        )
        catalog.triggers[(schema, table, name)] = unnamed

    for schema, table, column, comment in conn.execute(
        f"""
        SELECT n.nspname, c.relname, coalesce(a.attname, ''), d.description
        FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
        AND d.classoid = 'pg_class'::regclass
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
        WHERE c.relkind IN ('r', 'p', 'i') AND {_USER_SCHEMAS}
        """
    ):
        catalog.comments[(schema, table, column)] = comment  # an index's: (schema, index, "")
    _read_normalisation_facts(conn, catalog)
    _read_the_rest(conn, catalog)
    return catalog


def _read_normalisation_facts(conn: psycopg.Connection, catalog: Catalog) -> None:
    for schema, table, is_partition in conn.execute(
        f"""
        SELECT DISTINCT n.nspname, c.relname, c.relispartition
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {_USER_SCHEMAS}
        """
    ):
        (catalog.partitions if is_partition else catalog.inheritors).add((schema, table))

    for name, base, not_null, default, checks in conn.execute(
        f"""
        SELECT format_type(t.oid, NULL), format_type(t.typbasetype, t.typtypmod),
               t.typnotnull, t.typdefault,
               coalesce(array_agg(pg_get_constraintdef(k.oid) ORDER BY k.conname)
                        FILTER (WHERE k.oid IS NOT NULL), '{{}}')
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_constraint k ON k.contypid = t.oid AND k.contype = 'c'
        WHERE t.typtype = 'd' AND {_USER_SCHEMAS} GROUP BY t.oid
        """
    ):
        catalog.domains[name] = (base, not_null, default, tuple(checks))

    for schema, name, language, source in conn.execute(
        f"""
        SELECT n.nspname, p.proname, l.lanname, p.prosrc
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_language l ON l.oid = p.prolang
        WHERE {_USER_SCHEMAS}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
        """
    ):
        catalog.functions[(schema, name)] = (language, source)

    for schema, name, *facts in conn.execute(
        f"""
        SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqmin,
               s.seqmax, s.seqincrement, owner.*, s.seqcache, s.seqcycle
        FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN LATERAL (  -- lateral: pg_depend is read by its index, per sequence
            SELECT t.relname, a.attname, d.deptype FROM pg_depend d
            JOIN pg_class t ON t.oid = d.refobjid
            JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
              AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        ) owner ON true
        WHERE {_USER_SCHEMAS}
        """
    ):
        catalog.sequences[(schema, name)] = tuple(facts)


def _not_in_extension(catalog_table: str, oid: str) -> str:
    """SQL: the object is not one that an extension made (``CREATE EXTENSION`` does)."""
    return (
        f"NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '{catalog_table}'::regclass"
        f" AND e.objid = {oid} AND e.deptype = 'e')"
    )


def _unnamed_index(definition: str) -> str:
    return re.sub(rf"^(CREATE (?:UNIQUE )?INDEX ){_NAME} ON ", r"\1ON ", definition)


def _read_the_rest(conn: psycopg.Connection, catalog: Catalog) -> None:
    _read_namespaces(conn, catalog)
    _read_views(conn, catalog)
    _read_routines(conn, catalog)
    _read_domains(conn, catalog)
    _read_partitioning(conn, catalog)
    _read_object_comments(conn, catalog)
    _read_column_options(conn, catalog)
    _read_table_options(conn, catalog)
    _read_policies_and_rules(conn, catalog)
    _read_types(conn, catalog)


def _read_namespaces(conn: psycopg.Connection, catalog: Catalog) -> None:
    catalog.schemas = {
        name
        for (name,) in conn.execute(
            f"SELECT n.nspname FROM pg_namespace n WHERE {_USER_SCHEMAS} "
            "AND n.nspname NOT LIKE 'pg\\_toast%'"
        )
    }
    for name, schema, version in conn.execute(
        "SELECT x.extname, n.nspname, x.extversion FROM pg_extension x "
        "JOIN pg_namespace n ON n.oid = x.extnamespace"
    ):
        catalog.extensions[name] = (schema, version)


def _read_views(conn: psycopg.Connection, catalog: Catalog) -> None:
    for schema, name, kind, definition, options, populated in conn.execute(
        f"""
        SELECT n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid), c.reloptions,
               c.relispopulated
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('v', 'm') AND {_USER_SCHEMAS}
          AND {_not_in_extension("pg_class", "c.oid")}
        """
    ):
        catalog.views[(schema, name)] = (
            kind,
            definition,
            tuple(options or ()),
            populated,
        )
    columns: dict[tuple[str, str], list[tuple]] = {}
    for schema, name, column, type_name, collation in conn.execute(
        f"""
        SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
               CASE WHEN a.attcollation <> t.typcollation THEN co.collname END
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        WHERE c.relkind IN ('v', 'm') AND {_USER_SCHEMAS}
          AND {_not_in_extension("pg_class", "c.oid")}
        ORDER BY n.nspname, c.relname, a.attnum
        """
    ):
        columns.setdefault((schema, name), []).append((column, type_name, collation))
    catalog.view_columns = {key: tuple(value) for key, value in columns.items()}


def _read_routines(conn: psycopg.Connection, catalog: Catalog) -> None:
    for schema, name, arguments, kind, definition in conn.execute(
        f"""
        SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,
               CASE WHEN p.prokind = 'a' THEN
                 concat_ws(', ',
                   'SFUNC = ' || a.aggtransfn::regproc::text,
                   'STYPE = ' || format_type(a.aggtranstype, NULL),
                   CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END,
                   CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || a.aggfinalfn::regproc END,
                   CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END,
                   CASE WHEN a.aggcombinefn <> 0
                        THEN 'COMBINEFUNC = ' || a.aggcombinefn::regproc END,
                   CASE WHEN a.aggserialfn <> 0
                        THEN 'SERIALFUNC = ' || a.aggserialfn::regproc END,
                   CASE WHEN a.aggdeserialfn <> 0
                        THEN 'DESERIALFUNC = ' || a.aggdeserialfn::regproc END,
                   CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || a.agginitval END,
                   CASE WHEN a.aggmtransfn <> 0
                        THEN 'MSFUNC = ' || a.aggmtransfn::regproc END,
                   CASE WHEN a.aggminvtransfn <> 0
                        THEN 'MINVFUNC = ' || a.aggminvtransfn::regproc END,
                   CASE WHEN a.aggmfinalfn <> 0
                        THEN 'MFINALFUNC = ' || a.aggmfinalfn::regproc END,
                   CASE WHEN a.aggmtransfn <> 0
                        THEN 'MSTYPE = ' || format_type(a.aggmtranstype, NULL) END,
                   CASE WHEN a.aggminitval IS NOT NULL THEN 'MINITCOND = ' || a.aggminitval END,
                   CASE WHEN a.aggsortop <> 0 THEN 'SORTOP = ' || a.aggsortop::regoperator END,
                   CASE WHEN a.aggkind <> 'n' THEN 'KIND = ' || a.aggkind::text END,
                   'PARALLEL = ' || p.proparallel::text,
                   'STRICT = ' || p.proisstrict::text)
               ELSE pg_get_functiondef(p.oid) END
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
        WHERE {_USER_SCHEMAS} AND {_not_in_extension("pg_proc", "p.oid")}
          -- not the constructors PostgreSQL makes for a range type
          AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass
                          AND i.objid = p.oid AND i.deptype = 'i')
        """
    ):
        catalog.routines[f"{schema}.{name}({arguments})"] = (kind, definition)


def _read_domains(conn: psycopg.Connection, catalog: Catalog) -> None:
    for schema, name, *facts, checks in conn.execute(
        f"""
        SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull,
               t.typdefault,
               CASE WHEN t.typcollation <> b.typcollation THEN co.collname END,
               coalesce(array_agg(ARRAY[k.conname, pg_get_constraintdef(k.oid)]
                                  ORDER BY k.conname) FILTER (WHERE k.oid IS NOT NULL),
                        '{{}}')
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_type b ON b.oid = t.typbasetype
        LEFT JOIN pg_collation co ON co.oid = t.typcollation
        LEFT JOIN pg_constraint k ON k.contypid = t.oid
        WHERE t.typtype = 'd' AND {_USER_SCHEMAS} AND {_not_in_extension("pg_type", "t.oid")}
        GROUP BY n.nspname, t.typname, t.oid, b.typcollation, co.collname
        """
    ):
        catalog.domain_details[(schema, name)] = (
            *facts,
            tuple((check_name, definition) for check_name, definition in checks),
        )


def _read_partitioning(conn: psycopg.Connection, catalog: Catalog) -> None:
    for schema, name, key, parent, bound in conn.execute(
        f"""
        SELECT n.nspname, c.relname,
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
               CASE WHEN c.relispartition THEN
                 (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits i
                  JOIN pg_class pc ON pc.oid = i.inhparent
                  JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid)
               END,
               CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND (c.relkind = 'p' OR c.relispartition)
          AND {_USER_SCHEMAS}
        """
    ):
        catalog.partitioning[(schema, name)] = (key, parent, bound)


def _read_object_comments(conn: psycopg.Connection, catalog: Catalog) -> None:
    """Comments on everything but tables, their columns and indexes (``comments``)."""
    for described, comment in conn.execute(
        f"""
        SELECT pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description
        FROM pg_description d
        WHERE (d.objoid >= 16384 OR d.classoid = 'pg_namespace'::regclass)
          AND NOT (d.classoid = 'pg_class'::regclass AND EXISTS (
                   SELECT 1 FROM pg_class c WHERE c.oid = d.objoid
                   AND c.relkind IN ('r', 'p', 'i')))
          AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = d.classoid
                          AND e.objid = d.objoid AND e.deptype = 'e')
          AND NOT (d.classoid = 'pg_namespace'::regclass AND EXISTS (
                   SELECT 1 FROM pg_namespace n WHERE n.oid = d.objoid
                   AND NOT ({_USER_SCHEMAS})))
        """
    ):
        catalog.object_comments[described] = comment


def _read_column_options(conn: psycopg.Connection, catalog: Catalog) -> None:
    for (
        schema,
        table,
        column,
        statistics,
        storage,
        type_storage,
        options,
        collation,
        comp,
    ) in conn.execute(
        f"""
            SELECT n.nspname, c.relname, a.attname, a.attstattarget, a.attstorage,
                   t.typstorage, a.attoptions,
                   CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
                   a.attcompression
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            WHERE c.relkind IN ('r', 'p', 'm') AND {_USER_SCHEMAS}
            """
    ):
        found = []
        if statistics is not None and statistics != -1:
            found.append(("statistics", statistics))
        if storage != type_storage:
            found.append(("storage", storage))
        if options:
            found.append(("options", tuple(sorted(options))))
        if collation is not None:
            found.append(("collation", collation))
        if comp not in (None, "", "\0"):
            found.append(("compression", comp))
        if found:
            catalog.column_options[(schema, table, column)] = tuple(found)


def _read_table_options(conn: psycopg.Connection, catalog: Catalog) -> None:
    for schema, table, *facts in conn.execute(
        f"""
        SELECT n.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity,
               c.relpersistence, c.reloptions, c.relreplident, am.amname,
               (SELECT pg_get_indexdef(x.indexrelid) FROM pg_index x
                WHERE x.indrelid = c.oid AND x.indisclustered)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_am am ON am.oid = c.relam
        WHERE c.relkind IN ('r', 'p', 'm') AND {_USER_SCHEMAS}
        """
    ):
        security, forced, persistence, options, identity, method, clustered = facts
        found = []
        if clustered is not None:
            found.append(("clustered on", _unnamed_index(clustered)))
        if security:
            found.append(("row security", True))
        if forced:
            found.append(("forced row security", True))
        if persistence != "p":
            found.append(("persistence", persistence))
        if options:
            found.append(("storage parameters", tuple(sorted(options))))
        if identity != "d":
            found.append(("replica identity", identity))
        if method not in (None, "heap"):
            found.append(("access method", method))
        if found:
            catalog.table_options[(schema, table)] = tuple(found)


def _read_policies_and_rules(conn: psycopg.Connection, catalog: Catalog) -> None:
    for schema, table, name, *facts in conn.execute(
        """
        SELECT schemaname, tablename, policyname, permissive, roles, cmd, qual, with_check
        FROM pg_policies
        WHERE schemaname NOT LIKE 'pg\\_%' AND schemaname <> 'information_schema'
        """
    ):
        permissive, roles, command, using, check = facts
        catalog.policies[(schema, table, name)] = (
            permissive,
            tuple(sorted(roles)),
            command,
            using,
            check,
        )
    for schema, table, name, definition in conn.execute(
        """
        SELECT schemaname, tablename, rulename, definition FROM pg_rules
        WHERE schemaname NOT LIKE 'pg\\_%' AND schemaname <> 'information_schema'
        """
    ):
        catalog.rules[(schema, table, name)] = definition


def _read_types(conn: psycopg.Connection, catalog: Catalog) -> None:
    for schema, name, attributes in conn.execute(
        f"""
        SELECT n.nspname, t.typname,
               string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                          || CASE WHEN a.attcollation <> at.typcollation
                                  THEN ' COLLATE ' || quote_ident(co.collname) ELSE '' END,
                          ', ' ORDER BY a.attnum)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_type at ON at.oid = a.atttypid
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        WHERE {_USER_SCHEMAS} AND {_not_in_extension("pg_type", "t.oid")}
        GROUP BY n.nspname, t.typname
        """
    ):
        catalog.types[(schema, name)] = f"composite ({attributes or ''})"
    for schema, name, definition in conn.execute(
        f"""
        SELECT n.nspname, t.typname,
               concat_ws(', ', 'SUBTYPE = ' || format_type(r.rngsubtype, NULL),
                 'SUBTYPE_OPCLASS = ' || opc.opcname,
                 CASE WHEN r.rngcollation <> 0 THEN 'COLLATION = ' || co.collname END,
                 CASE WHEN r.rngcanonical <> 0 THEN 'CANONICAL = ' || r.rngcanonical::regproc END,
                 CASE WHEN r.rngsubdiff <> 0 THEN 'SUBTYPE_DIFF = ' || r.rngsubdiff::regproc END,
                 'MULTIRANGE_TYPE_NAME = ' || format_type(r.rngmultitypid, NULL))
        FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid
        JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_opclass opc ON opc.oid = r.rngsubopc
        LEFT JOIN pg_collation co ON co.oid = r.rngcollation
        WHERE {_USER_SCHEMAS} AND {_not_in_extension("pg_type", "t.oid")}
        """
    ):
        catalog.types[(schema, name)] = f"range ({definition})"
    for schema, name, definition in conn.execute(
        f"""
        SELECT n.nspname, t.typname,
               concat_ws(', ', 'INPUT = ' || t.typinput::regproc,
                 'OUTPUT = ' || t.typoutput::regproc, 'INTERNALLENGTH = ' || t.typlen,
                 'ALIGNMENT = ' || t.typalign::text, 'STORAGE = ' || t.typstorage::text,
                 'CATEGORY = ' || t.typcategory::text)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'b' AND {_USER_SCHEMAS} AND {_not_in_extension("pg_type", "t.oid")}
          AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)
        """
    ):
        catalog.types[(schema, name)] = f"base ({definition})"
