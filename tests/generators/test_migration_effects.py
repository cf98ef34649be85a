"""``migration_effects`` against a real PostgreSQL: the locks, rewrites, scans and failures.

Each statement runs in a transaction on a small table ``t`` (five rows, an index
``t_a_idx``) next to a table ``parent`` it may reference. Inside the transaction the test
reads this backend's granted locks in ``pg_locks`` (the strongest mode on each table must
be the one the effect names), compares ``pg_class.relfilenode`` of ``t`` before and after
(a rewrite assigns a new one) and collects the server's DEBUG1 messages ("rewriting
table", "verifying table"); then it rolls back. The CONCURRENTLY forms are refused inside
a transaction block, so their locks are read from another session while they wait.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from psycopg import errors

from designer.generators.migration_effects import (
    Duration,
    Form,
    LockMode,
    Rewrite,
    Target,
    column_type_effect,
    comment,
    effect,
    type_change,
)
from designer.schema.limits import PG_VERSIONS
from designer.schema.model import ColumnType, QName
from designer.schema.sqltext import type_sql
from designer.schema.types import TYPE_KEYS, index_methods
from tests.support.postgres import PgDatabase, PgServer

pytestmark = pytest.mark.postgres

BASE = """
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE parent (id integer PRIMARY KEY, code text);
INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 5) g;
CREATE TABLE t (
    id integer PRIMARY KEY, a integer, b varchar(20), c text, parent_id integer, m mood
);
INSERT INTO t SELECT g, g, 'b' || g, 'c' || g, g, 'sad' FROM generate_series(1, 5) g;
CREATE INDEX t_a_idx ON t (a);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
"""
RELATIONS = {Target.TABLE: "t", Target.REFERENCED: "parent", Target.INDEX: "t_a_idx"}
FK = "ALTER TABLE t ADD CONSTRAINT t_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id)"
TRIGGER = "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch()"


@dataclass(frozen=True)
class Case:
    form: Form
    statement: str
    setup: str = ""


CASES = (
    Case(Form.CREATE_SCHEMA, "CREATE SCHEMA s2"),
    Case(Form.DROP_SCHEMA, "DROP SCHEMA s2", "CREATE SCHEMA s2"),
    Case(Form.CREATE_EXTENSION, "CREATE EXTENSION citext"),
    Case(Form.DROP_EXTENSION, "DROP EXTENSION citext", "CREATE EXTENSION citext"),
    Case(Form.CREATE_ENUM, "CREATE TYPE color AS ENUM ('red')"),
    Case(Form.ADD_ENUM_VALUE, "ALTER TYPE mood ADD VALUE 'calm' BEFORE 'happy'"),
    Case(Form.ADD_ENUM_VALUE, "ALTER TYPE mood ADD VALUE 'glad' AFTER 'happy'"),
    Case(Form.RENAME_ENUM_VALUE, "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'"),
    Case(Form.RENAME_TYPE, "ALTER TYPE mood RENAME TO feeling"),
    Case(Form.TYPE_SET_SCHEMA, "ALTER TYPE mood SET SCHEMA s2", "CREATE SCHEMA s2"),
    Case(Form.DROP_TYPE, "DROP TYPE color", "CREATE TYPE color AS ENUM ('red')"),
    Case(
        Form.CREATE_TABLE,
        "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id))",
    ),
    Case(Form.DROP_TABLE, "DROP TABLE t", FK),
    Case(Form.RENAME_TABLE, "ALTER TABLE t RENAME TO t2"),
    Case(Form.RENAME_COLUMN, "ALTER TABLE t RENAME COLUMN a TO a2"),
    Case(Form.RENAME_CONSTRAINT, "ALTER TABLE t RENAME CONSTRAINT t_pkey TO t_pk"),
    Case(Form.RENAME_CONSTRAINT, "ALTER TABLE t RENAME CONSTRAINT t_parent_fk TO t_fk", FK),
    Case(Form.SET_SCHEMA, "ALTER TABLE t SET SCHEMA s2", "CREATE SCHEMA s2"),
    Case(Form.RENAME_INDEX, "ALTER INDEX t_a_idx RENAME TO t_a_index"),
    Case(Form.ADD_COLUMN, "ALTER TABLE t ADD COLUMN d integer"),
    Case(Form.ADD_COLUMN_CONSTANT_DEFAULT, "ALTER TABLE t ADD COLUMN d integer NOT NULL DEFAULT 0"),
    Case(Form.ADD_COLUMN_CONSTANT_DEFAULT, "ALTER TABLE t ADD COLUMN d timestamptz DEFAULT now()"),
    Case(Form.ADD_COLUMN_NOT_NULL, "ALTER TABLE t ADD COLUMN d integer NOT NULL", "DELETE FROM t"),
    Case(
        Form.ADD_COLUMN_VOLATILE_DEFAULT,
        "ALTER TABLE t ADD COLUMN d uuid DEFAULT gen_random_uuid()",
    ),
    Case(
        Form.ADD_COLUMN_VOLATILE_DEFAULT,
        "ALTER TABLE t ADD COLUMN d timestamptz NOT NULL DEFAULT clock_timestamp()",
    ),
    Case(
        Form.ADD_COLUMN_IDENTITY, "ALTER TABLE t ADD COLUMN d bigint GENERATED ALWAYS AS IDENTITY"
    ),
    Case(
        Form.ADD_COLUMN_GENERATED_STORED,
        "ALTER TABLE t ADD COLUMN d integer GENERATED ALWAYS AS (a * 2) STORED",
    ),
    Case(Form.DROP_COLUMN, "ALTER TABLE t DROP COLUMN c"),
    Case(Form.ALTER_TYPE_NO_REWRITE, "ALTER TABLE t ALTER COLUMN b TYPE varchar(40)"),
    Case(Form.ALTER_TYPE_NO_REWRITE, "ALTER TABLE t ALTER COLUMN b TYPE text"),
    Case(
        Form.ALTER_TYPE_REBUILD_INDEXES,
        "ALTER TABLE t ALTER COLUMN bits TYPE varbit",
        "ALTER TABLE t ADD COLUMN bits bit(3); CREATE INDEX t_bits_idx ON t (bits)",
    ),
    Case(Form.ALTER_TYPE_REWRITE, "ALTER TABLE t ALTER COLUMN a TYPE bigint"),
    Case(Form.ALTER_TYPE_NARROWING, "ALTER TABLE t ALTER COLUMN b TYPE varchar(10)"),
    Case(Form.ALTER_TYPE_USING, "ALTER TABLE t ALTER COLUMN c TYPE integer USING length(c)"),
    Case(Form.SET_NOT_NULL, "ALTER TABLE t ALTER COLUMN a SET NOT NULL"),
    Case(
        Form.SET_NOT_NULL_PROVED,
        "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
        "ALTER TABLE t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL)",
    ),
    Case(
        Form.DROP_NOT_NULL,
        "ALTER TABLE t ALTER COLUMN a DROP NOT NULL",
        "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
    ),
    Case(Form.SET_DEFAULT, "ALTER TABLE t ALTER COLUMN a SET DEFAULT 0"),
    Case(
        Form.DROP_DEFAULT,
        "ALTER TABLE t ALTER COLUMN a DROP DEFAULT",
        "ALTER TABLE t ALTER COLUMN a SET DEFAULT 0",
    ),
    Case(Form.ADD_CHECK, "ALTER TABLE t ADD CONSTRAINT t_a_positive CHECK (a > 0)"),
    Case(
        Form.ADD_CHECK_NOT_VALID,
        "ALTER TABLE t ADD CONSTRAINT t_a_positive CHECK (a > 0) NOT VALID",
    ),
    Case(
        Form.VALIDATE_CHECK,
        "ALTER TABLE t VALIDATE CONSTRAINT t_a_positive",
        "ALTER TABLE t ADD CONSTRAINT t_a_positive CHECK (a > 0) NOT VALID",
    ),
    Case(Form.ADD_FOREIGN_KEY, FK),
    Case(Form.ADD_FOREIGN_KEY_NOT_VALID, FK + " NOT VALID"),
    Case(
        Form.VALIDATE_FOREIGN_KEY,
        "ALTER TABLE t VALIDATE CONSTRAINT t_parent_fk",
        FK + " NOT VALID",
    ),
    Case(Form.ADD_UNIQUE, "ALTER TABLE t ADD CONSTRAINT t_b_key UNIQUE (b)"),
    Case(
        Form.ADD_PRIMARY_KEY,
        "ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id)",
        "ALTER TABLE t DROP CONSTRAINT t_pkey",
    ),
    Case(
        Form.ADD_CONSTRAINT_USING_INDEX,
        "ALTER TABLE t ADD CONSTRAINT t_b_key UNIQUE USING INDEX t_b_uniq",
        "CREATE UNIQUE INDEX t_b_uniq ON t (b)",
    ),
    Case(
        Form.ADD_CONSTRAINT_USING_INDEX,
        "ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id_uniq",
        "ALTER TABLE t DROP CONSTRAINT t_pkey; CREATE UNIQUE INDEX t_id_uniq ON t (id)",
    ),
    Case(
        Form.DROP_CONSTRAINT,
        "ALTER TABLE t DROP CONSTRAINT t_a_positive",
        "ALTER TABLE t ADD CONSTRAINT t_a_positive CHECK (a > 0)",
    ),
    Case(Form.DROP_CONSTRAINT, "ALTER TABLE t DROP CONSTRAINT t_pkey"),
    Case(Form.DROP_FOREIGN_KEY, "ALTER TABLE t DROP CONSTRAINT t_parent_fk", FK),
    Case(Form.CREATE_INDEX, "CREATE INDEX t_b_idx ON t (b)"),
    Case(Form.CREATE_UNIQUE_INDEX, "CREATE UNIQUE INDEX t_b_idx ON t (b)"),
    Case(Form.DROP_INDEX, "DROP INDEX t_a_idx"),
    Case(Form.CREATE_TRIGGER, TRIGGER),
    Case(Form.DROP_TRIGGER, "DROP TRIGGER t_touch ON t", TRIGGER),
    Case(
        Form.CREATE_FUNCTION,
        "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql "
        "AS $$BEGIN RETURN NEW; END$$",
        TRIGGER,
    ),
    Case(Form.COMMENT, "COMMENT ON TABLE t IS 'the orders'"),
    Case(Form.COMMENT, "COMMENT ON COLUMN t.a IS 'the amount'"),
    Case(Form.COMMENT_ON_INDEX, "COMMENT ON INDEX t_a_idx IS 'by amount'"),
    Case(Form.COMMENT_ON_TYPE, "COMMENT ON TYPE mood IS 'how it went'"),
    Case(Form.COMMENT_ON_CONSTRAINT, "COMMENT ON CONSTRAINT t_pkey ON t IS 'the key'"),
)

# Statements that existing rows (or objects) make fail, with the error PostgreSQL raises.
FAILURES = (
    Case(Form.ADD_COLUMN_NOT_NULL, "ALTER TABLE t ADD COLUMN d integer NOT NULL"),
    Case(
        Form.ADD_COLUMN_GENERATED_STORED,
        "ALTER TABLE t ADD COLUMN d integer GENERATED ALWAYS AS (10 / (a - 1)) STORED",
    ),
    Case(
        Form.ALTER_TYPE_NARROWING,
        "ALTER TABLE t ALTER COLUMN b TYPE varchar(10)",
        "UPDATE t SET b = repeat('x', 15) WHERE id = 3",
    ),
    Case(
        Form.ALTER_TYPE_USING,
        "ALTER TABLE t ALTER COLUMN c TYPE integer USING c::integer",
    ),
    Case(
        Form.SET_NOT_NULL,
        "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
        "UPDATE t SET a = NULL WHERE id = 3",
    ),
    Case(Form.ADD_CHECK, "ALTER TABLE t ADD CONSTRAINT t_a_big CHECK (a > 1)"),
    Case(
        Form.VALIDATE_CHECK,
        "ALTER TABLE t VALIDATE CONSTRAINT t_a_big",
        "ALTER TABLE t ADD CONSTRAINT t_a_big CHECK (a > 1) NOT VALID",
    ),
    Case(Form.ADD_FOREIGN_KEY, FK, "UPDATE t SET parent_id = 99 WHERE id = 3"),
    Case(
        Form.VALIDATE_FOREIGN_KEY,
        "ALTER TABLE t VALIDATE CONSTRAINT t_parent_fk",
        "UPDATE t SET parent_id = 99 WHERE id = 3; " + FK + " NOT VALID",
    ),
    Case(
        Form.ADD_UNIQUE,
        "ALTER TABLE t ADD CONSTRAINT t_b_key UNIQUE (b)",
        "UPDATE t SET b = 'same' WHERE id < 3",
    ),
    Case(
        Form.ADD_PRIMARY_KEY,
        "ALTER TABLE t ADD CONSTRAINT t_a_pkey PRIMARY KEY (a)",
        "ALTER TABLE t DROP CONSTRAINT t_pkey; UPDATE t SET a = NULL WHERE id = 3",
    ),
    Case(
        Form.ADD_PRIMARY_KEY,
        "ALTER TABLE t ADD CONSTRAINT t_a_pkey PRIMARY KEY (a)",
        "ALTER TABLE t DROP CONSTRAINT t_pkey; UPDATE t SET a = 1 WHERE id < 3",
    ),
    Case(
        Form.ADD_CONSTRAINT_USING_INDEX,
        "ALTER TABLE t ADD CONSTRAINT t_a_pkey PRIMARY KEY USING INDEX t_a_uniq",
        "ALTER TABLE t DROP CONSTRAINT t_pkey; CREATE UNIQUE INDEX t_a_uniq ON t (a); "
        "UPDATE t SET a = NULL WHERE id = 3",
    ),
    Case(
        Form.CREATE_UNIQUE_INDEX,
        "CREATE UNIQUE INDEX t_b_idx ON t (b)",
        "UPDATE t SET b = 'same' WHERE id < 3",
    ),
    Case(
        Form.DROP_TABLE,
        "DROP TABLE parent",
        FK,
    ),
    Case(Form.DROP_TYPE, "DROP TYPE mood"),
    Case(Form.DROP_SCHEMA, "DROP SCHEMA s2", "CREATE SCHEMA s2; CREATE TABLE s2.x (id integer)"),
    Case(Form.CREATE_EXTENSION, "CREATE EXTENSION no_such_extension"),
    Case(
        Form.DROP_EXTENSION,
        "DROP EXTENSION citext",
        "CREATE EXTENSION citext; ALTER TABLE t ADD COLUMN e citext",
    ),
)

CONCURRENT = (
    Case(Form.CREATE_INDEX_CONCURRENTLY, "CREATE INDEX CONCURRENTLY t_b_idx ON t (b)"),
    Case(
        Form.CREATE_UNIQUE_INDEX_CONCURRENTLY,
        "CREATE UNIQUE INDEX CONCURRENTLY t_b_idx ON t (b)",
    ),
    Case(Form.DROP_INDEX_CONCURRENTLY, "DROP INDEX CONCURRENTLY t_a_idx"),
)


@pytest.fixture(scope="module")
def server_version(pg_server: PgServer) -> int:
    with pg_server.connect() as conn:
        return conn.info.server_version // 10000


@pytest.fixture(scope="module")
def db(pg_server: PgServer) -> Iterator[PgDatabase]:
    """One database for the module; each case empties it and builds the tables again."""
    database = pg_server.create_database("effects")
    try:
        yield database
    finally:
        database.drop()


@pytest.fixture
def conn(db: PgDatabase) -> Iterator[psycopg.Connection]:
    with db.connect() as connection:
        yield connection


def _prepare(conn: psycopg.Connection, setup: str = "") -> dict[Target, int]:
    """Empty the database, build ``BASE`` and ``setup``; the oids of the relations."""
    conn.execute(
        "DROP SCHEMA IF EXISTS public, s2 CASCADE; DROP EXTENSION IF EXISTS citext;"
        "CREATE SCHEMA public"
    )
    conn.execute(BASE + (setup and setup + ";"))  # type: ignore[arg-type]
    oids: dict[Target, int] = {}
    for target, name in RELATIONS.items():
        (oid,) = conn.execute("SELECT to_regclass(%s)::oid", (name,)).fetchone()
        oids[target] = oid
    return oids


def _relfilenode(conn: psycopg.Connection, oid: int) -> int | None:
    row = conn.execute("SELECT relfilenode FROM pg_class WHERE oid = %s", (oid,)).fetchone()
    return row[0] if row else None


def _strongest(conn: psycopg.Connection, oid: int, pid: int | None = None) -> LockMode | None:
    rows = conn.execute(
        "SELECT mode FROM pg_locks WHERE pid = coalesce(%s, pg_backend_pid()) "
        "AND locktype = 'relation' AND relation = %s AND granted",
        (pid, oid),
    ).fetchall()
    modes = [mode for mode in LockMode if mode.pg_locks in {row[0] for row in rows}]
    return max(modes) if modes else None


@dataclass
class Observed:
    locks: dict[Target, LockMode | None]
    rewritten: bool
    messages: list[str]


def _observe(conn: psycopg.Connection, case: Case) -> Observed:
    """Run ``case.statement`` in a transaction; what it locked and did; roll back."""
    oids = _prepare(conn, case.setup)
    messages: list[str] = []

    def collect(notice: psycopg.errors.Diagnostic) -> None:
        messages.append(notice.message_primary or "")

    conn.add_notice_handler(collect)
    before = _relfilenode(conn, oids[Target.TABLE])
    conn.execute("BEGIN")
    try:
        conn.execute("SET LOCAL client_min_messages = debug1")
        conn.execute(case.statement)  # type: ignore[arg-type]
        conn.execute("SET LOCAL client_min_messages = notice")
        locks = {target: _strongest(conn, oid) for target, oid in oids.items()}
        after = _relfilenode(conn, oids[Target.TABLE])
    finally:
        conn.execute("ROLLBACK")
        conn.remove_notice_handler(collect)
    return Observed(locks, after is not None and after != before, messages)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.statement[:60])
def test_the_statement_takes_the_locks_and_time_the_effect_says(conn, case, server_version):
    expected = effect(case.form, server_version)
    observed = _observe(conn, case)

    assert observed.locks[Target.TABLE] == expected.strongest(Target.TABLE)
    assert observed.locks[Target.REFERENCED] == expected.strongest(Target.REFERENCED)
    if expected.strongest(Target.INDEX) is not None:
        assert observed.locks[Target.INDEX] == expected.strongest(Target.INDEX)
    # The server's DEBUG1 messages say what it did with the table's rows.
    said = observed.messages
    rewriting = any(m.startswith('rewriting table "t"') for m in said)
    scanning = any(m.startswith(('verifying table "t"', "validating foreign key")) for m in said)
    indexing = any(
        m.startswith("building index") and m.endswith('on table "t" serially') for m in said
    )
    assert observed.rewritten == expected.rewrites
    assert rewriting == expected.rewrites, said
    assert scanning == (expected.duration is Duration.SCAN), said
    assert indexing == (expected.duration in {Duration.INDEX_BUILD, Duration.REWRITE}), said
    assert expected.transactional


def test_set_not_null_skips_the_scan_when_a_validated_check_proves_it(conn):
    plain = _observe(conn, Case(Form.SET_NOT_NULL, "ALTER TABLE t ALTER COLUMN a SET NOT NULL"))
    proved = _observe(
        conn,
        Case(
            Form.SET_NOT_NULL_PROVED,
            "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
            "ALTER TABLE t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL)",
        ),
    )
    assert 'verifying table "t"' in plain.messages
    assert 'verifying table "t"' not in proved.messages
    assert any("are sufficient to prove" in message for message in proved.messages)


@pytest.mark.parametrize("case", FAILURES, ids=lambda case: case.statement[:60])
def test_the_statement_fails_on_the_rows_the_effect_names(conn, case, server_version):
    assert effect(case.form, server_version).can_fail_on_rows
    _prepare(conn, case.setup)
    conn.execute("BEGIN")
    try:
        with pytest.raises(psycopg.DatabaseError):
            conn.execute(case.statement)  # type: ignore[arg-type]
    finally:
        conn.execute("ROLLBACK")


def test_every_form_that_can_fail_has_a_failing_case():
    failing = {case.form for case in FAILURES} | {Form.CREATE_UNIQUE_INDEX_CONCURRENTLY}
    can_fail = {form for form in Form if effect(form, 18).can_fail_on_rows}
    assert can_fail == failing


def test_every_transactional_form_is_run_in_a_transaction():
    run = {case.form for case in CASES} | {case.form for case in CONCURRENT}
    missing = set(Form) - run - {Form.ADD_COLUMN_GENERATED_VIRTUAL}
    assert not missing


@pytest.mark.parametrize("case", CONCURRENT, ids=lambda case: case.form.value)
def test_concurrently_is_refused_in_a_transaction_block(conn, case, server_version):
    assert not effect(case.form, server_version).transactional
    _prepare(conn)
    conn.execute("BEGIN")
    try:
        with pytest.raises(errors.ActiveSqlTransaction):
            conn.execute(case.statement)  # type: ignore[arg-type]
    finally:
        conn.execute("ROLLBACK")


@pytest.mark.parametrize("case", CONCURRENT, ids=lambda case: case.form.value)
def test_concurrently_lets_writes_go_on_while_it_waits(db, conn, case, server_version):
    """An open transaction that wrote to ``t`` keeps it waiting; meanwhile another session
    reads the locks it holds, and the writer can still write."""
    expected = effect(case.form, server_version)
    oids = _prepare(conn)
    with db.connect() as writer, db.connect() as runner:
        writer.execute("BEGIN")
        writer.execute("INSERT INTO t (id, a, b) VALUES (100, 100, 'w1')")
        pid = runner.info.backend_pid
        failure: list[BaseException] = []

        def run() -> None:
            try:
                runner.execute(case.statement)  # type: ignore[arg-type]
            except BaseException as error:  # reported by the test below
                failure.append(error)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        waiting = False
        while time.monotonic() < deadline and not waiting:
            (state,) = conn.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)
            ).fetchone()
            waiting = state == "Lock"
            time.sleep(0.02)
        assert waiting, "the statement never waited for the open transaction"
        assert _strongest(conn, oids[Target.TABLE], pid) == expected.strongest(Target.TABLE)
        writer.execute("INSERT INTO t (id, a, b) VALUES (101, 101, 'w2')")
        writer.execute("COMMIT")
        thread.join(10)
        assert not thread.is_alive()
        assert not failure, failure


def test_a_failed_unique_index_concurrently_leaves_an_invalid_index(conn, server_version):
    assert effect(Form.CREATE_UNIQUE_INDEX_CONCURRENTLY, server_version).can_fail_on_rows
    _prepare(conn, "UPDATE t SET b = 'same' WHERE id < 3")
    with pytest.raises(errors.UniqueViolation):
        conn.execute("CREATE UNIQUE INDEX CONCURRENTLY t_b_idx ON t (b)")
    (valid,) = conn.execute(
        "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_b_idx'::regclass"
    ).fetchone()
    assert valid is False


def test_an_added_enum_value_cannot_be_used_in_the_transaction_that_added_it(conn):
    assert "cannot be used until the transaction commits" in effect(Form.ADD_ENUM_VALUE, 15).note
    _prepare(conn)
    conn.execute("BEGIN")
    try:
        conn.execute("ALTER TYPE mood ADD VALUE 'calm'")
        with pytest.raises(errors.UnsafeNewEnumValueUsage):
            conn.execute("UPDATE t SET m = 'calm' WHERE id = 1")
    finally:
        conn.execute("ROLLBACK")
    conn.execute("ALTER TYPE mood ADD VALUE 'calm'")
    conn.execute("UPDATE t SET m = 'calm' WHERE id = 1")


# ---------------------------------------------------------------------------------------
# Pure properties of the table


def test_every_form_has_an_effect_on_every_target_version():
    for version in PG_VERSIONS:
        for form in Form:
            if form is Form.ADD_COLUMN_GENERATED_VIRTUAL and version < 18:
                with pytest.raises(ValueError, match="PostgreSQL 18"):
                    effect(form, version)
                continue
            found = effect(form, version)
            assert found.form is form and found.pg_version == version
            assert found.source
    with pytest.raises(ValueError, match="not a target version"):
        effect(Form.ADD_COLUMN, 12)


def test_only_postgresql_18_offers_a_not_valid_not_null():
    assert "NOT NULL constraint NOT VALID" in effect(Form.SET_NOT_NULL, 18).note
    assert "NOT NULL constraint NOT VALID" not in effect(Form.SET_NOT_NULL, 17).note


def test_the_comment_names_the_lock_the_table_and_how_long():
    assert comment(effect(Form.RENAME_COLUMN, 15), table="orders") == (
        "-- ACCESS EXCLUSIVE lock on orders, brief (catalog only)"
    )
    assert comment(effect(Form.ALTER_TYPE_REWRITE, 15), table="orders") == (
        "-- ACCESS EXCLUSIVE lock on orders for a full rewrite of the table and its "
        "indexes: takes time on a big table"
    )
    assert comment(
        effect(Form.ADD_FOREIGN_KEY_NOT_VALID, 15), table="orders", referenced="customers"
    ) == (
        "-- SHARE ROW EXCLUSIVE lock on orders and SHARE ROW EXCLUSIVE lock on customers, "
        "brief (catalog only)"
    )
    assert comment(effect(Form.CREATE_INDEX_CONCURRENTLY, 15), table="orders") == (
        "-- SHARE UPDATE EXCLUSIVE lock on orders for an index build (a full scan and a "
        "sort): reads and writes go on; cannot run inside a transaction block"
    )
    assert comment(effect(Form.DROP_COLUMN, 15), table="orders").endswith(
        "; can lose data: the column's values (the down script cannot give them back)"
    )
    assert comment(effect(Form.CREATE_TABLE, 15)) == ("-- no lock on a table, brief (catalog only)")
    assert comment(effect(Form.SET_NOT_NULL, 15), table="orders") == (
        "-- ACCESS EXCLUSIVE lock on orders for a full scan of the table: takes time on "
        "a big table; fails on rows where the column is NULL"
    )


def test_lock_modes_spell_as_pg_locks_does():
    assert LockMode.SHARE_ROW_EXCLUSIVE.pg_locks == "ShareRowExclusiveLock"
    assert LockMode.ACCESS_EXCLUSIVE.sql == "ACCESS EXCLUSIVE"


# ---------------------------------------------------------------------------------------
# Column type changes, against what PostgreSQL does


def _t(base: str, length=None, precision=None, scale=None, array=False) -> ColumnType:
    return ColumnType(base, length, precision, scale, array)


MOOD = ColumnType("enum", enum=QName("public", "mood"))
WEATHER = ColumnType("enum", enum=QName("public", "weather"))
TYPES = (
    _t("varchar", 10), _t("varchar", 20), _t("varchar"), _t("char", 5), _t("char", 10),
    _t("text"), _t("smallint"), _t("integer"), _t("bigint"), _t("numeric", None, 10, 2),
    _t("numeric", None, 12, 2), _t("numeric", None, 10, 3), _t("numeric", None, 8, 2),
    _t("numeric", None, 4, 2), _t("numeric", None, 3, 1), _t("numeric"), _t("real"),
    _t("double precision"), _t("money"), _t("boolean"), _t("date"), _t("time", None, 3),
    _t("time"), _t("timetz"), _t("timestamp", None, 3), _t("timestamp"),
    _t("timestamptz", None, 3), _t("timestamptz"), _t("interval", None, 3), _t("interval"),
    _t("json"), _t("jsonb"), _t("bytea"), _t("inet"), _t("cidr"), _t("macaddr"),
    _t("bit", 5), _t("bit", 8), _t("varbit", 5), _t("varbit", 10), _t("varbit"),
    _t("tsvector"), _t("xml"), _t("uuid"), MOOD, WEATHER,
    _t("varchar", 10, array=True), _t("varchar", 20, array=True), _t("text", array=True),
    _t("integer", array=True), _t("bigint", array=True),
)  # fmt: skip

# The hardest value of each type for a change that "cannot fail": the longest, the
# largest, the most precise.
SAMPLES = {
    "varchar(10)": "'xxxxxxxxxx'", "varchar(20)": "repeat('x', 20)",
    "varchar": "repeat('x', 30)", "char(5)": "'xxxxx'", "char(10)": "'xxxxxxxxxx'",
    "text": "repeat('x', 30)", "smallint": "32767", "integer": "2147483647",
    "bigint": "9223372036854775807", "numeric(10,2)": "99999999.99",
    "numeric(12,2)": "9999999999.99", "numeric(10,3)": "9999999.999",
    "numeric(8,2)": "999999.99", "numeric(4,2)": "99.99", "numeric(3,1)": "99.9",
    "numeric": "123456789012345678901.123456789", "real": "3.4e38",
    "double precision": "1.7e308", "money": "92233720368547758.07", "boolean": "true",
    "date": "'2024-02-29'", "time(3)": "'23:59:59.999'", "time": "'23:59:59.999999'",
    "timetz": "'23:59:59.999999+05'", "timestamp(3)": "'2024-02-29 23:59:59.999'",
    "timestamp": "'2024-02-29 23:59:59.999999'",
    "timestamptz(3)": "'2024-02-29 23:59:59.999+05'",
    "timestamptz": "'2024-02-29 23:59:59.999999+05'", "interval(3)": "'1 day 00:00:01.001'",
    "interval": "'1 day 00:00:01.000001'", "json": "'{\"a\": 1}'", "jsonb": "'{\"a\": 1}'",
    "bytea": "'\\xdeadbeef'", "inet": "'192.168.1.5/24'", "cidr": "'192.168.1.0/24'",
    "macaddr": "'08:00:2b:01:02:03'", "bit(5)": "B'10101'", "bit(8)": "B'10101010'",
    "varbit(5)": "B'10101'", "varbit(10)": "B'1010101010'", "varbit": "B'101010101010'",
    "tsvector": "'a fat cat'", "xml": "'<a>xxxxxxxxxxxxxxxxxxxx</a>'",
    "uuid": "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "mood": "'happy'", "weather": "'sun'",
}  # fmt: skip


def _sample(column_type: ColumnType) -> str:
    element = SAMPLES[type_sql(column_type.element())]
    return f"ARRAY[{element}]" if column_type.array else element


def _alter(conn: psycopg.Connection, old: ColumnType, new: ColumnType) -> tuple[str, bool, bool]:
    """ALTER a one-row column of ``old`` to ``new`` (no USING): ("ok" | "using" | "data",
    whether the table got a new relfilenode, whether the index on it did)."""
    conn.execute("SAVEPOINT change")
    try:
        table, index = conn.execute(
            "SELECT c.relfilenode, i.relfilenode FROM pg_class c "
            "LEFT JOIN pg_class i ON i.relname = 'tt_v_idx' WHERE c.relname = 'tt'"
        ).fetchone()
        conn.execute(f"ALTER TABLE tt ALTER COLUMN v TYPE {type_sql(new)}")  # type: ignore[arg-type]
        after_table, after_index = conn.execute(
            "SELECT c.relfilenode, i.relfilenode FROM pg_class c "
            "LEFT JOIN pg_class i ON i.relname = 'tt_v_idx' WHERE c.relname = 'tt'"
        ).fetchone()
        return "ok", after_table != table, index is not None and after_index != index
    except errors.DatatypeMismatch:
        return "using", False, False
    except errors.UndefinedObject:  # the new type has no btree operator class
        return "index", False, False
    except psycopg.DataError:
        return "data", False, False
    finally:
        conn.execute("ROLLBACK TO SAVEPOINT change")


def _check_pairs(conn: psycopg.Connection, time_zone: str) -> list[str]:
    """Every pair of TYPES through PostgreSQL; the pairs where the classifier is wrong."""
    conn.execute(
        "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"
        "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TYPE weather AS ENUM ('sun')"
    )
    wrong: list[str] = []
    for old in TYPES:
        conn.execute("BEGIN")
        try:
            conn.execute(f"SET LOCAL TimeZone = '{time_zone}'")  # type: ignore[arg-type]
            conn.execute(f"CREATE TABLE tt (v {type_sql(old)})")  # type: ignore[arg-type]
            conn.execute(f"INSERT INTO tt VALUES ({_sample(old)})")  # type: ignore[arg-type]
            if "btree" in index_methods(old.base, array=old.array):
                conn.execute("CREATE INDEX tt_v_idx ON tt (v)")
            for new in TYPES:
                if new == old:
                    continue
                predicted = type_change(old, new, 15)
                outcome, table_new, index_new = _alter(conn, old, new)
                pair = f"{type_sql(old)} -> {type_sql(new)} ({time_zone})"
                if outcome == "index":
                    assert "btree" not in index_methods(new.base, array=new.array), pair
                    continue
                if outcome == "using":
                    if not predicted.needs_using:
                        wrong.append(f"{pair}: needs USING, predicted {predicted}")
                    continue
                if predicted.needs_using:
                    wrong.append(f"{pair}: works without USING, predicted {predicted}")
                    continue
                if outcome == "data" and not predicted.can_fail:
                    wrong.append(f"{pair}: failed on {_sample(old)}, predicted {predicted}")
                    continue
                if outcome == "data":
                    continue
                table_rewrite = predicted.rewrite is Rewrite.TABLE or (
                    predicted.rewrite is Rewrite.UNLESS_UTC and time_zone != "UTC"
                )
                index_rebuild = table_rewrite or predicted.rewrite is Rewrite.INDEXES
                if table_new != table_rewrite:
                    wrong.append(f"{pair}: table rewritten={table_new}, predicted {predicted}")
                has_index = "btree" in index_methods(old.base, array=old.array)
                if has_index and index_new != index_rebuild:
                    wrong.append(f"{pair}: index rebuilt={index_new}, predicted {predicted}")
        finally:
            conn.execute("ROLLBACK")
    return wrong


def test_type_changes_rewrite_and_fail_as_classified(conn):
    wrong = _check_pairs(conn, "Europe/Paris")
    assert not wrong, "\n".join(wrong)


def test_timestamp_to_timestamptz_keeps_the_table_when_the_session_is_utc(conn):
    conn.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
    for old, new in ((_t("timestamp"), _t("timestamptz")), (_t("timestamptz"), _t("timestamp"))):
        assert type_change(old, new).rewrite is Rewrite.UNLESS_UTC
        for zone, rewritten in (("UTC", False), ("Europe/Paris", True)):
            conn.execute("BEGIN")
            try:
                conn.execute(f"SET LOCAL TimeZone = '{zone}'")  # type: ignore[arg-type]
                conn.execute(f"CREATE TABLE tt (v {type_sql(old)})")  # type: ignore[arg-type]
                conn.execute("INSERT INTO tt VALUES (now())")
                assert _alter(conn, old, new) == ("ok", rewritten, False)
            finally:
                conn.execute("ROLLBACK")


@pytest.mark.parametrize(
    ("old", "new", "value", "after"),
    [
        (_t("numeric", None, 10, 3), _t("numeric", None, 10, 2), "1.235", "1.24"),
        (_t("timestamp"), _t("timestamp", None, 0), "'2024-01-01 10:00:00.6'",
         "2024-01-01 10:00:01"),
        (_t("double precision"), _t("real"), "0.1234567890123", "0.12345679"),
        (_t("json"), _t("jsonb"), """'{"a": 1, "a": 2}'""", '{"a": 2}'),
        (_t("inet"), _t("cidr"), "'192.168.1.5/24'", "192.168.1.0/24"),
        (_t("numeric", None, 10, 2), _t("integer"), "2.5", "3"),
    ],
)  # fmt: skip
def test_changes_that_lose_data_change_a_value(conn, old, new, value, after):
    assert type_change(old, new).loses_data
    conn.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
    conn.execute("BEGIN")
    try:
        conn.execute(f"CREATE TABLE tt (v {type_sql(old)})")  # type: ignore[arg-type]
        conn.execute(f"INSERT INTO tt VALUES ({value})")  # type: ignore[arg-type]
        conn.execute(f"ALTER TABLE tt ALTER COLUMN v TYPE {type_sql(new)}")  # type: ignore[arg-type]
        assert conn.execute("SELECT v::text FROM tt").fetchone() == (after,)
    finally:
        conn.execute("ROLLBACK")


def test_the_classification_picks_the_statement_form():
    assert type_change(_t("varchar", 10), _t("varchar", 20)).form is Form.ALTER_TYPE_NO_REWRITE
    assert type_change(_t("varchar", 10), _t("text")).form is Form.ALTER_TYPE_NO_REWRITE
    assert type_change(_t("integer"), _t("bigint")).form is Form.ALTER_TYPE_REWRITE
    assert type_change(_t("varchar", 20), _t("varchar", 10)).form is Form.ALTER_TYPE_NARROWING
    assert type_change(_t("text"), _t("integer")).form is Form.ALTER_TYPE_USING
    assert type_change(_t("bit", 3), _t("varbit")).form is Form.ALTER_TYPE_REBUILD_INDEXES
    numeric = type_change(_t("numeric", None, 10, 2), _t("numeric", None, 12, 2))
    assert numeric.form is Form.ALTER_TYPE_NO_REWRITE


def test_the_pairs_cover_every_type_of_the_registry():
    assert {column_type.base for column_type in TYPES} == set(TYPE_KEYS)


def test_a_column_type_effect_is_told_for_its_pair():
    rounding = column_type_effect(_t("numeric", None, 10, 3), _t("numeric", None, 10, 2), 15)
    assert rounding.form is Form.ALTER_TYPE_NARROWING
    assert rounding.can_lose_data and not rounding.can_fail_on_rows
    shorter = column_type_effect(_t("varchar", 20), _t("varchar", 10), 15)
    assert shorter.can_fail_on_rows and not shorter.can_lose_data
    zone = column_type_effect(_t("timestamp"), _t("timestamptz"), 15)
    assert zone.rewrites and "TimeZone = 'UTC'" in zone.note
    widening = column_type_effect(_t("varchar", 20), _t("text"), 15)
    assert widening.duration is Duration.BRIEF and widening.strongest() is LockMode.ACCESS_EXCLUSIVE


def test_float_infinity_fits_numeric_only_from_postgresql_14():
    assert type_change(_t("double precision"), _t("numeric"), 13).can_fail
    assert not type_change(_t("double precision"), _t("numeric"), 14).can_fail
