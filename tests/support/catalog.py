"""What PostgreSQL's catalogs say a database holds, for comparing two databases.

``read_catalog`` reads the user schemas of a database through ``pg_catalog`` into plain
values (tables, columns, constraints, indexes, enum types, triggers, comments), so that
"the DDL and ``create_all`` build the same database" or "the import round-trips" is an
equality of two ``Catalog`` values, not of two texts. It reads the sequences too, which
that equality leaves out (compare ``sequences`` where a test means to).
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
    # "a" for a serial's OWNED BY / "i" for an identity's); left out of ``==``: compare
    # it where a test means to
    sequences: dict[tuple[str, str], tuple] = field(default_factory=dict, compare=False)

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
        SELECT n.nspname, c.relname, g.tgname, pg_get_triggerdef(g.oid)
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
               s.seqmax, s.seqincrement, owner.*
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
