"""Alembic's autogenerate, as a team using the SQLModel module runs it, finds nothing to do.

A database is built from the DDL generator's script; the generated module is imported
for real (its tables in ``SQLModel.metadata``); ``alembic.autogenerate.compare_metadata``
compares the two the way an ``env.py`` configured as Alembic's documentation says would:
``target_metadata = SQLModel.metadata``, ``compare_type`` and ``compare_server_default``
on, ``include_schemas`` for the tables outside ``public``, the naming convention the
module sets on the metadata, and ``include_object`` below. No difference may be
reported, and no warning either but the documented ones (a warning means Alembic could
not compare something).

What Alembic does not compare at all (so the differences it reports can never name
them; the catalog tests in ``test_sqlmodel.py`` prove them instead): CHECK constraints,
enum types' labels, sequences, domains (a domain column's type is compared by name),
views and materialized views, functions, procedures, triggers, comments on indexes,
types and schemas, the partition bounds and the NOT VALID flags.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import given
from sqlmodel import SQLModel

from designer.demo import demo_schema
from designer.generators import ddl
from designer.generators.sqlmodel import generate
from designer.schema.model import Schema
from designer.schema.validation import validate
from tests.generators.test_sqlmodel import (
    _with_objects,
    hostile_schema,
    models,
    relations_schema,
)
from tests.strategies import schemas
from tests.support.corpus import CORPUS_NAMES, corpus_sql
from tests.support.postgres import one_database_per_test

# Warnings Alembic (or SQLAlchemy's reflection under it) gives on these databases, each a
# thing it cannot compare rather than a difference; the README lists them.
KNOWN_WARNINGS = (
    # SQLAlchemy's PostgreSQL dialect has no ``xml`` type: the column is reflected with
    # NullType, whose type Alembic does not compare (the column itself it does).
    r"Did not recognize type 'xml' of column",
    # The opt-in checkconstraint_byname plugin rebuilds a reflected NOT VALID check with
    # the options SQLAlchemy reflected, under names SQLAlchemy then does not recognise.
    r"Can't validate argument '(not_valid|dialect_options)'",
)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """What an ``env.py`` passes as ``include_object`` (the README gives it).

    Alembic reflects tables, columns, indexes, unique constraints, foreign keys and, with
    the opt-in ``alembic.ext.checkconstraint_byname`` plugin, CHECK constraints by name;
    what it cannot see is not reflected at all (views, functions, triggers...), so
    nothing else has to be left out. A CHECK added ``NOT VALID`` is the one exception:
    CREATE TABLE cannot say it, so the models add it after the table by a DDL event and
    the metadata does not hold it -- Alembic would otherwise drop it. And a partition's
    foreign keys and indexes that PostgreSQL copied from its parent when it attached it
    are the parent's in the models (a partition's table says ``info["partition_of"]``).
    """
    if reflected and compare_to is None and type_ in {"foreign_key_constraint", "index"}:
        table = SQLModel.metadata.tables.get(obj.table.key)  # the env.py's target_metadata
        if table is not None and "partition_of" in table.info:
            return False  # copied from the parent when PostgreSQL attached the partition
    if type_ == "check_constraint" and reflected and compare_to is None:
        # SQLAlchemy 2.1 reflects the flag as "not_valid" (PostgreSQL's dialect option
        # is spelled "postgresql_not_valid"): either says it.
        options = obj.dialect_kwargs
        return not (options.get("not_valid") or options.get("postgresql_not_valid"))
    return True


def alembic_differences(connection: sa.Connection, metadata: sa.MetaData) -> list:
    """``compare_metadata`` between ``metadata`` and the database behind ``connection``."""
    context = MigrationContext.configure(
        connection,
        opts={
            "target_metadata": metadata,
            "compare_type": True,
            "compare_server_default": True,
            "include_schemas": True,
            "include_object": include_object,
            # Alembic's opt-in comparison of CHECK constraints (by name) as well.
            "autogenerate_plugins": [
                "alembic.autogenerate.*",
                "alembic.ext.checkconstraint_byname",
            ],
        },
    )
    return compare_metadata(context, metadata)


@contextmanager
def _connection(pg_db) -> Iterator[sa.Connection]:
    engine = sa.create_engine(
        "postgresql+psycopg://", creator=lambda: psycopg.connect(pg_db.url), poolclass=sa.NullPool
    )
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def _assert_alembic_sees_no_difference(pg_db, schema: Schema, folder: Path) -> None:
    with _connection(pg_db) as connection:
        # The DDL inside the comparison's own transaction, rolled back at the end.
        raw = connection.connection.driver_connection
        raw.execute(ddl.generate(schema, ddl.DdlOptions(transaction=False)))
        with warnings.catch_warnings(record=True) as seen, models(generate(schema), folder) as m:
            warnings.simplefilter("always")
            differences = alembic_differences(connection, m.metadata)
        connection.rollback()
    assert differences == []
    unexpected = [
        str(warning.message)
        for warning in seen
        if not issubclass(warning.category, ResourceWarning)
        and not any(re.search(known, str(warning.message)) for known in KNOWN_WARNINGS)
        and "Type object" not in str(warning.message)  # SQLAlchemy's own MONEY, as elsewhere
    ]
    assert unexpected == []


@pytest.mark.postgres
def test_alembic_finds_no_difference_on_the_demo(pg_db, tmp_path):
    _assert_alembic_sees_no_difference(pg_db, demo_schema(), tmp_path)


@pytest.mark.postgres
@pytest.mark.parametrize("schema", [hostile_schema, relations_schema], ids=lambda f: f.__name__)
def test_alembic_finds_no_difference_on_hostile_names_and_every_relationship(
    pg_db, tmp_path, schema
):
    _assert_alembic_sees_no_difference(pg_db, schema(), tmp_path)


@pytest.mark.postgres
def test_alembic_finds_no_difference_with_domains_partitions_and_verbatim_objects(pg_db, tmp_path):
    _assert_alembic_sees_no_difference(pg_db, _with_objects(), tmp_path)


@pytest.mark.postgres
@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_alembic_finds_no_difference_on_the_corpus(pg_db, tmp_path, name):
    from designer.importers.sql import import_sql

    schema = import_sql(corpus_sql(name)).schema
    _assert_alembic_sees_no_difference(pg_db, schema, tmp_path)


@pytest.mark.postgres
@one_database_per_test(max_examples=100)
@given(schema=schemas())
def test_alembic_finds_no_difference_on_generated_schemas(pg_db, tmp_path, schema):
    assert validate(schema) == []
    _assert_alembic_sees_no_difference(pg_db, schema, tmp_path)
