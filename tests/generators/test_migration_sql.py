"""The migration SQL between two designs: safe forms, renames, and the proof on PostgreSQL."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace

import psycopg
import pytest
from hypothesis import HealthCheck, Phase, assume, event, given, settings
from hypothesis import strategies as st

from designer.generators import ddl, sample_data
from designer.generators.migration_sql import (
    DOWN,
    TRANSACTION_START,
    UP,
    Migration,
    MigrationError,
    migration,
)
from designer.operations import EditEntity, EditField, OperationError, run
from designer.schema.diff import Kind
from designer.schema.model import Column, ColumnType, EnumType, Index, IndexElement, Schema
from designer.schema.sqltext import qualified, quote_ident
from tests.generators.test_ddl import _psql
from tests.operations.sequences import changes, plans
from tests.schema.test_diff import BASE, ORDERS, USERS, column
from tests.strategies import schemas

EXAMPLES = int(os.environ.get("MIGRATION_EXAMPLES") or 100)


def up_sql(old: Schema, new: Schema) -> str:
    return migration(old, new).sql(UP)


def statements(m: Migration, direction: str = UP) -> list[str]:
    return [sql for step in m.steps(direction) for sql in step.statements]


# --- renames --------------------------------------------------------------------------


def edit_field(schema: Schema, field_id: str, **values) -> Schema:
    return run(schema, [EditField(field_id, values)]).after


def test_a_column_rename_is_one_rename_column_never_drop_and_add():
    new = edit_field(BASE, "c-code", name="reference")
    m = migration(BASE, new)
    assert statements(m) == [
        "ALTER TABLE orders RENAME COLUMN code TO reference;",
        "ALTER TABLE orders RENAME CONSTRAINT uq_orders_user_id_code"
        " TO uq_orders_user_id_reference;",
    ]
    assert statements(m, DOWN)[0] == "ALTER TABLE orders RENAME COLUMN reference TO code;"
    assert "DROP" not in m.sql(UP) and "ADD COLUMN" not in m.sql(UP)


def test_a_table_rename_renames_its_conventional_names_too():
    new = run(BASE, [EditEntity("t-orders", {"name": "purchases"})]).after
    sql = up_sql(BASE, new)
    assert "ALTER TABLE orders RENAME TO purchases;" in sql
    assert "ALTER TABLE purchases RENAME CONSTRAINT pk_orders TO pk_purchases;" in sql
    assert "ALTER INDEX public.ix_orders_user_id RENAME TO ix_purchases_user_id;" in sql
    assert "ALTER SEQUENCE public.orders_id_seq RENAME TO purchases_id_seq;" in sql
    assert "DROP TABLE" not in sql and "CREATE TABLE" not in sql


def test_two_columns_swapping_names_go_through_temporary_names():
    new = column(column(BASE, "c-total", name="status"), "c-status", name="total")
    renames = statements(migration(BASE, new))[:4]
    assert renames[0].startswith("ALTER TABLE orders RENAME COLUMN total TO tmp_")
    assert renames[-1].endswith("TO total;")


def test_an_enum_value_rename_is_rename_value_and_goes_back():
    status = replace(BASE.enums[0], values=("draft", "live", "done"))
    m = migration(BASE, replace(BASE, enums=(status,)))
    assert statements(m) == ["ALTER TYPE status RENAME VALUE 'active' TO 'live';"]
    assert statements(m, DOWN) == ["ALTER TYPE status RENAME VALUE 'live' TO 'active';"]
    assert "confirm" in m.sql(UP)  # inferred from positions


# --- safe forms -----------------------------------------------------------------------


def test_an_index_on_an_existing_table_is_built_concurrently_after_the_commit():
    users = replace(USERS, indexes=(*USERS.indexes, Index("i-age", (IndexElement("age"),))))
    m = migration(BASE, replace(BASE, tables=(users, ORDERS)))
    sql = m.sql(UP)
    assert "CREATE INDEX CONCURRENTLY ix_users_age ON users (age);" in sql
    assert "BEGIN;" not in sql
    assert m.up[0].after_commit and m.up[0].outside
    assert "DROP INDEX IF EXISTS ix_users_age;" in m.sql(DOWN)


def test_a_new_foreign_key_on_an_existing_table_is_not_valid_then_validated():
    new = replace(BASE, relationships=())
    sql = up_sql(new, BASE)
    assert "ADD CONSTRAINT fk_orders_user_id FOREIGN KEY (user_id) REFERENCES users (id)" in sql
    assert "ON DELETE CASCADE NOT VALID;" in sql
    assert "ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user_id;" in sql
    assert "safe form" in sql


def test_set_not_null_goes_through_a_validated_check():
    m = migration(BASE, column(BASE, "c-age", nullable=False))
    assert statements(m) == [
        "ALTER TABLE users ADD CONSTRAINT users_age_not_null CHECK (age IS NOT NULL) NOT VALID;",
        "ALTER TABLE users VALIDATE CONSTRAINT users_age_not_null;",
        "ALTER TABLE users ALTER COLUMN age SET NOT NULL;",
        "ALTER TABLE users DROP CONSTRAINT users_age_not_null;",
    ]
    assert statements(m, DOWN) == ["ALTER TABLE users ALTER COLUMN age DROP NOT NULL;"]


def _with_column(new_column: Column) -> Schema:
    users = replace(USERS, columns=(*USERS.columns, new_column))
    return replace(BASE, tables=(users, ORDERS))


def test_a_new_not_null_column_without_default_is_added_nullable_with_a_backfill_template():
    m = migration(BASE, _with_column(Column("c-nick", "nick", ColumnType("text"), nullable=False)))
    sql = m.sql(UP)
    assert statements(m)[0] == "ALTER TABLE users ADD COLUMN nick text;"
    assert "-- UPDATE users SET nick = … WHERE nick IS NULL;" in sql
    assert statements(m)[-2] == "ALTER TABLE users ALTER COLUMN nick SET NOT NULL;"
    assert m.up[0].needs_backfill
    # down drops it, and the up that re-adds it cannot give data back
    assert statements(m, DOWN) == ["ALTER TABLE users DROP COLUMN nick;"]
    assert m.down[0].destructive and m.down[0].irreversible


def test_a_new_not_null_column_with_a_volatile_default_is_filled_by_the_script():
    nick = Column("c-nick", "nick", ColumnType("uuid"), nullable=False, default="gen_random_uuid()")
    m = migration(BASE, _with_column(nick))
    assert statements(m)[:3] == [
        "ALTER TABLE users ADD COLUMN nick uuid;",
        "ALTER TABLE users ALTER COLUMN nick SET DEFAULT gen_random_uuid();",
        "UPDATE users SET nick = gen_random_uuid() WHERE nick IS NULL;",
    ]
    assert not m.up[0].needs_backfill


def test_a_new_not_null_column_with_a_constant_default_is_one_statement():
    nick = Column("c-nick", "nick", ColumnType("integer"), nullable=False, default="0")
    m = migration(BASE, _with_column(nick))
    assert statements(m) == ["ALTER TABLE users ADD COLUMN nick integer NOT NULL DEFAULT 0;"]


def test_an_appended_enum_value_is_add_value_and_its_removal_a_rebuild():
    status = replace(BASE.enums[0], values=("draft", "active", "done", "void"))
    m = migration(BASE, replace(BASE, enums=(status,)))
    assert statements(m) == ["ALTER TYPE status ADD VALUE 'void' AFTER 'done';"]
    down = statements(m, DOWN)
    assert down[0] == "CREATE TYPE status__new AS ENUM ('draft', 'active', 'done');"
    assert "ALTER TABLE orders ALTER COLUMN status TYPE status__new USING " in down[2]
    assert down[-2:] == ["DROP TYPE status;", "ALTER TYPE status__new RENAME TO status;"]
    assert m.down[0].irreversible and "fails if a row holds a removed value" in m.sql(DOWN)


def test_an_add_value_used_later_commits_before_it():
    status = replace(BASE.enums[0], values=("draft", "active", "done", "void"))
    new = column(replace(BASE, enums=(status,)), "c-status", default="'void'")
    m = migration(BASE, new)
    assert m.up[0].outside
    blocks = m.blocks(UP)
    assert [inside for inside, _ in blocks] == [False, True]


def test_a_type_change_that_needs_using_has_it_and_a_narrowing_is_irreversible():
    m = migration(BASE, column(BASE, "c-code", type=ColumnType("integer")))
    assert "ALTER TABLE orders ALTER COLUMN code TYPE integer USING code::text::integer;" in m.sql(
        UP
    )
    assert "REWRITES" in m.sql(UP)
    narrow = migration(BASE, column(BASE, "c-mail", type=ColumnType("varchar", length=10)))
    assert narrow.up[0].destructive and narrow.up[0].irreversible
    assert narrow.down[0].irreversible and "IRREVERSIBLE" in narrow.sql(DOWN)


def test_a_removed_middle_column_has_an_up_and_a_refused_down():
    orders = replace(ORDERS, columns=ORDERS.columns[:2] + ORDERS.columns[3:],
                     checks=())  # fmt: skip
    m = migration(BASE, replace(BASE, tables=(USERS, orders)))
    assert statements(m)[-1] == "ALTER TABLE orders DROP COLUMN total;"
    assert "column_added_before_existing" in m.down_error
    with pytest.raises(MigrationError):
        m.sql(DOWN)


def test_a_column_move_is_refused_with_its_kind():
    users = replace(USERS, columns=(USERS.columns[1], USERS.columns[0], *USERS.columns[2:]))
    with pytest.raises(MigrationError, match="column_moved"):
        migration(BASE, replace(BASE, tables=(users, ORDERS)))


def test_a_removed_column_takes_its_own_check_even_when_it_reads_other_columns():
    users = replace(USERS, columns=(*USERS.columns, Column("c-x", "x", ColumnType("integer"),
                                                           check="age > 0")))  # fmt: skip
    m = migration(replace(BASE, tables=(users, ORDERS)), BASE)
    assert statements(m) == [
        "ALTER TABLE users DROP CONSTRAINT IF EXISTS ck_users_x;",
        "ALTER TABLE users DROP COLUMN x;",
    ]


def test_an_enum_type_replaced_under_the_same_name_moves_the_old_one_aside():
    other = EnumType("e-other", "status", ("a", "b"))
    orders = replace(ORDERS, columns=ORDERS.columns[:3], uniques=())
    new = replace(BASE, enums=(other,), tables=(USERS, orders))
    sql = statements(migration(BASE, new))
    assert "ALTER TYPE status RENAME TO status__old;\nCREATE TYPE status AS ENUM ('a', 'b');" in (
        "\n".join(sql)
    )
    assert sql[-1] == "DROP TYPE status__old;"


@pytest.mark.postgres
def test_the_script_runs_in_psql_as_written(pg_db):
    status = replace(BASE.enums[0], values=("draft", "active", "done", "void"))
    users = replace(USERS, indexes=(*USERS.indexes, Index("i-age", (IndexElement("age"),))))
    new = column(replace(BASE, enums=(status,), tables=(users, ORDERS)), "c-status",
                 default="'void'", nullable=False)  # fmt: skip
    pg_db.run(ddl.generate(BASE))
    m = migration(BASE, new)
    result = _psql(pg_db, m.sql(UP))
    assert result.returncode == 0, result.stderr
    query = (
        "SELECT column_default FROM information_schema.columns "
        "WHERE table_name = 'orders' AND column_name = 'status'"
    )
    assert pg_db.query(query) == [("'void'::status",)]
    result = _psql(pg_db, m.sql(DOWN))
    assert result.returncode == 0, result.stderr


# --- the proof on PostgreSQL ------------------------------------------------------------

STATS: Counter[str] = Counter()
_DATA_ERRORS = ("22", "23")  # data exception, integrity constraint violation


def _run(conn: psycopg.Connection, m: Migration, direction: str) -> None:
    for inside, steps in m.blocks(direction):
        if inside:
            script = [TRANSACTION_START, *(sql for step in steps for sql in step.statements)]
            conn.execute("\n".join(script))  # type: ignore[arg-type]
        else:
            for step in steps:
                for sql in step.statements:
                    conn.execute(sql)  # type: ignore[arg-type]


def _kept_columns(m: Migration) -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """(old table, old columns) -> (new table, new columns) of v1's surviving values."""
    changed = {c.id for c in m.up_diff.plan if c.kind is Kind.COLUMN_TYPE}
    renamed_enums = {c.id for c in m.up_diff.plan if c.kind is Kind.ENUM_VALUE_RENAMED}
    enum_ids = {e.qname: e.id for e in m.old.enums}
    new_tables = {t.id: t for t in m.new.tables}
    kept = {}
    for old in m.old.tables:
        new = new_tables.get(old.id)
        if new is None:
            continue
        new_columns = {c.id: c for c in new.columns}
        pairs = tuple(
            (c.name, new_columns[c.id].name)
            for c in old.columns
            if c.id in new_columns
            and c.id not in changed
            and enum_ids.get(c.type.enum) not in renamed_enums  # type: ignore[arg-type]
        )
        if pairs:
            kept[(qualified(old.qname), qualified(new.qname))] = pairs
    return kept


def _values(conn: psycopg.Connection, table: str, names: list[str]) -> Counter:
    columns = ", ".join(f"{quote_ident(name)}::text" for name in names)
    return Counter(conn.execute(f"SELECT {columns} FROM {table}").fetchall())  # type: ignore[arg-type]


def _error_class(error: psycopg.Error) -> str:
    return (error.sqlstate or "")[:2]


@pytest.mark.postgres
def test_up_gives_v2s_catalog_keeps_v1s_rows_and_down_gives_v1s_catalog(pg_server, capsys):
    source, target = pg_server.create_database("mig"), pg_server.create_database("mig2")

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking takes minutes
        report_multiple_bugs=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much],
    )  # fmt: skip
    @given(first=schemas(max_tables=3), data=st.data())
    def case(first: Schema, data) -> None:
        last = first
        for number, kinds in enumerate(data.draw(plans(5), label="kinds")):
            drawn = data.draw(changes(last, kinds), label=f"change {number}")
            try:
                last = run(last, drawn).after
            except OperationError:
                continue
        STATS["drawn"] += 1
        try:
            m = migration(first, last)
        except MigrationError as error:
            STATS[f"refused: {str(error).split(' yet')[0]}"] += 1
            event("refused")
            assume(False)
            return
        source.reset()
        target.reset()
        target.run(ddl.generate(last))
        expected_new = target.catalog()
        source.run(ddl.generate(first))
        expected_old = source.catalog()
        with_data = not any(step.needs_backfill for step in m.up)
        if with_data:
            source.run(sample_data.generate(first))
        kept = _kept_columns(m)
        with source.connect() as conn:
            conn.autocommit = True
            before = {
                key: _values(conn, key[0], [a for a, _ in cols]) for key, cols in kept.items()
            }
            try:
                _run(conn, m, UP)
            except psycopg.Error as error:
                if not with_data or _error_class(error) not in _DATA_ERRORS:
                    raise
                # existing rows break a new rule (a check, a key, a cast): an honest
                # failure the comments warn about; prove the catalog without the rows
                STATS["rows refused by up"] += 1
                with_data = False
                source.reset()
                source.run(ddl.generate(first))
                _run(conn, m, UP)
            assert source.catalog() == expected_new, m.sql(UP)
            if with_data:
                for key, cols in kept.items():
                    after = _values(conn, key[1], [b for _, b in cols])
                    assert after == before[key], (key, m.sql(UP))
            if m.down_error:
                STATS[f"up only, down refused: {m.down_error.split(' yet')[0]}"] += 1
                return
            if any(step.needs_backfill for step in m.down):
                STATS["down without rows (backfill)"] += 1
                for t in last.tables:
                    conn.execute(f"TRUNCATE {qualified(t.qname)} CASCADE")  # type: ignore[arg-type]
            try:
                _run(conn, m, DOWN)
            except psycopg.Error as error:
                if not with_data or _error_class(error) not in _DATA_ERRORS:
                    raise
                STATS["rows refused by down"] += 1
                source.reset()
                source.run(ddl.generate(last))
                _run(conn, m, DOWN)
            assert source.catalog() == expected_old, m.sql(DOWN)
        STATS["ran fully" if with_data else "ran without rows"] += 1

    try:
        case()
    finally:
        source.drop()
        target.drop()
        with capsys.disabled():
            print("\nmigration property cases:", dict(STATS))
    assert STATS["ran fully"] > 0
