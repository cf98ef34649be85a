"""The bundle: every artifact in one deterministic zip, each file its single download."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given, settings

from designer.artifacts import ARTIFACTS, FILES
from designer.bundle import README, build, folder_name, zip_bytes
from designer.demo import demo_schema
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
    assert list(members) == [f"todo-app-demo/{name}" for name in EXPECTED_FILES]


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
