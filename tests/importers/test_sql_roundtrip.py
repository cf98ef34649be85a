"""Import -> export -> apply on a real PostgreSQL gives the database we started from.

For each corpus schema and for generated ones: the original SQL is applied to database
A; it is imported, the DDL generator writes the imported schema, and that is applied to
database B; B's whole catalog (views, functions, triggers, sequences, domains,
partitions... too) must equal A's, but for what the model still does not carry
(``roundtrip.expected_catalog``); and the import's summary must list what it kept as
structure, kept as SQL text and skipped.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from designer.generators.ddl import generate
from designer.importers.sql import import_sql
from tests.importers.handwritten import handwritten_sql
from tests.importers.roundtrip import assert_same_catalogs, expected_catalog
from tests.strategies import schemas
from tests.support.corpus import CORPUS, CORPUS_NAMES

pytestmark = pytest.mark.postgres

__all__ = ["CORPUS", "CORPUS_NAMES", "EXPECTED_SKIPPED"]  # test_live reads them here

# What the summary lists for each corpus schema, by kind (counts): kept as structure of
# the model beyond tables and their parts, kept as SQL text, and skipped — what is
# still not carried (``roundtrip.expected_catalog`` lowers the original by the same).
EXPECTED_KEPT = {
    "pagila": {
        "domain": 2,
        # its 13 sequences are bigint and owned by no column: not what serial makes
        "sequence": 13,
        "partitioned table": 1,
        "partition": 7,
    },
    "openstreetmap": {"NOT VALID constraint": 5},
    "adventureworks": {"domain": 6},
    "pgboss": {"partitioned table": 2, "partition": 3, "partition index": 5},
}
EXPECTED_VERBATIM = {
    "pagila": {
        "view": 7,
        "materialized view": 1,
        "function": 9,
        "aggregate": 1,
        "trigger": 15,
    },
    "openstreetmap": {"function": 2, "comment": 1},
    "adventureworks": {
        "view": 87,
        "materialized view": 2,
        "comment": 5,  # on the five schemas
        "table option": 66,  # CLUSTER ON (the 2 materialized views' go with them)
    },
    "procrastinate": {"type": 1, "function": 18, "trigger": 7},
    "pgboss": {"function": 6},
    "graphile_worker": {"type": 1, "view": 1, "function": 7, "table option": 4},
    "pgqueuer": {"function": 1, "trigger": 1},
}
EXPECTED_SKIPPED = {
    **{name: {} for name in CORPUS_NAMES},
    "procrastinate": {"statement": 1},  # a DO block (it creates plpgsql, there already)
    "graphile_worker": {
        "generated column": 2,  # the model has no generation expression
        "sequence option": 3,  # an identity's own sequence name (jobs_id_seq1...)
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
    summary = result.summary
    assert {kind: len(names) for kind, names in summary.kept.items()} == EXPECTED_KEPT.get(name, {})
    verbatim = {kind: len(names) for kind, names in summary.verbatim.items()}
    assert verbatim == EXPECTED_VERBATIM.get(name, {})
    skipped = {kind: len(names) for kind, names in summary.skipped.items()}
    assert skipped == EXPECTED_SKIPPED[name], summary.skipped
    assert result.schema.extensions == EXPECTED_EXTENSIONS.get(name, ())
    assert len(result.summary.warnings) == EXPECTED_WARNINGS.get(name, 0), result.summary.warnings


def test_the_corpus_tables_all_come_through():
    # The counts of the corpus README (tables = relkind r/p, partitions included).
    counts = {
        name: import_sql((CORPUS / name / "schema.sql").read_bytes()).counts
        for name in CORPUS_NAMES
    }
    assert {name: count["tables"] for name, count in counts.items()} == {
        "chinook": 11,
        "northwind": 14,
        "pagila": 22,  # 15 and the 7 partitions of payment
        "openstreetmap": 56,
        "adventureworks": 68,
        "procrastinate": 4,
        "pgboss": 13,  # 10 and the 3 partitions of job and queue_stats
        "graphile_worker": 5,
        "pgqueuer": 4,
    }
    assert {name: count["foreign keys"] for name, count in counts.items()} == {
        "chinook": 11,
        "northwind": 13,
        "pagila": 36,  # 18 of them declared on partitions
        "openstreetmap": 69,
        "adventureworks": 90,
        "procrastinate": 3,
        "pgboss": 5,  # 2 of them declared on the partition job_common
        "graphile_worker": 0,
        "pgqueuer": 0,
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
