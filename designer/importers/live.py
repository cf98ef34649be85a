"""Import the schema of a live PostgreSQL database, read from its catalogs.

``import_live(url, allowed_hosts=..., schemas=("public",))`` connects with psycopg, opens
a READ ONLY transaction, and asks PostgreSQL to describe each object of the chosen
schemas in its own SQL — ``format_type``, ``pg_get_expr``, ``pg_get_constraintdef``,
``pg_get_indexdef``, ``pg_get_triggerdef``, ``pg_get_functiondef``, as pg_dump does. That
description is read by the SQL importer (``designer.importers.sql``), so a live database
and its dump import to the same model with the same summary; what the catalogs hold
beyond that (views, policies, rules, extensions, other types...) is added to the
summary's skipped list.

Only the chosen schemas are read (``public`` by default); enum types and domains of
other schemas that their columns use come along, and foreign keys to tables of other
schemas are listed as skipped.

The connection goes through ``designer.importers.live_guard``: only a few URL parameters,
only hosts that ``allowed_hosts`` (the ``LIVE_IMPORT_HOSTS`` setting) allows, nothing
from the server's environment or password files, and one deadline for the whole read
(connecting and every query), after which the socket is shut down whatever the other
side does. The URL's password is used to connect and then forgotten: it is never kept,
logged or shown. A failure is a ``LiveImportError`` with one fixed sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg

from designer.schema.sqltext import quote_ident, quote_literal

from .live_guard import (
    TURNED_OFF,
    Deadline,
    HostAllowlist,
    LiveImportError,
    Target,
    connect,
    cut_off,
    parse_url,
    resolve,
)
from .sql import import_sql
from .summary import ImportResult

__all__ = ["DEADLINE_SECONDS", "LiveImportError", "import_live", "read_only_snapshot"]

DEADLINE_SECONDS = 20


def import_live(
    url: str,
    *,
    allowed_hosts: HostAllowlist | Iterable[str],
    schemas: Sequence[str] = ("public",),
    name: str | None = None,
    deadline_seconds: float = DEADLINE_SECONDS,
) -> ImportResult:
    """The schema of the database at ``url`` (the chosen schemas), and its summary, read
    within ``deadline_seconds`` from a host that ``allowed_hosts`` allows."""
    if not isinstance(allowed_hosts, HostAllowlist):
        allowed_hosts = HostAllowlist.parse(allowed_hosts)
    if not allowed_hosts:
        raise LiveImportError(TURNED_OFF)
    deadline = Deadline(deadline_seconds)
    target = parse_url(url)
    connection = connect(target, resolve(target, allowed_hosts), deadline)
    try:
        description = _read_within(connection, target, list(schemas), deadline)
    finally:
        connection.close()
    if not description.holds_schema:
        chosen = ", ".join(schemas)
        raise LiveImportError(
            f"{target.place} has no tables or enum types in the schema(s) {chosen}"
        )
    result = import_sql("\n".join(description.statements), name=name or _default_name(target))
    for kind, object_name in description.skipped:
        result.summary.skip(kind, object_name)
    return result


def _read_within(
    connection: psycopg.Connection, target: Target, schemas: list[str], deadline: Deadline
) -> Description:
    late = LiveImportError(
        f"{target.place} did not finish answering within {deadline.seconds:g} seconds"
    )
    remaining = deadline.remaining()
    if remaining <= 0:
        raise late
    with cut_off(connection, deadline) as fired:
        try:
            return _read(connection, schemas, remaining)
        except psycopg.errors.QueryCanceled:
            raise late from None
        except psycopg.Error as error:
            if fired.is_set():
                raise late from None
            if error.sqlstate and error.diag.message_primary:
                # The server's own words about a query (a missing privilege...), on one line.
                words = " ".join(error.diag.message_primary.split())[:300]
                raise LiveImportError(f"reading {target.place} failed: {words}") from None
            raise LiveImportError(f"the connection to {target.place} was lost") from None


def _default_name(target: Target) -> str:
    return f"Imported from {target.dbname}"


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
        description.statements += _aggregates(connection, schemas)
        views = [table for table in tables if table.kind in {"v", "m"}]
        description.statements += _views(connection, views)
        description.statements += _kept_objects(connection, schemas, oids)
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


_SKIPPED_RELATIONS = {"f": "foreign table"}


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


def _aggregates(connection: psycopg.Connection, schemas: list[str]) -> list[str]:
    """Plain aggregates of the chosen schemas (ordered-set ones are listed as skipped)."""
    statements = []
    for signature, state, state_type, final, initial, combine in connection.execute(
        """
        SELECT p.oid::regprocedure::text, a.aggtransfn::regproc::text,
               format_type(a.aggtranstype, NULL),
               NULLIF(a.aggfinalfn, 0)::regproc::text, a.agginitval,
               NULLIF(a.aggcombinefn, 0)::regproc::text
        FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prokind = 'a' AND a.aggkind = 'n' AND n.nspname = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
        ORDER BY p.oid
        """,
        (schemas,),
    ):
        options = [f"SFUNC = {state}", f"STYPE = {state_type}"]
        if final:
            options.append(f"FINALFUNC = {final}")
        if combine:
            options.append(f"COMBINEFUNC = {combine}")
        if initial is not None:
            options.append(f"INITCOND = {quote_literal(initial)}")
        statements.append(f"CREATE AGGREGATE {signature} ({', '.join(options)});")
    return statements


def _views(connection: psycopg.Connection, views: list[_Table]) -> list[str]:
    """Views and materialized views (with their indexes and comments), in the order
    they were created, as the SQL importer keeps them."""
    statements = []
    oids = [view.oid for view in views]
    rows = connection.execute(
        "SELECT c.oid, pg_get_viewdef(c.oid), c.relispopulated FROM pg_class c "
        "WHERE c.oid = ANY(%s)",
        (oids,),
    ).fetchall()
    definitions = {oid: definition for oid, definition, _ in rows}
    populated = {oid: flag for oid, _, flag in rows}
    for view in views:
        query = (definitions.get(view.oid) or "").strip().rstrip(";")
        if view.kind == "v":
            statements.append(f"CREATE VIEW {view.qualified} AS\n{query};")
        else:
            statements.append(
                f"CREATE MATERIALIZED VIEW {view.qualified} AS\n{query}\nWITH NO DATA;"
            )
            if populated.get(view.oid):
                statements.append(f"REFRESH MATERIALIZED VIEW {view.qualified};")
        if view.comment is not None:
            what = "VIEW" if view.kind == "v" else "MATERIALIZED VIEW"
            statements.append(
                f"COMMENT ON {what} {view.qualified} IS {quote_literal(view.comment)};"
            )
    for target, comment in connection.execute(
        """
        SELECT a.attrelid::regclass::text || '.' || quote_ident(a.attname),
               col_description(a.attrelid, a.attnum)
        FROM pg_attribute a
        WHERE a.attrelid = ANY(%s) AND a.attnum > 0 AND NOT a.attisdropped
          AND col_description(a.attrelid, a.attnum) IS NOT NULL
        ORDER BY a.attrelid, a.attnum
        """,
        (oids,),
    ):
        statements.append(f"COMMENT ON COLUMN {target} IS {quote_literal(comment)};")
    statements += _indexes(connection, [view.oid for view in views if view.kind == "m"])
    return statements


def _kept_objects(connection: psycopg.Connection, schemas: list[str], oids: list[int]) -> list[str]:
    """Rules, policies, composite types and comments on schemas, as SQL."""
    statements = [
        definition
        for (definition,) in connection.execute(
            """
            SELECT pg_get_ruledef(r.oid) FROM pg_rewrite r
            WHERE r.ev_class = ANY(%s) AND r.rulename <> '_RETURN' ORDER BY r.oid
            """,
            (oids,),
        )
    ]
    for name, table, permissive, command, roles, using, check in connection.execute(
        """
        SELECT quote_ident(p.polname), p.polrelid::regclass::text, p.polpermissive,
               p.polcmd,
               ARRAY(SELECT CASE r WHEN 0 THEN 'PUBLIC' ELSE quote_ident(r::regrole::text) END
                     FROM unnest(p.polroles) AS r),
               pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
        FROM pg_policy p WHERE p.polrelid = ANY(%s) ORDER BY p.oid
        """,
        (oids,),
    ):
        commands = {"r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "*": "ALL"}
        statement = f"CREATE POLICY {name} ON {table}"
        statement += "" if permissive else " AS RESTRICTIVE"
        statement += f" FOR {commands.get(command, 'ALL')} TO {', '.join(roles)}"
        statement += f" USING ({using})" if using else ""
        statement += f" WITH CHECK ({check})" if check else ""
        statements.append(statement + ";")
    for qualified, attributes in connection.execute(
        """
        SELECT t.oid::regtype::text,
               string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod),
                          ', ' ORDER BY a.attnum)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                          AND d.objid = t.oid AND d.deptype = 'e')
        GROUP BY t.oid ORDER BY t.oid
        """,
        (schemas,),
    ):
        statements.insert(0, f"CREATE TYPE {qualified} AS ({attributes});")
    for extension, comment in connection.execute(
        """
        SELECT quote_ident(e.extname), obj_description(e.oid, 'pg_extension')
        FROM pg_extension e
        LEFT JOIN pg_available_extensions a ON a.name = e.extname
        WHERE e.extname <> 'plpgsql' AND obj_description(e.oid, 'pg_extension') IS NOT NULL
          -- the comment CREATE EXTENSION itself writes (its control file's) is not one
          AND obj_description(e.oid, 'pg_extension') IS DISTINCT FROM a.comment
        ORDER BY e.oid
        """
    ):
        statements.append(f"COMMENT ON EXTENSION {extension} IS {quote_literal(comment)};")
    for schema, comment in connection.execute(
        """
        SELECT quote_ident(n.nspname), obj_description(n.oid, 'pg_namespace')
        FROM pg_namespace n
        WHERE n.nspname = ANY(%s)
          AND obj_description(n.oid, 'pg_namespace') IS DISTINCT FROM
              CASE n.nspname WHEN 'public' THEN 'standard public schema' END
          AND obj_description(n.oid, 'pg_namespace') IS NOT NULL
        ORDER BY n.nspname
        """,
        (schemas,),
    ):
        statements.append(f"COMMENT ON SCHEMA {schema} IS {quote_literal(comment)};")
    return statements


def _other_objects(
    connection: psycopg.Connection, schemas: list[str], oids: list[int], description: Description
) -> None:
    """What the catalogs hold that has no SQL the importer reads: listed as skipped."""
    for kind, name in connection.execute(
        """
        SELECT 'aggregate', p.oid::regprocedure::text FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_aggregate a ON a.aggfnoid = p.oid
        WHERE p.prokind = 'a' AND a.aggkind <> 'n' AND n.nspname = ANY(%(schemas)s)
        UNION ALL
        SELECT 'type', t.oid::regtype::text FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = ANY(%(schemas)s) AND t.typtype IN ('b', 'r') AND t.typelem = 0
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                          AND d.objid = t.oid AND d.deptype = 'e')
        UNION ALL
        SELECT 'other object', 'statistics ' || s.stxname FROM pg_statistic_ext s
        WHERE s.stxrelid = ANY(%(oids)s)

        """,
        {"schemas": schemas, "oids": oids},
    ):
        description.skipped.append((kind, name))
