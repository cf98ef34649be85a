"""The migrations of named, realistic cases (``tests.support.migration_cases``): golden
files a reviewer reads, and every case run on PostgreSQL with v1's sample data in it.

``UPDATE_GOLDEN=1`` rewrites ``tests/golden/migrations/<case>.up.sql`` / ``.down.sql`` and
the Alembic revision ``<case>.alembic.py`` (its Create Date fixed).
"""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest

from designer.generators import ddl, sample_data
from designer.generators.migration_alembic import revision
from designer.generators.migration_sql import DOWN, TRANSACTION_START, UP, Migration, migration
from designer.schema.diff import Kind
from tests.generators.test_migration_sql import _kept_columns, _values
from tests.support.golden import assert_matches_golden
from tests.support.migration_cases import BASE, CASES, Case
from tests.support.postgres import PgServer

CREATED = datetime(2026, 1, 1, tzinfo=UTC)
GOLDEN_CASES = (
    "rename_column",
    "rename_table",
    "add_not_null_column",
    "enum_append_value",
    "enum_remove_value",
    "widen_integer_to_bigint",
    "text_to_integer",
    "set_not_null",
    "new_foreign_key",
    "drop_column",
    "split_table",
    "move_to_schema",
    "rename_and_retype",
)


def test_there_are_enough_cases_and_each_is_one_migration_can_write():
    assert len(CASES) >= 22
    for case in CASES.values():
        assert case.old is BASE
        m = migration(case.old, case.new)
        assert m.up, case.name
        # a case whose script asks for a backfill says how the person fills it
        assert bool(case.backfill) == any(step.needs_backfill for step in m.up), case.name


def test_the_cases_cover_the_kinds_of_change_they_are_named_for():
    kinds = {name: {c.kind for c in migration(case.old, case.new).up_diff.plan}
             for name, case in CASES.items()}  # fmt: skip
    assert Kind.COLUMN_RENAMED in kinds["rename_column"]
    assert Kind.TABLE_RENAMED in kinds["rename_table"]
    assert kinds["rename_index"] == {Kind.INDEX_RENAMED}
    assert kinds["rename_enum_value"] == {Kind.ENUM_VALUE_RENAMED}
    assert kinds["enum_remove_value"] == {Kind.ENUM_VALUE_REMOVED}
    assert Kind.TABLE_MOVED in kinds["move_to_schema"]
    assert kinds["rename_and_retype"] == {Kind.COLUMN_RENAMED, Kind.COLUMN_TYPE}
    assert {Kind.TABLE_ADDED, Kind.COLUMN_REMOVED} <= kinds["split_table"]


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_the_migration_reads_as_its_golden_files(name):
    case = CASES[name]
    m = migration(case.old, case.new)
    assert_matches_golden(f"migrations/{name}.up.sql", m.sql(UP))
    assert_matches_golden(f"migrations/{name}.down.sql", m.sql(DOWN))
    text = revision(m, message=case.description, revision=f"{name[:20]}01", created=CREATED)
    assert_matches_golden(f"migrations/{name}.alembic.py", text)


# --- on PostgreSQL ----------------------------------------------------------------------


def _statements(case: Case, steps) -> list[str]:
    """The steps' statements, with the person's backfill where the template asks for it:
    after the column is added, before it is proved NOT NULL."""
    found = []
    for step in steps:
        statements = list(step.statements)
        if step.needs_backfill:
            statements.insert(1, case.backfill)
        found += statements
    return found


def run_migration(conn: psycopg.Connection, case: Case, m: Migration, direction: str) -> None:
    """The script as ``psql`` runs it: each transaction at once, the rest one by one."""
    for inside, steps in m.blocks(direction):
        if inside:
            script = [TRANSACTION_START, *_statements(case, steps)]
            conn.execute("\n".join(script))  # type: ignore[arg-type]
        else:
            for sql in _statements(case, steps):
                conn.execute(sql)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def databases(pg_server: PgServer):
    source, target = pg_server.create_database("cases"), pg_server.create_database("cases2")
    try:
        yield source, target
    finally:
        source.drop()
        target.drop()


@pytest.mark.postgres
@pytest.mark.parametrize("name", list(CASES))
def test_up_keeps_v1s_rows_and_gives_v2s_catalog_and_down_gives_v1s(databases, name):
    source, target = databases
    case = CASES[name]
    m = migration(case.old, case.new)
    target.reset()
    target.run(ddl.generate(case.new))
    expected_new = target.catalog()
    source.reset()
    source.run(ddl.generate(case.old))
    expected_old = source.catalog()
    source.run(sample_data.generate(case.old))
    if case.data_fix:
        source.run(case.data_fix)
    kept = _kept_columns(m)
    assert kept, "the case keeps some of v1's values to compare"
    with source.connect() as conn:
        before = {key: _values(conn, key[0], [a for a, _ in cols]) for key, cols in kept.items()}
        run_migration(conn, case, m, UP)
        assert source.catalog() == expected_new, m.sql(UP)
        for key, cols in kept.items():
            assert _values(conn, key[1], [b for _, b in cols]) == before[key], key
        assert not m.down_error, f"every named case has a way back: {m.down_error}"
        run_migration(conn, case, m, DOWN)
        assert source.catalog() == expected_old, m.sql(DOWN)
