"""The query examples: what they are for the demo, and that every one of them runs.

Each example is run on a real PostgreSQL loaded with the DDL and the sample data, the way
an application runs it: ``PREPARE`` with its parameters, then ``EXECUTE`` with arguments
that its ``arguments`` query takes from the loaded rows.
"""

from __future__ import annotations

import psycopg
import pytest
from hypothesis import event, given

from designer.demo import demo_schema
from designer.generators import ddl, sample_data
from designer.generators.queries import (
    QueryExample,
    examples,
    label_columns,
    label_columns_plain,
)
from tests.generators.objects_schema import objects_schema
from tests.strategies import schemas
from tests.support.postgres import one_database_per_test


def run_example(conn, example: QueryExample, name: str = "example") -> list[tuple]:
    """Prepare the example and execute it with arguments from the data (NULLs if none)."""
    conn.execute(example.prepare(name))
    try:
        count = len(example.parameters)
        if not count:
            return conn.execute(f"EXECUTE {name}").fetchall()
        assert example.arguments is not None
        columns = ", ".join(f"a{i}" for i in range(count))
        quoted = ", ".join(f"quote_nullable(a{i})" for i in range(count))
        found = conn.execute(
            f"SELECT {quoted} FROM ({example.arguments}) AS s({columns})"
        ).fetchone()
        arguments = ", ".join(found) if found else ", ".join(["NULL"] * count)
        return conn.execute(f"EXECUTE {name}({arguments})").fetchall()
    finally:
        conn.execute(f"DEALLOCATE {name}")


def _client(conn) -> psycopg.ClientCursor:
    """A cursor that writes arguments into the text: EXECUTE takes no bound parameters."""
    return psycopg.ClientCursor(conn)


def _loaded(pg_db, schema) -> None:
    pg_db.run(ddl.generate(schema))
    pg_db.run(sample_data.generate(schema))


def test_the_demo_has_a_join_a_composite_index_lookup_and_two_paginations():
    found = examples(demo_schema())
    assert [example.kind for example in found] == ["join", "index", "pagination", "pagination"]
    join, lookup, users, todos = found
    assert "JOIN users AS u ON u.id = t.user_id" in join.sql
    assert "ix_todos_user_id_completed" in join.explanation
    assert "WHERE user_id = $1\n    AND completed = $2" in lookup.sql
    assert "(created_at, id) < ($1, $2)" in users.sql
    assert "ORDER BY created_at DESC, id DESC" in users.sql
    assert "WHERE user_id = $1\n    AND (created_at, id) < ($2, $3)" in todos.sql
    for example in found:
        assert example.sql.endswith(";")
        assert len(example.parameters) == example.sql.count("$") - example.sql.count("$$")
        assert "\n" not in example.explanation


def test_sensitive_columns_are_never_selected():
    for example in examples(demo_schema()):
        assert "password_hash" not in example.sql


@given(schemas())
def test_the_columns_examples_show_are_never_sensitive(schema):
    for table in schema.tables:
        assert not any(column.sensitive for column in label_columns(table, schema))
        assert not any(column.sensitive for column in label_columns_plain(table))


@pytest.mark.postgres
def test_every_demo_example_runs_and_finds_rows(pg_db):
    schema = demo_schema()
    _loaded(pg_db, schema)
    with pg_db.connect() as conn:
        for example in examples(schema):
            rows = run_example(conn, example)
            if example.kind != "pagination":
                assert rows, example.title
    with pg_db.connect() as conn:
        # The join returns the todos of the user it was given, with the user's email.
        join = examples(schema)[0]
        user = conn.execute("SELECT user_id FROM todos LIMIT 1").fetchone()[0]
        conn.execute(join.prepare("join_example"))
        rows = _client(conn).execute("EXECUTE join_example(%s)", (user,)).fetchall()
        expected = conn.execute(
            "SELECT count(*) FROM todos WHERE user_id = %s", (user,)
        ).fetchone()[0]
        assert len(rows) == expected
        assert {row[3] for row in rows} == {
            conn.execute("SELECT email FROM users WHERE id = %s", (user,)).fetchone()[0]
        }


@pytest.mark.postgres
def test_keyset_pagination_walks_every_row_once(pg_db):
    schema = demo_schema()
    _loaded(pg_db, schema)
    pagination = next(e for e in examples(schema) if e.title == "Keyset pagination: users")
    first_page = pagination.sql.replace("WHERE (created_at, id) < ($1, $2)\n", "").replace(
        "LIMIT 20", "LIMIT 2"
    )
    with pg_db.connect() as conn:
        conn.execute(pagination.prepare("next_page").replace("LIMIT 20", "LIMIT 2"))
        page = conn.execute(first_page).fetchall()
        seen = [row[0] for row in page]
        while page:
            last = page[-1]
            page = _client(conn).execute("EXECUTE next_page(%s, %s)", (last[-1], last[0]))
            page = page.fetchall()
            seen += [row[0] for row in page]
        ordered = conn.execute("SELECT id FROM users ORDER BY created_at DESC, id DESC")
        everyone = [row[0] for row in ordered]
    assert seen == everyone


@pytest.mark.postgres
@one_database_per_test(max_examples=100)
@given(schema=schemas())
def test_every_example_runs_on_the_loaded_database(pg_db, schema):
    pg_db.reset()
    _loaded(pg_db, schema)
    with pg_db.connect() as conn:
        for number, example in enumerate(examples(schema)):
            rows = run_example(conn, example, f"example_{number}")
            event(f"{example.kind}: {'rows' if rows else 'no rows'}")


# --- issue 16's objects ---------------------------------------------------------------


def test_no_example_names_a_partition_and_a_domain_column_is_read_by_its_base_type():
    schema = objects_schema()
    found = examples(schema)
    partitions = [t.name for t in schema.tables if t.partition_of is not None]
    assert partitions and not [e for e in found for name in partitions if name in e.sql]
    assert [e.title for e in found] == [
        "Join payments to films",
        "Join film_notes to films",
        "Keyset pagination: films",
        "Keyset pagination: payments of one films row",
        "Keyset pagination: film_notes of one films row",
    ]
    # Text first, never the sensitive token; the domain column reads as its integer.
    assert [c.name for c in label_columns(schema.tables[0], schema)] == ["title", "release_year"]


@pytest.mark.postgres
def test_the_examples_of_a_schema_with_partitions_run(pg_db):
    schema = objects_schema()
    _loaded(pg_db, schema)
    with pg_db.connect() as conn:
        for number, example in enumerate(examples(schema)):
            run_example(conn, example, f"example_{number}")
