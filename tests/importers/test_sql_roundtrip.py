"""Import -> export -> apply on a real PostgreSQL gives the database we started from.

For each corpus schema and for generated ones: the original SQL is applied to database
A; it is imported, the DDL generator writes the imported schema, and that is applied to
database B; B's catalog must equal A's as the model can hold it (``roundtrip``), and
what A holds beyond that must be listed in the import's summary.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from designer.generators.ddl import generate
from designer.importers.sql import import_sql
from tests.importers.handwritten import handwritten_sql
from tests.importers.roundtrip import assert_same_catalogs, expected_catalog
from tests.strategies import schemas
from tests.support.corpus import CORPUS

pytestmark = pytest.mark.postgres

CORPUS_NAMES = ("chinook", "northwind", "pagila", "openstreetmap", "adventureworks")

# What each corpus schema holds beyond the model, as the summary must list it (counts).
EXPECTED_SKIPPED = {
    "chinook": {},
    "northwind": {},
    "pagila": {
        "partition": 7,
        "partitioning": 1,
        "view": 7,
        "materialized view": 1,
        "domain": 2,
        "function": 9,
        "aggregate": 1,
        "trigger": 15,
    },
    "openstreetmap": {
        "function": 2,
        "constraint detail": 5,  # NOT VALID foreign keys, imported as valid
        "comment": 1,
    },
    "adventureworks": {
        "view": 87,
        "materialized view": 2,
        "domain": 6,
        "clustering": 66,  # and 2 of materialized views, which go with them
        "comment": 5,  # on the five schemas
        "schema": 5,  # pe, hr, pr, pu, sa hold only views
    },
}

# The extensions each needs: imported into the model and created by the exported DDL.
EXPECTED_EXTENSIONS = {
    "openstreetmap": ("btree_gist",),
    "adventureworks": ("uuid-ossp", "tablefunc"),
}

# adventureworks switches client_encoding half way.
EXPECTED_WARNINGS = {"adventureworks": 1}


@pytest.fixture
def databases(pg_server):
    """Two fresh databases: A for the original, B for the exported DDL."""
    pair = (pg_server.create_database("a"), pg_server.create_database("b"))
    try:
        yield pair
    finally:
        for database in pair:
            database.drop()


def round_trip(original_sql: str, imported_sql: str, a, b):
    """Apply, import, export, apply; return the import's result after comparing."""
    a.run(original_sql)
    result = import_sql(imported_sql)
    b.run(generate(result.schema))
    assert_same_catalogs(expected_catalog(a.catalog()), b.catalog())
    return result


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_every_corpus_schema_round_trips(name, databases):
    sql = (CORPUS / name / "schema.sql").read_text()
    result = round_trip(sql, sql, *databases)
    skipped = {kind: len(names) for kind, names in result.summary.skipped.items()}
    assert skipped == EXPECTED_SKIPPED[name]
    assert result.schema.extensions == EXPECTED_EXTENSIONS.get(name, ())
    assert len(result.summary.warnings) == EXPECTED_WARNINGS.get(name, 0), result.summary.warnings


def test_the_corpus_tables_all_come_through():
    # The counts of the corpus README (tables = relkind r/p, partitions excluded).
    counts = {
        name: import_sql((CORPUS / name / "schema.sql").read_bytes()).counts
        for name in CORPUS_NAMES
    }
    assert {name: count["tables"] for name, count in counts.items()} == {
        "chinook": 11,
        "northwind": 14,
        "pagila": 15,
        "openstreetmap": 56,
        "adventureworks": 68,
    }
    assert {name: count["foreign keys"] for name, count in counts.items()} == {
        "chinook": 11,
        "northwind": 13,
        "pagila": 18,  # 36 less the 18 declared on partitions
        "openstreetmap": 69,
        "adventureworks": 90,
    }
    assert counts["openstreetmap"]["enum types"] == 8


def only_repeated_keys_skipped(result) -> bool:
    """Hand-written DDL may add a unique constraint that repeats the primary key (the
    generator never writes one); the model keeps one of them and says so."""
    skipped = dict(result.summary.skipped)
    repeated = skipped.pop("unique constraint", [])
    return not skipped and all(name.endswith("(repeats a key)") for name in repeated)


_EXAMPLES = settings(
    max_examples=110, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)


@_EXAMPLES
@given(schema=schemas())
def test_generated_ddl_round_trips(schema, databases):
    a, b = databases
    a.reset()
    b.reset()
    sql = generate(schema)
    result = round_trip(sql, sql, a, b)
    assert result.summary.skipped == {}


@settings(
    max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(schema=schemas())
def test_pg_dump_style_ddl_round_trips(schema, databases):
    a, b = databases
    a.reset()
    b.reset()
    result = round_trip(
        handwritten_sql(schema, "dump", for_psql=False), handwritten_sql(schema, "dump"), a, b
    )
    assert only_repeated_keys_skipped(result)
    assert result.summary.passed_over["meta-command"] == 2


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(schema=schemas())
def test_hand_written_ddl_round_trips(schema, databases):
    a, b = databases
    a.reset()
    b.reset()
    sql = handwritten_sql(schema, "person")
    result = round_trip(sql, sql, a, b)
    assert only_repeated_keys_skipped(result)
