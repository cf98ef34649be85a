"""A synthetic ``pg_dump --schema-only`` file of any size, written as pg_dump writes one.

Deterministic for a seed. The objects vary as in an application's database: keys by
sequence (``bigserial``: CREATE SEQUENCE, OWNED BY and SET DEFAULT nextval), identity or
``uuid``; columns of a dozen types, enum types, NOT NULL and defaults; unique and check
constraints; foreign keys to earlier tables with their actions and covering indexes;
multi-column, partial and expression indexes; comments on tables, columns and indexes;
the ``updated_at`` trigger; an audit trigger on some tables, a second schema and a few
views (which the importer skips and lists). pg_dump's layout is kept:
the ``\\restrict`` meta-command, SETs, a ``-- Name: ...`` header above every object, and
objects grouped by kind (types, functions, tables with their sequences and comments,
views, defaults, constraints, indexes, triggers, foreign keys). The tests apply a small
one on PostgreSQL (tests/importers/test_large_import.py), so the text stays real SQL.
"""

from __future__ import annotations

import random

_WORDS = (
    "account", "address", "invoice", "order", "product", "customer", "shipment", "payment",
    "review", "session", "ticket", "event", "document", "message", "device", "project",
)  # fmt: skip
_TYPES = (
    "text", "character varying(120)", "character varying(255)", "integer", "bigint",
    "numeric(12,2)", "boolean", "date", "timestamp with time zone", "jsonb", "uuid",
    "text[]", "smallint", "double precision",
)  # fmt: skip
_ACTIONS = ("CASCADE", "RESTRICT", "SET NULL", None)


def _header(name: str, kind: str, schema: str = "public") -> str:
    return f"--\n-- Name: {name}; Type: {kind}; Schema: {schema}; Owner: -\n--\n\n"


class _Dump:
    """The sections of a dump, filled table by table, joined in pg_dump's order."""

    def __init__(self) -> None:
        self.types: list[str] = []
        self.tables: list[str] = []
        self.views: list[str] = []
        self.defaults: list[str] = []
        self.constraints: list[str] = []
        self.indexes: list[str] = []
        self.triggers: list[str] = []
        self.foreign_keys: list[str] = []

    def text(self) -> str:
        head = (
            "--\n-- PostgreSQL database dump\n--\n\n\\restrict synthetic\n\n"
            "-- Dumped from database version 15.18\n-- Dumped by pg_dump version 15.18\n\n"
            "SET statement_timeout = 0;\nSET lock_timeout = 0;\n"
            "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n"
            "SELECT pg_catalog.set_config('search_path', '', false);\n"
            "SET check_function_bodies = false;\nSET client_min_messages = warning;\n\n"
            + _header("audit", "SCHEMA", "-")
            + "CREATE SCHEMA audit;\n\n\n"
        )
        function = _header("update_updated_at_column()", "FUNCTION") + (
            "CREATE FUNCTION public.update_updated_at_column() RETURNS trigger\n"
            "    LANGUAGE plpgsql\n"
            "    AS $$\nBEGIN\n    NEW.updated_at = now();\n    RETURN NEW;\nEND;\n$$;\n\n\n"
            + _header("audit_row()", "FUNCTION")
            + "CREATE FUNCTION public.audit_row() RETURNS trigger\n    LANGUAGE plpgsql\n"
            "    AS $$\nBEGIN\n    RAISE NOTICE 'changed %', TG_TABLE_NAME;\n"
            "    RETURN NEW;\nEND;\n$$;\n\n\n"
            "SET default_tablespace = '';\n\nSET default_table_access_method = heap;\n\n"
        )
        tail = "--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict synthetic\n\n"
        sections = (
            self.types, [function], self.tables, self.views, self.defaults,
            self.constraints, self.indexes, self.triggers, self.foreign_keys,
        )  # fmt: skip
        return head + "".join(part for section in sections for part in section) + tail


def synthetic_dump(tables: int, seed: int = 0) -> str:
    """A pg_dump of ``tables`` tables (about 930 bytes each, as the issue's 6,000-table
    dump of 5.6 MB)."""
    pick = random.Random(seed)
    dump = _Dump()
    enums: list[str] = []
    keys: list[tuple[str, str]] = []  # each table's qualified name and key type
    for number in range(tables):
        if number % 40 == 0:
            enum = f"status_{number // 40}"
            values = ",\n".join(f"    '{value}'" for value in ("new", "active", "closed"))
            dump.types.append(
                _header(enum, "TYPE") + f"CREATE TYPE public.{enum} AS ENUM (\n{values}\n);\n\n\n"
            )
            enums.append(enum)
        schema = "audit" if number % 10 == 9 else "public"
        table = f"{_WORDS[number % len(_WORDS)]}_{number}"
        keys.append(_table(dump, pick, schema, table, enums, keys))
        if number % 200 == 199:
            view = f"recent_{number}"
            dump.views.append(
                _header(view, "VIEW", schema)
                + f"CREATE VIEW {schema}.{view} AS\n SELECT {table}.id\n"
                f"   FROM {schema}.{table};\n\n\n"
            )
    return dump.text()


def _table(
    dump: _Dump,
    pick: random.Random,
    schema: str,
    table: str,
    enums: list[str],
    earlier: list[tuple[str, str]],
) -> tuple[str, str]:
    qualified = f"{schema}.{table}"
    key = pick.choices(("sequence", "uuid", "identity"), weights=(6, 3, 1))[0]
    key_type = {"sequence": "bigint", "uuid": "uuid", "identity": "integer"}[key]
    default = " DEFAULT gen_random_uuid()" if key == "uuid" else ""
    columns = [f"    id {key_type}{default} NOT NULL"]
    names, text_columns = [], []
    for n in range(pick.randint(2, 7)):
        kind = pick.choice(_TYPES)
        name = f"{kind.split('(')[0].split()[0].rstrip('[]')}_{n}"
        not_null = " NOT NULL" if pick.random() < 0.4 else ""
        columns.append(f"    {name} {kind}{not_null}")
        names.append(name)
        if kind == "text" or kind.startswith("character varying"):
            text_columns.append(name)
    if enums and pick.random() < 0.3:
        enum = pick.choice(enums)
        columns.append(f"    status public.{enum} DEFAULT 'new'::public.{enum} NOT NULL")
    references = pick.sample(earlier, min(len(earlier), pick.choice((0, 1, 1, 2, 3))))
    for target, target_type in references:
        nullable = "" if pick.random() < 0.5 else " NOT NULL"
        columns.append(f"    {target.split('.')[1]}_id {target_type}{nullable}")
    checked = pick.random() < 0.2
    if checked:
        columns.append(
            "    amount numeric(12,2) DEFAULT 0 NOT NULL,\n"
            f"    CONSTRAINT {table}_amount_check CHECK ((amount >= (0)::numeric))"
        )
    timestamps = pick.random() < 0.7
    if timestamps:
        columns.append("    created_at timestamp with time zone DEFAULT now() NOT NULL")
        columns.append("    updated_at timestamp with time zone DEFAULT now() NOT NULL")
    dump.tables.append(
        _header(table, "TABLE", schema)
        + f"CREATE TABLE {qualified} (\n"
        + ",\n".join(columns)
        + "\n);\n\n\n"
    )
    if key == "sequence":
        sequence = f"{table}_id_seq"
        dump.tables.append(
            _header(sequence, "SEQUENCE", schema)
            + f"CREATE SEQUENCE {schema}.{sequence}\n    START WITH 1\n    INCREMENT BY 1\n"
            "    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1;\n\n\n"
            + _header(sequence, "SEQUENCE OWNED BY", schema)
            + f"ALTER SEQUENCE {schema}.{sequence} OWNED BY {qualified}.id;\n\n\n"
        )
        dump.defaults.append(
            _header(f"{table} id", "DEFAULT", schema)
            + f"ALTER TABLE ONLY {qualified} ALTER COLUMN id SET DEFAULT "
            f"nextval('{schema}.{sequence}'::regclass);\n\n\n"
        )
    elif key == "identity":
        dump.tables.append(
            _header(f"{table}_id_seq", "SEQUENCE", schema)
            + f"ALTER TABLE {qualified} ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (\n"
            f"    SEQUENCE NAME {schema}.{table}_id_seq\n    START WITH 1\n    INCREMENT BY 1\n"
            "    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1\n);\n\n\n"
        )
    if pick.random() < 0.5:
        dump.tables.append(
            _header(f"TABLE {table}", "COMMENT", schema)
            + f"COMMENT ON TABLE {qualified} IS 'Synthetic {table}, for the benchmarks.';\n\n\n"
        )
    if names and pick.random() < 0.3:
        dump.tables.append(
            _header(f"COLUMN {table}.{names[0]}", "COMMENT", schema)
            + f"COMMENT ON COLUMN {qualified}.{names[0]} IS 'What {names[0]} holds.';\n\n\n"
        )
    dump.constraints.append(
        _header(f"{table} {table}_pkey", "CONSTRAINT", schema)
        + f"ALTER TABLE ONLY {qualified}\n    ADD CONSTRAINT {table}_pkey PRIMARY KEY (id);\n\n\n"
    )
    if names and pick.random() < 0.25:
        dump.constraints.append(
            _header(f"{table} {table}_{names[-1]}_key", "CONSTRAINT", schema)
            + f"ALTER TABLE ONLY {qualified}\n"
            f"    ADD CONSTRAINT {table}_{names[-1]}_key UNIQUE ({names[-1]});\n\n\n"
        )
    for target, _ in references:
        column = f"{target.split('.')[1]}_id"
        index = f"{table}_{column}_idx"
        dump.indexes.append(
            _header(index, "INDEX", schema)
            + f"CREATE INDEX {index} ON {qualified} USING btree ({column});\n\n\n"
        )
        action = pick.choice(_ACTIONS)
        if action == "SET NULL":
            action = "CASCADE"  # the column may be NOT NULL
        on_delete = f" ON DELETE {action}" if action else ""
        dump.foreign_keys.append(
            _header(f"{table} {table}_{column}_fkey", "FK CONSTRAINT", schema)
            + f"ALTER TABLE ONLY {qualified}\n    ADD CONSTRAINT {table}_{column}_fkey "
            f"FOREIGN KEY ({column}) REFERENCES {target}(id){on_delete};\n\n\n"
        )
    if timestamps and pick.random() < 0.5:
        index = f"ix_{table}_recent"
        where = " WHERE (amount > (0)::numeric)" if checked else ""
        dump.indexes.append(
            _header(index, "INDEX", schema)
            + f"CREATE INDEX {index} ON {qualified} USING btree (created_at DESC, id){where};\n\n\n"
            + _header(f"INDEX {index}", "COMMENT", schema)
            + f"COMMENT ON INDEX {schema}.{index} IS 'Newest first, for the lists.';\n\n\n"
        )
    if text_columns and pick.random() < 0.15:
        index = f"{table}_lower_idx"
        dump.indexes.append(
            _header(index, "INDEX", schema) + f"CREATE INDEX {index} ON {qualified} USING btree "
            f"(lower(({text_columns[0]})::text));\n\n\n"
        )
    if pick.random() < 0.05:
        dump.triggers.append(
            _header(f"{table} audit_{table}", "TRIGGER", schema)
            + f"CREATE TRIGGER audit_{table} AFTER INSERT OR UPDATE ON {qualified} "
            "FOR EACH ROW EXECUTE FUNCTION public.audit_row();\n\n\n"
        )
    if timestamps:
        trigger = f"trg_{table}_updated_at"
        dump.triggers.append(
            _header(f"{table} {trigger}", "TRIGGER", schema)
            + f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {qualified} FOR EACH ROW "
            "EXECUTE FUNCTION public.update_updated_at_column();\n\n\n"
        )
    return qualified, key_type


def dump_of_size(megabytes: float, seed: int = 0) -> tuple[str, int]:
    """A dump of at most ``megabytes`` MB (MiB, as MAX_UPLOAD_BYTES counts them) and
    within 2% of it, and its number of tables."""
    limit = megabytes * 1024 * 1024
    tables = max(1, round(limit / (len(synthetic_dump(400, seed).encode()) / 400)))
    while True:
        text = synthetic_dump(tables, seed)
        size = len(text.encode())
        if size <= limit and (size >= 0.98 * limit or tables == 1):
            return text, tables
        tables = max(1, int(tables * 0.99 * limit / size))
