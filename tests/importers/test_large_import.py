"""Big imports stay fast and bounded: what protects the figures of benchmarks/import_large.py.

- the synthetic dump the benchmark imports is real SQL (PostgreSQL applies it);
- a script parsed chunk by chunk gives exactly the statements, lines and errors of the
  whole script parsed at once (the chunks bound the parse tree held in memory);
- saving an import costs a fixed number of queries per batch of rows, not per row;
- the preview page shows counts and the first tables, the same size for any import;
- the summary names a bounded number of objects per kind without reading its lists
  again for each one; the garbage collector comes back after an import.
No wall-clock assertion: the benchmark prints the times.
"""

from __future__ import annotations

import gc
import math
import threading
from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.synthetic import synthetic_schema
from benchmarks.synthetic_dump import synthetic_dump
from designer import models, store
from designer.importers.sql import import_sql, parsing
from designer.importers.sql.source import blank_psql_parts
from designer.importers.summary import ImportSummary, SqlSyntaxError
from designer.schema.ids import with_new_ids
from designer.services import edits
from designer.services.imports import PREVIEW_TABLES, collector_paused
from tests.support.corpus import CORPUS

# --- the benchmark's dump ------------------------------------------------------------------


def test_the_synthetic_dump_is_sql_that_postgresql_applies(pg_db):
    sql = synthetic_dump(60)
    pg_db.run(blank_psql_parts(sql)[0])  # psql's \restrict lines are not SQL
    tables = pg_db.query(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND n.nspname IN ('public', 'audit')"
    )
    result = import_sql(sql)
    assert tables == [(60,)] and result.counts["tables"] == 60
    assert result.counts["foreign keys"] > 60 and result.counts["enum types"] == 2
    # its audit triggers and views are what the importer lists as skipped
    assert any(line.startswith("kept as SQL: ") and "audit_" in line for line in result.lines())


# --- parsing chunk by chunk ---------------------------------------------------------------


def _without_locations(node):
    """A parse tree without its nodes' offsets into the text (``location``,
    ``rexpr_list_start``...: a chunk's count from the chunk's start; the importer reads
    none of them)."""
    if isinstance(node, dict):
        offsets = ("location", "_list_start", "_list_end")
        return {k: _without_locations(v) for k, v in node.items() if not k.endswith(offsets)}
    if isinstance(node, list):
        return [_without_locations(item) for item in node]
    return node


def _read(text: str) -> list:
    return [
        (s.kind, s.line, s.text, _without_locations(s.node)) for s in parsing.parse_script(text)
    ]


def _whole(text: str, monkeypatch) -> list:
    monkeypatch.setattr(parsing, "CHUNK_CHARS", len(text) + 1)
    return _read(text)


def _chunked(text: str, monkeypatch, chars: int) -> list:
    monkeypatch.setattr(parsing, "CHUNK_CHARS", chars)
    return _read(text)


_ATOMIC = """
CREATE TABLE t (id int PRIMARY KEY, note text DEFAULT 'a;b');
CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
    SELECT x + 1;
    SELECT x + 2;
END;
CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b);
-- a comment; with a semicolon
CREATE TABLE "é;é" (id int);
COMMENT ON TABLE t IS 'it''s; here';
"""


@pytest.mark.parametrize("chars", [1, 40, 200])
@pytest.mark.parametrize("name", ["pagila", "adventureworks", "atomic", "synthetic"])
def test_chunks_give_the_statements_of_the_whole_script(name, chars, monkeypatch):
    if name == "atomic":
        text = _ATOMIC
    elif name == "synthetic":
        text = blank_psql_parts(synthetic_dump(30))[0]
    else:
        text = blank_psql_parts((CORPUS / name / "schema.sql").read_text())[0]
    whole = _whole(text, monkeypatch)
    assert _chunked(text, monkeypatch, chars) == whole
    assert len(whole) >= 5


@pytest.mark.parametrize("chars", [1, 30, 10_000])
def test_a_syntax_error_in_a_later_chunk_says_where_it_is_in_the_file(chars, monkeypatch):
    text = _ATOMIC + "CREATE TABLE u (\n  id int,\n  name tex t\n);\nCREATE TABLE v (id int);\n"
    with pytest.raises(SqlSyntaxError) as whole:
        _whole(text, monkeypatch)
    with pytest.raises(SqlSyntaxError) as chunked:
        _chunked(text, monkeypatch, chars)
    assert str(chunked.value) == str(whole.value)
    assert (chunked.value.line, chunked.value.text) == (14, "t")


def test_a_script_of_comments_only_is_refused_chunked_or_not(monkeypatch):
    with pytest.raises(Exception, match="no SQL statements"):
        _chunked("-- nothing;\n/* here; */\n" * 20, monkeypatch, 10)


# --- saving: queries per batch, not per row -------------------------------------------------


def _rows(schema) -> list[int]:
    """The rows saving ``schema`` inserts, by record type."""
    tables = schema.tables
    keys = [len(index.elements) + len(index.include) for t in tables for index in t.indexes]
    return [
        len(tables),
        sum(len(t.columns) for t in tables),
        sum(len(t.indexes) for t in tables),
        sum(keys),
        len(schema.relationships),
        sum(len(r.from_columns) for r in schema.relationships),
    ]


def _ids(schema) -> list[int]:
    """The ids ``ids_in_use`` looks up, by record type (types with none cost nothing)."""
    return [
        len(schema.tables),
        sum(len(t.columns) for t in schema.tables),
        sum(len(t.indexes) for t in schema.tables),
        len(schema.relationships),
    ]


def _queries_to_create(schema, slug: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        edits.create_project(name=slug, slug=slug, schema=schema)
    return len(queries)


@pytest.mark.store
@pytest.mark.django_db
def test_saving_an_import_costs_queries_per_batch_of_rows_not_per_row(monkeypatch):
    monkeypatch.setattr(store, "BATCH", 50)
    small = with_new_ids(synthetic_schema(8, 60, 10))
    big = with_new_ids(synthetic_schema(120, 900, 150))
    extra = sum(
        math.ceil(b / 50) - math.ceil(s / 50)
        for b, s in zip(_rows(big) + _ids(big), _rows(small) + _ids(small), strict=True)
    )
    # 112 more tables, 840 more fields, 140 more indexes, keys and foreign keys: 1,540
    # rows, written and their ids checked in 48 more queries
    assert extra == 48
    assert _queries_to_create(big, "big") == _queries_to_create(small, "small") + extra


@pytest.mark.store
@pytest.mark.django_db
def test_rows_in_one_batch_cost_the_same_queries_for_10_tables_or_200(monkeypatch):
    monkeypatch.setattr(store, "BATCH", 100_000)
    small = with_new_ids(synthetic_schema(10, 80, 12))
    big = with_new_ids(synthetic_schema(200, 1_600, 240))
    assert _queries_to_create(big, "big") == _queries_to_create(small, "small")


@pytest.mark.store
@pytest.mark.django_db
def test_a_big_import_saved_in_batches_reads_back_as_it_was(monkeypatch):
    monkeypatch.setattr(store, "BATCH", 7)  # many batches, some partly filled
    schema = with_new_ids(import_sql(synthetic_dump(40)).schema)
    project = edits.create_project(name="Big", slug="big", schema=schema)
    assert store.load_schema(project) == replace(schema, name="Big")


@pytest.mark.store
@pytest.mark.django_db
def test_ids_of_other_projects_are_looked_up_by_record_type(monkeypatch):
    monkeypatch.setattr(store, "BATCH", 3)  # the ids are looked up in several batches
    schema = with_new_ids(synthetic_schema(6, 40, 5))
    other = edits.create_project(name="Other", slug="other", schema=schema)
    mine = models.Project.objects.create(name="Mine", slug="mine")
    assert store.ids_in_use(schema, exclude=mine)
    assert not store.ids_in_use(schema, exclude=other)
    # a table whose id is the id of another project's field holds no record of its
    # type: nothing clashes
    fresh = with_new_ids(schema)
    table = replace(fresh.tables[0], id=schema.tables[-1].columns[-1].id)
    assert not store.ids_in_use(replace(fresh, tables=(table, *fresh.tables[1:])), exclude=mine)


# --- the preview page ---------------------------------------------------------------------


def _preview(client, tables: int):
    upload = SimpleUploadedFile("big.sql", synthetic_dump(tables).encode())
    response = client.post(
        reverse("designer:import"), {"source": "file", "file": upload, "target": "new"}
    )
    assert response.status_code == 302
    return response["Location"]


@pytest.mark.django_db
def test_the_preview_shows_counts_and_the_first_tables_whatever_the_size(
    client, django_assert_num_queries
):
    small_url = _preview(client, PREVIEW_TABLES // 2)
    big_url = _preview(client, PREVIEW_TABLES * 4)
    # the draft, without its design + the session, the user + whether the slug it proposes
    # is free
    with django_assert_num_queries(4):
        small = client.get(small_url).content.decode()
    with django_assert_num_queries(4):
        big = client.get(big_url).content.decode()
    assert f"The first {PREVIEW_TABLES} of 400 tables" in big
    assert "and 300 more." in big and "account_0," in big and "account_384," not in big
    assert f"The {PREVIEW_TABLES // 2} tables" in small
    # eight times the tables, and only the numbers and names of the preview differ
    assert len(big) < len(small) * 2


@pytest.mark.django_db
def test_a_big_import_is_confirmed_from_its_preview(client):
    url = _preview(client, PREVIEW_TABLES * 2)
    response = client.post(url, {"slug": "big"})
    project = models.Project.objects.get(slug="big")
    assert response["Location"] == project.get_absolute_url()
    assert len(store.load_schema(project).tables) == PREVIEW_TABLES * 2
    assert not models.ImportDraft.objects.exists()
    # the change log keeps the design once, in the patch
    change = models.Change.objects.get(project=project)
    assert change.operations == [
        {"op": "replace_schema", "source": "big.sql", "tables": PREVIEW_TABLES * 2}
    ]


# --- the summary and the collector ------------------------------------------------------------


def test_a_summary_names_at_most_limit_objects_of_a_kind():
    summary = ImportSummary()
    for number in range(5_000):
        summary.skip("trigger", f"audit_{number} on t{number}")
        summary.skip("trigger", f"audit_{number} on t{number}")  # once only
    for number in range(30):
        summary.warn(f"warning {number}")
    assert len(summary.skipped["trigger"]) == 5_000
    lines = summary.lines(limit=3)
    assert lines[0] == (
        "skipped: 5000 triggers: audit_0 on t0, audit_1 on t1, audit_2 on t2 … and 4,997 more"
    )
    assert lines[1:] == [
        "warning: warning 0",
        "warning: warning 1",
        "warning: warning 2",
        "warning: … and 27 more warnings",
    ]
    assert len(summary.lines()) == 31 and "audit_4999 on t4999" in summary.lines()[0]


def test_a_name_taken_back_can_be_skipped_again():
    summary = ImportSummary(skipped={"function": ["f()"]})
    summary.skip("function", "f()")
    summary.unskip("function", "f()")
    summary.skip("function", "g()")
    summary.skip("function", "f()")
    summary.skip("function", "g()")
    assert summary.skipped["function"] == ["g()", "f()"]


def test_the_collector_comes_back_when_the_last_import_ends():
    assert gc.isenabled()
    entered, release = threading.Event(), threading.Event()

    def other_import():
        with collector_paused():
            entered.set()
            release.wait(5)

    thread = threading.Thread(target=other_import)
    with collector_paused():
        thread.start()
        entered.wait(5)
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other import still runs
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_the_collector_stays_off_after_an_import_when_it_was_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
