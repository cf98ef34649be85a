"""The initial migration on a real PostgreSQL: up, verify, down to an empty catalog, up again."""

from __future__ import annotations

from dataclasses import replace

import psycopg
import pytest
from hypothesis import given

from designer.demo import demo_schema
from designer.generators import ddl, migration
from designer.schema.model import EnumType
from tests.strategies import schemas
from tests.support.postgres import one_database_per_test


def _verification(pg_db, schema) -> dict[str, tuple[int, int]]:
    with pg_db.connect() as conn:
        rows = conn.execute(migration.verification_query(schema)).fetchall()
    return {kind: (found, expected) for kind, found, expected in rows}


def _namespaces(pg_db) -> set[str]:
    """The user schemas and the functions in them (the catalog does not list either)."""
    with pg_db.connect() as conn:
        rows = conn.execute(
            "SELECT n.nspname, p.proname FROM pg_namespace n "
            "LEFT JOIN pg_proc p ON p.pronamespace = n.oid "
            "WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"
        ).fetchall()
    return {f"{schema}.{function}" for schema, function in rows}


def _round_trip(pg_db, schema) -> None:
    """Up, verify, down (to the catalog before up), verify, and up again."""
    before, spaces = pg_db.catalog(), _namespaces(pg_db)
    pg_db.run(migration.up(schema))
    after_up = pg_db.catalog()
    counts = _verification(pg_db, schema)
    assert all(found == expected for found, expected in counts.values()), counts
    pg_db.run(migration.down(schema))
    assert pg_db.catalog() == before
    assert _namespaces(pg_db) == spaces
    assert all(found == 0 for found, _ in _verification(pg_db, schema).values())
    pg_db.run(migration.up(schema))
    assert pg_db.catalog() == after_up


def test_up_is_the_ddl():
    assert migration.up(demo_schema()) == ddl.generate(demo_schema())


def test_down_drops_dependants_first_without_cascade():
    text = migration.down(demo_schema())
    assert text.index("DROP TABLE IF EXISTS todos;") < text.index("DROP TABLE IF EXISTS users;")
    assert text.index("DROP TABLE IF EXISTS users;") < text.index(
        "DROP FUNCTION IF EXISTS update_updated_at_column();"
    )
    assert not any("CASCADE" in line for line in text.splitlines() if not line.startswith("--"))
    assert text.startswith("-- Rollback of the initial migration of Todo app (demo).\n")
    assert "BEGIN;" in text and text.endswith("COMMIT;\n")


def test_the_counts_are_those_of_the_demo():
    assert migration.expected_counts(demo_schema()) == {
        "tables": 2,
        "constraints": 5,  # 2 primary keys, 1 unique, 1 check, 1 foreign key
        "indexes": 4,  # 2 primary keys, 1 unique, ix_todos_user_id_completed
        "triggers": 2,
        "enum types": 0,
    }


@pytest.mark.postgres
def test_the_demo_goes_up_down_and_up_again(pg_db):
    _round_trip(pg_db, demo_schema())


@pytest.mark.postgres
def test_down_removes_types_and_schemas_it_created(pg_db):
    status = EnumType("e-status", "status", ("open", "done"), schema="Audit Log")
    schema = replace(demo_schema(), enums=(status,))
    assert 'DROP TYPE IF EXISTS "Audit Log".status;' in migration.down(schema)
    _round_trip(pg_db, schema)
    pg_db.run(migration.down(schema))
    assert pg_db.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'Audit Log'") == [(0,)]
    assert pg_db.catalog().enums == {}


@pytest.mark.postgres
def test_down_stops_and_changes_nothing_when_something_else_depends_on_a_table(pg_db):
    schema = demo_schema()
    pg_db.run(migration.up(schema))
    pg_db.run("CREATE VIEW open_todos AS SELECT id, title FROM todos WHERE NOT completed")
    before = pg_db.catalog()
    with pytest.raises(psycopg.errors.DependentObjectsStillExist):
        pg_db.run(migration.down(schema))
    assert pg_db.catalog() == before


@pytest.mark.postgres
@one_database_per_test(max_examples=60)
@given(schema=schemas())
def test_generated_schemas_go_up_down_and_up_again(pg_db, schema):
    pg_db.reset()
    _round_trip(pg_db, schema)
