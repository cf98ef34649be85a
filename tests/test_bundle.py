"""The bundle: every artifact in one deterministic zip, each file its single download."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

from hypothesis import given, settings
from pglast import split

from designer.artifacts import ARTIFACTS, FILES
from designer.bundle import QUERIES, README, build, folder_name, queries_sql, zip_bytes
from designer.demo import demo_schema
from designer.schema.design_file import loads
from designer.schema.model import Frequency, SavedQuery
from tests.strategies import schemas

EXPECTED_FILES = [
    "README.md",
    "schema.sql",
    "models.py",
    "erd.mmd",
    "schema.dbml",
    "DATABASE_SCHEMA.md",
    "sample_data.sql",
    "design.json",
]


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_the_demo_bundle_holds_every_file_in_one_folder():
    members = _members(build(demo_schema(), FILES))
    expected = [*EXPECTED_FILES, QUERIES]  # the demo has saved queries
    assert list(members) == [f"todo-app-demo/{name}" for name in expected]


def test_a_design_without_saved_queries_has_no_queries_file():
    members = _members(build(replace(demo_schema(), queries=()), FILES))
    assert list(members) == [f"todo-app-demo/{name}" for name in EXPECTED_FILES]
    readme = members[f"todo-app-demo/{README}"].decode()
    assert QUERIES not in readme


def test_each_file_is_its_single_download_byte_for_byte():
    schema = demo_schema()
    members = _members(ARTIFACTS["zip"].content(schema))
    for artifact in FILES:
        assert members[f"todo-app-demo/{artifact.filename}"] == artifact.content(schema)


def test_the_readme_says_what_each_file_is_and_how_to_load_them():
    readme = _members(build(demo_schema(), FILES))[f"todo-app-demo/{README}"].decode()
    assert readme.startswith("# Todo app (demo): database schema\n")
    for artifact in FILES:
        assert f"| `{artifact.filename}` | {artifact.description} |" in readme
    assert 'psql "$DATABASE_URL" -v ON_ERROR_STOP=1 --file=schema.sql' in readme
    assert f"| `{QUERIES}` | " in readme


def test_the_bytes_are_the_same_every_time():
    first = ARTIFACTS["zip"].content(demo_schema())
    assert ARTIFACTS["zip"].content(demo_schema()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
            assert info.compress_type == zipfile.ZIP_DEFLATED


@settings(max_examples=25)  # each example writes every file, the document included
@given(schemas(max_tables=3))
def test_any_schema_bundles_deterministically(schema):
    data = build(schema, FILES)
    assert build(schema, FILES) == data
    members = _members(data)
    folder = folder_name(schema)
    assert list(members) == [f"{folder}/{name}" for name in EXPECTED_FILES]


def test_the_folder_is_an_ascii_slug_of_the_project_name():
    schema = demo_schema()
    assert folder_name(schema) == "todo-app-demo"
    assert folder_name(type(schema)(name="Café — Ventes 2024")) == "cafe-ventes-2024"
    assert folder_name(type(schema)(name="名前")) == "schema"


def test_zip_bytes_keep_the_order_given():
    data = zip_bytes([("b.txt", b"2"), ("a.txt", b"1")])
    assert list(_members(data)) == ["b.txt", "a.txt"]


# --- the saved queries ---------------------------------------------------------------------


def test_the_demo_queries_file_holds_each_query_after_its_header():
    schema = demo_schema()
    text = _members(build(schema, FILES))[f"todo-app-demo/{QUERIES}"].decode()
    assert text == queries_sql(schema)
    assert text.startswith("-- Todo app (demo): the saved queries the application runs.\n")
    assert (
        "-- Query: Open todos of a user\n"
        "-- Runs: per request\n"
        "-- Note: The main list: a user's open todos, soonest due first.\n"
        "SELECT id, title, due_date FROM todos WHERE user_id = $1 AND completed = false "
        "ORDER BY due_date LIMIT 50;\n"
    ) in text
    assert "-- Query: Todos due today\n-- Runs: hourly\n" in text
    statements = [s.strip() for s in split(text)]
    assert statements == [query.sql for query in schema.queries]


def test_the_design_file_in_the_zip_carries_the_queries():
    schema = demo_schema()
    design = _members(build(schema, FILES))["todo-app-demo/design.json"]
    assert loads(design).queries == schema.queries


def test_user_text_cannot_leave_its_comment_and_each_query_ends_once():
    hostile = "a\nDROP TABLE users; --\r\nb\u2028c"
    queries = (
        SavedQuery("7b1d7d5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", hostile, "SELECT 1;", note=hostile),
        SavedQuery(
            "8c2e8e6f-2b3c-4d4e-9f0a-1b2c3d4e5f6a",
            "Trailing comment",
            "SELECT 2 -- two",
            Frequency.RARE,
        ),
        SavedQuery("9d3f9f7a-3c4d-4e5f-8a1b-2c3d4e5f6a7b", "Plain", "  SELECT 3\n\n"),
    )
    text = queries_sql(replace(demo_schema(), queries=queries))
    for line in text.splitlines():
        assert line.startswith(("--", "SELECT")) or line in {"", ";"}
    assert [s.strip() for s in split(text)] == ["SELECT 1", "SELECT 2 -- two", "SELECT 3"]
    assert "-- Runs: rarely" in text
