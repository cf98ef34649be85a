"""Import the schema of a live PostgreSQL database, read from its catalogs.

``import_live(url, schemas=("public",))`` connects with psycopg, opens a READ ONLY
transaction with a ``statement_timeout``, and asks PostgreSQL to describe each object of
the chosen schemas in its own SQL — ``format_type``, ``pg_get_expr``,
``pg_get_constraintdef``, ``pg_get_indexdef``, ``pg_get_triggerdef``,
``pg_get_functiondef``, as pg_dump does. That description is read by the SQL importer
(``designer.importers.sql``), so a live database and its dump import to the same model
with the same summary; what the catalogs hold beyond that (views, policies, rules,
extensions, other types...) is added to the summary's skipped list.

Only the chosen schemas are read (``public`` by default); enum types and domains of
other schemas that their columns use come along, and foreign keys to tables of other
schemas are listed as skipped.

The URL's password is used to connect and then forgotten: it is never kept, logged or
shown. A connection that fails is explained in plain words (wrong password, nothing
listening, unknown database...) by ``LiveImportError``, whose message never contains the
password.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg
from psycopg.conninfo import conninfo_to_dict

from designer.schema.sqltext import quote_ident, quote_literal

from .sql import import_sql
from .summary import ImportFailure, ImportResult

CONNECT_TIMEOUT_SECONDS = 10
STATEMENT_TIMEOUT_SECONDS = 30


class LiveImportError(ImportFailure):
    """The database could not be read; the message says why, without the password."""


def import_live(
    url: str,
    *,
    schemas: Sequence[str] = ("public",),
    name: str | None = None,
    timeout_seconds: float = STATEMENT_TIMEOUT_SECONDS,
) -> ImportResult:
    """The schema of the database at ``url`` (the chosen schemas), and its summary."""
    place = _describe(url)
    try:
        connection = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    except psycopg.Error as error:
        raise LiveImportError(_explain(error, url, place)) from None
    try:
        with connection:
            description = _read(connection, list(schemas), timeout_seconds)
    except psycopg.errors.QueryCanceled:
        raise LiveImportError(
            f"reading the catalogs of {place} took longer than {timeout_seconds:g} seconds"
        ) from None
    except psycopg.Error as error:
        raise LiveImportError(f"reading {place} failed: {_clean(str(error), url)}") from None
    finally:
        connection.close()
    if not description.holds_schema:
        chosen = ", ".join(schemas)
        raise LiveImportError(f"{place} has no tables or enum types in the schema(s) {chosen}")
    result = import_sql("\n".join(description.statements), name=name or _default_name(url))
    for kind, object_name in description.skipped:
        result.summary.skip(kind, object_name)
    return result


# --- connecting -------------------------------------------------------------------------


def _parts(url: str) -> dict[str, str]:
    try:
        return {k: str(v) for k, v in conninfo_to_dict(url).items() if k != "password"}
    except psycopg.Error:
        return {}


def _describe(url: str) -> str:
    """``database "shop" on db.internal:5432``: where, never who or with what password."""
    parts = _parts(url)
    host = parts.get("host", "localhost")
    port = parts.get("port", "5432")
    database = parts.get("dbname", parts.get("user", ""))
    return f'database "{database}" on {host}:{port}'


def _default_name(url: str) -> str:
    return f"Imported from {_parts(url).get('dbname', 'a database')}"


def _secrets(url: str) -> set[str]:
    """The password as the URL spells it and as the driver decodes it."""
    found = set(re.findall(r"://[^:/@]*:([^@/]*)@", url))
    found |= set(re.findall(r"password\s*=\s*'?([^'\s]+)", url))
    try:
        password = conninfo_to_dict(url).get("password")
    except psycopg.Error:
        password = None
    if password:
        found.add(str(password))
    return {secret for secret in found if secret}


def _clean(message: str, url: str) -> str:
    """The first line of a driver message, with the URL and the password taken out."""
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    first = first.replace(url, "<url>")
    for secret in sorted(_secrets(url), key=len, reverse=True):
        first = first.replace(secret, "***")
    return first


_EXPLANATIONS = (
    ("password authentication failed", "the server refused the password for that user"),
    ("no password supplied", "the server asks for a password and the URL gives none"),
    ("does not exist", None),  # the server's own words name the missing database or role
    ("connection refused", "nothing is listening there (connection refused): is the "
     "server running and the port right?"),
    ("failed to resolve host", "the host name cannot be resolved"),
    ("could not translate host name", "the host name cannot be resolved"),
    ("timeout expired", f"the server did not answer within {CONNECT_TIMEOUT_SECONDS} seconds"),
    ("no pg_hba.conf entry", "the server does not accept this user, database or address "
     "(pg_hba.conf)"),
    ("ssl", None),
)  # fmt: skip


def _explain(error: psycopg.Error, url: str, place: str) -> str:
    if isinstance(error, psycopg.ProgrammingError):
        return "the database URL is not valid; write postgresql://user:password@host:port/name"
    message = _clean(str(error), url)
    detail = re.sub(r"^.*?(FATAL:\s*|failed:\s*)", "", message).strip()
    for needle, explanation in _EXPLANATIONS:
        if needle in message.lower():
            return f"cannot connect to {place}: {explanation or detail}"
    return f"cannot connect to {place}: {detail}"


# --- reading the catalogs -----------------------------------------------------------------


@dataclass
class Description:
    """The chosen schemas as SQL statements, and what the catalogs hold beyond them."""

    statements: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    holds_schema: bool = False  # a table or an enum type in the chosen schemas


def _name(schema: str, name: str) -> str:
    return f"{quote_ident(schema)}.{quote_ident(name)}"


@contextmanager
def read_only_snapshot(connection: psycopg.Connection, timeout: float) -> Iterator[None]:
    """A READ ONLY transaction whose statements give up after ``timeout`` seconds, with
    a search path that makes PostgreSQL qualify every name outside pg_catalog."""
    milliseconds = max(1, round(timeout * 1000))
    with connection.transaction():
        connection.execute("SET TRANSACTION READ ONLY")
        connection.execute(
            "SELECT set_config('statement_timeout', %s, true)", (f"{milliseconds}ms",)
        )
        connection.execute("SELECT set_config('search_path', 'pg_catalog, pg_temp', true)")
        yield


def _read(connection: psycopg.Connection, schemas: list[str], timeout: float) -> Description:
    description = Description()
    with read_only_snapshot(connection, timeout):
        description.statements += [
            f"CREATE EXTENSION IF NOT EXISTS {quote_ident(name)};"
            for (name,) in connection.execute(
                "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY oid"
            )
        ]
        tables = _tables(connection, schemas, description)
        oids = [table.oid for table in tables if table.kind in {"r", "p"}]
        columns = _columns(connection, oids)
        used_types = {type_oid for rows in columns.values() for row in rows for type_oid in row[-1]}
        enums = _enums(connection, schemas, used_types)
        description.statements += enums + _domains(connection, schemas, used_types)
        description.holds_schema = bool(oids or enums)
        sequences = _sequences(connection, schemas)
        description.statements += [s.statement for s in sequences.values() if not s.identity]
        for table in tables:
            if table.kind in {"r", "p"}:
                description.statements += _table_statements(table, columns, sequences)
        description.statements += _constraints(connection, oids)
        description.statements += _indexes(connection, oids)
        description.statements += [s.owned for s in sequences.values() if s.owned]
        description.statements += _routines(connection, schemas, oids)
        _other_objects(connection, schemas, oids, description)
    return description


@dataclass
class _Table:
    oid: int
    schema: str
    name: str
    kind: str
    unlogged: bool
    partition_bound: str | None
    partition_key: str | None
    parents: list[str]
    row_security: bool
    comment: str | None

    @property
    def qualified(self) -> str:
        return _name(self.schema, self.name)


_SKIPPED_RELATIONS = {"v": "view", "m": "materialized view", "f": "foreign table"}


def _tables(
    connection: psycopg.Connection, schemas: list[str], description: Description
) -> list[_Table]:
    rows = connection.execute(
        """
        SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence = 'u',
               pg_get_expr(c.relpartbound, c.oid), pg_get_partkeydef(c.oid),
               ARRAY(SELECT i.inhparent::regclass::text FROM pg_inherits i
                     WHERE i.inhrelid = c.oid ORDER BY i.inhseqno),
               c.relrowsecurity, obj_description(c.oid, 'pg_class')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        ORDER BY c.oid
        """,
        (schemas,),
    ).fetchall()
    tables = [_Table(*row) for row in rows]
    for table in tables:
        if table.kind in _SKIPPED_RELATIONS:
            label = table.name if table.schema == "public" else f"{table.schema}.{table.name}"
            description.skipped.append((_SKIPPED_RELATIONS[table.kind], label))
    return tables


def _columns(connection: psycopg.Connection, oids: list[int]) -> dict[int, list[tuple]]:
    """Each table's columns: name, type, NOT NULL, default, identity, generated,
    collation, comment, statistics target, and the type oids it uses."""
    result: dict[int, list[tuple]] = {}
    for row in connection.execute(
        """
        SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
               CASE WHEN a.attcollation <> t.typcollation
                    THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
               col_description(a.attrelid, a.attnum), a.attstattarget,
               ARRAY[a.atttypid, t.typelem]
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
        WHERE a.attrelid = ANY(%s) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """,
        (oids,),
    ):
        result.setdefault(row[0], []).append(row[1:])
    return result


def _enums(connection: psycopg.Connection, schemas: list[str], used: set[int]) -> list[str]:
    """Enum types of the chosen schemas, and those their columns use."""
    statements = []
    for oid, schema, name, labels, comment in connection.execute(
        """
        SELECT t.oid, n.nspname, t.typname,
               ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid
                     ORDER BY e.enumsortorder),
               obj_description(t.oid, 'pg_type')
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'e' ORDER BY t.oid
        """
    ):
        if schema in schemas or oid in used:
            values = ", ".join(quote_literal(label) for label in labels)
            statements.append(f"CREATE TYPE {_name(schema, name)} AS ENUM ({values});")
            if comment is not None:
                literal = quote_literal(comment)
                statements.append(f"COMMENT ON TYPE {_name(schema, name)} IS {literal};")
    return statements


def _domains(connection: psycopg.Connection, schemas: list[str], used: set[int]) -> list[str]:
    """Domains of the chosen schemas, and those their columns use."""
    statements = []
    for oid, schema, name, base, not_null, default, checks in connection.execute(
        """
        SELECT t.oid, n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod),
               t.typnotnull, t.typdefault,
               ARRAY(SELECT 'CONSTRAINT ' || quote_ident(k.conname) || ' '
                            || pg_get_constraintdef(k.oid)
                     FROM pg_constraint k WHERE k.contypid = t.oid ORDER BY k.conname)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'd' ORDER BY t.oid
        """
    ):
        if schema in schemas or oid in used:
            parts = [f"CREATE DOMAIN {_name(schema, name)} AS {base}"]
            parts += ["NOT NULL"] if not_null else []
            parts += [f"DEFAULT {default}"] if default is not None else []
            statements.append(" ".join(parts + list(checks)) + ";")
    return statements


@dataclass
class _Sequence:
    statement: str
    identity: bool
    owned: str | None
    options: str  # ``(SEQUENCE NAME ... START WITH ...)`` for an identity column


_TYPE_LIMITS = {
    "smallint": (-32768, 32767),
    "integer": (-2147483648, 2147483647),
    "bigint": (-9223372036854775808, 9223372036854775807),
}


def _sequences(connection: psycopg.Connection, schemas: list[str]) -> dict[tuple, _Sequence]:
    """Sequences by (owning table oid, column) — or by their own name when not owned."""
    result: dict[tuple, _Sequence] = {}
    for row in connection.execute(
        """
        SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart,
               s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
               d.deptype, d.refobjid, a.attname
        FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_depend d ON d.objid = s.seqrelid AND d.classid = 'pg_class'::regclass
             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE n.nspname = ANY(%s) ORDER BY s.seqrelid
        """,
        (schemas,),
    ):
        schema, name, type_name, start, increment, low, high, cache, cycle = row[:9]
        deptype, owner, column = row[9:]
        lowest, highest = _TYPE_LIMITS.get(type_name, _TYPE_LIMITS["bigint"])
        default_low, default_high = (1, highest) if increment > 0 else (lowest, -1)
        options = [
            f"AS {type_name}",
            f"START WITH {start}",
            f"INCREMENT BY {increment}",
            f"MINVALUE {low}" if low != default_low else "NO MINVALUE",
            f"MAXVALUE {high}" if high != default_high else "NO MAXVALUE",
            f"CACHE {cache}",
        ] + (["CYCLE"] if cycle else [])
        qualified = _name(schema, name)
        key = (owner, column) if owner is not None else (qualified,)
        owned = None
        if deptype == "a":
            owned = f"ALTER SEQUENCE {qualified} OWNED BY {{owner}}.{quote_ident(column)};"
        result[key] = _Sequence(
            statement=f"CREATE SEQUENCE {qualified} {' '.join(options)};",
            identity=deptype == "i",
            owned=owned,
            options=f"(SEQUENCE NAME {qualified} {' '.join(options[1:])})",
        )
    return result


def _column_definition(table: _Table, row: tuple, sequences: dict[tuple, _Sequence]) -> str:
    name, type_text, not_null, default, identity, generated, collation = row[:7]
    parts = [quote_ident(name), type_text]
    if collation:
        parts.append(f"COLLATE {collation}")
    if generated == "s":
        parts.append(f"GENERATED ALWAYS AS ({default}) STORED")
    elif default is not None:
        parts.append(f"DEFAULT {default}")
    if identity:
        when = "ALWAYS" if identity == "a" else "BY DEFAULT"
        sequence = sequences.get((table.oid, name))
        parts.append(f"GENERATED {when} AS IDENTITY {sequence.options if sequence else ''}")
    if not_null:
        parts.append("NOT NULL")
    return " ".join(parts).strip()


def _table_statements(
    table: _Table, columns: dict[int, list[tuple]], sequences: dict[tuple, _Sequence]
) -> list[str]:
    head = "CREATE UNLOGGED TABLE" if table.unlogged else "CREATE TABLE"
    if table.partition_bound is not None and table.parents:
        parent, bound = table.parents[0], table.partition_bound
        return [f"{head} {table.qualified} PARTITION OF {parent} {bound};"]
    rows = columns.get(table.oid, [])
    body = ",\n    ".join(_column_definition(table, row, sequences) for row in rows)
    statement = f"{head} {table.qualified} (\n    {body}\n)"
    if table.parents:
        statement += f" INHERITS ({', '.join(table.parents)})"
    if table.partition_key:
        statement += f" PARTITION BY {table.partition_key}"
    statements = [statement + ";"]
    if table.row_security:
        statements.append(f"ALTER TABLE {table.qualified} ENABLE ROW LEVEL SECURITY;")
    if table.comment is not None:
        statements.append(f"COMMENT ON TABLE {table.qualified} IS {quote_literal(table.comment)};")
    for row in rows:
        column, comment, statistics = row[0], row[7], row[8]
        target = f"{table.qualified}.{quote_ident(column)}"
        if comment is not None:
            statements.append(f"COMMENT ON COLUMN {target} IS {quote_literal(comment)};")
        if statistics is not None and statistics >= 0:
            statements.append(
                f"ALTER TABLE {table.qualified} ALTER COLUMN {quote_ident(column)} "
                f"SET STATISTICS {statistics};"
            )
    for key, sequence in sequences.items():
        if key[0] == table.oid and sequence.owned:
            sequence.owned = sequence.owned.replace("{owner}", table.qualified)
    return statements


def _constraints(connection: psycopg.Connection, oids: list[int]) -> list[str]:
    rows = connection.execute(
        """
        SELECT k.conrelid::regclass::text, k.conname, pg_get_constraintdef(k.oid)
        FROM pg_constraint k
        WHERE k.conrelid = ANY(%s) AND k.contype IN ('p', 'u', 'c', 'f', 'x')
          AND k.conislocal
        ORDER BY k.contype = 'f', k.conrelid, k.conname
        """,
        (oids,),
    ).fetchall()
    return [
        f"ALTER TABLE ONLY {table} ADD CONSTRAINT {quote_ident(name)} {definition};"
        for table, name, definition in rows
    ]


def _indexes(connection: psycopg.Connection, oids: list[int]) -> list[str]:
    """Indexes that back no constraint, their comments, and which index clusters a table."""
    statements = []
    for table, name, definition, comment, clustered, own in connection.execute(
        """
        SELECT x.indrelid::regclass::text, x.indexrelid::regclass::text,
               pg_get_indexdef(x.indexrelid), obj_description(x.indexrelid, 'pg_class'),
               x.indisclustered,
               NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid
                           AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))
        FROM pg_index x
        WHERE x.indrelid = ANY(%s)
        ORDER BY x.indrelid, x.indexrelid
        """,
        (oids,),
    ):
        if own:
            statements.append(definition + ";")
            if comment is not None:
                statements.append(f"COMMENT ON INDEX {name} IS {quote_literal(comment)};")
        if clustered:
            statements.append(f"CLUSTER {table} USING {name.split('.')[-1]};")
    return statements


def _routines(connection: psycopg.Connection, schemas: list[str], oids: list[int]) -> list[str]:
    """Functions of the chosen schemas and those their triggers call, then the triggers."""
    statements = [
        definition.rstrip() + ";"
        for (definition,) in connection.execute(
            """
            SELECT pg_get_functiondef(p.oid)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prokind IN ('f', 'p', 'w')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND (n.nspname = ANY(%s) OR p.oid IN (SELECT g.tgfoid FROM pg_trigger g
                                                     WHERE g.tgrelid = ANY(%s)
                                                       AND NOT g.tgisinternal))
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                              AND d.objid = p.oid AND d.deptype = 'e')
            ORDER BY p.oid
            """,
            (schemas, oids),
        )
    ]
    statements += [
        definition + ";"
        for (definition,) in connection.execute(
            """
            SELECT pg_get_triggerdef(g.oid) FROM pg_trigger g
            WHERE g.tgrelid = ANY(%s) AND NOT g.tgisinternal AND g.tgparentid = 0
            ORDER BY g.tgrelid, g.tgname
            """,
            (oids,),
        )
    ]
    return statements


def _other_objects(
    connection: psycopg.Connection, schemas: list[str], oids: list[int], description: Description
) -> None:
    """What the catalogs hold that has no SQL the importer reads: listed as skipped."""
    for kind, name in connection.execute(
        """
        SELECT 'aggregate', p.oid::regprocedure::text FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prokind = 'a' AND n.nspname = ANY(%(schemas)s)
        UNION ALL
        SELECT 'policy', quote_ident(p.polname) || ' on ' || p.polrelid::regclass::text
        FROM pg_policy p WHERE p.polrelid = ANY(%(oids)s)
        UNION ALL
        SELECT 'rule', quote_ident(r.rulename) || ' on ' || r.ev_class::regclass::text
        FROM pg_rewrite r WHERE r.ev_class = ANY(%(oids)s) AND r.rulename <> '_RETURN'
        UNION ALL
        SELECT 'type', t.oid::regtype::text FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_class c ON c.oid = t.typrelid
        WHERE n.nspname = ANY(%(schemas)s) AND t.typtype IN ('b', 'c', 'r')
          AND (t.typtype <> 'c' OR c.relkind = 'c') AND t.typelem = 0
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                          AND d.objid = t.oid AND d.deptype = 'e')
        UNION ALL
        SELECT 'other object', 'statistics ' || s.stxname FROM pg_statistic_ext s
        WHERE s.stxrelid = ANY(%(oids)s)
        UNION ALL
        SELECT 'comment', 'schema ' || n.nspname FROM pg_namespace n
        WHERE n.nspname = ANY(%(schemas)s)
          AND obj_description(n.oid, 'pg_namespace') IS DISTINCT FROM
              CASE n.nspname WHEN 'public' THEN 'standard public schema' END
          AND obj_description(n.oid, 'pg_namespace') IS NOT NULL
        """,
        {"schemas": schemas, "oids": oids},
    ):
        description.skipped.append((kind, name))
