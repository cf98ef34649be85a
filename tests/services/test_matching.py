"""Matching a live database's schema to the design by name (drift), property-tested:
pure, and against what PostgreSQL gives back. Not store tests: they run once."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.generators import ddl
from designer.generators.migration_sql import UP, migration
from designer.importers.live import import_live
from designer.operations import EditField, run
from designer.schema.diff import Kind, diff
from designer.schema.ids import with_new_ids
from designer.services.migrations import Rename, matched, rename_proposals, settled
from tests.strategies import schemas

DRIFT_EXAMPLES = int(os.environ.get("DRIFT_EXAMPLES") or 25)


@settings(max_examples=40, deadline=None)
@given(schema=schemas(max_tables=4), data=st.data())
def test_matching_by_name_gives_back_every_id_and_an_accepted_rename_is_a_rename(schema, data):
    live = with_new_ids(schema)
    assert diff(matched(live, schema), schema).empty
    tables = [t for t in schema.tables if len(t.columns) > 1]
    if not tables:
        return
    chosen = data.draw(st.sampled_from(tables))
    column = data.draw(st.sampled_from([c for c in chosen.columns if c.name != "id"] or [None]))
    if column is None:
        return
    new_name = "renamed_" + column.name[:40]
    if new_name in chosen.columns_by_name:
        return
    try:
        renamed = run(schema, [EditField(column.id, {"name": new_name})]).after
    except Exception:  # an edit the operation refuses (a name it cannot take)
        return
    live = with_new_ids(schema)  # the database still has the old name
    rename = Rename(chosen.qname, column.name, new_name, column=True)
    assert rename in rename_proposals(live, renamed) or any(
        p.column and p.table == chosen.qname for p in rename_proposals(live, renamed)
    )
    changes = diff(matched(live, renamed, [rename]), renamed).changes
    assert Kind.COLUMN_RENAMED in {c.kind for c in changes}
    assert Kind.COLUMN_REMOVED not in {c.kind for c in changes}


@pytest.mark.postgres
def test_a_database_built_from_a_design_has_no_drift_from_it(pg_server):
    """Whatever PostgreSQL gives back in its own spelling (constraints, types,
    expressions), a database built from a design's DDL reads back with no change — but
    for a constant default PostgreSQL spells otherwise (``'\\x'::bytea`` for ``''::bytea``):
    its drift migration may set it again, and applying it gives the design's catalog."""
    database = pg_server.create_database("drift")
    expected = pg_server.create_database("design")
    seen: Counter[str] = Counter()

    @settings(max_examples=DRIFT_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(schema=schemas(max_tables=3))
    def case(schema):
        database.reset()
        database.run(ddl.generate(schema))
        hosts = ["127.0.0.0/8", "::1/128"]
        live = import_live(database.url, allowed_hosts=hosts, schemas=schema.schemas).schema
        live = replace(settled(matched(live, schema), schema), pg_version=schema.pg_version)
        changes = diff(live, schema).changes
        assert {change.kind for change in changes} <= {Kind.COLUMN_DEFAULT}, [
            change.describe() for change in changes
        ]
        seen["defaults spelt otherwise" if changes else "no drift"] += 1
        if changes:
            expected.reset()
            expected.run(ddl.generate(schema))
            database.run(migration(live, schema).sql(UP))
            assert database.catalog() == expected.catalog()

    try:
        case()
    finally:
        database.drop()
        expected.drop()
    assert seen["no drift"] > 0
