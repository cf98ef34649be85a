"""import_schema / export_schema with DBML: a .dbml file becomes a project, the project
comes out as the DBML the download sends, and a bad file changes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from designer import models
from designer.generators.dbml import generate
from designer.importers.dbml import import_dbml
from designer.store import load_schema
from tests.support.dbml_compare import comparable

pytestmark = [pytest.mark.store, pytest.mark.django_db]
FILES = Path(__file__).resolve().parents[1] / "importers" / "dbml"


def _run(*args, **options) -> str:
    out = io.StringIO()
    call_command("import_schema", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_a_dbml_file_is_recognised_by_its_extension_and_imported(tmp_path):
    path = tmp_path / "shop.dbml"
    path.write_text((FILES / "shop.dbml").read_text())
    output = _run(str(path), "--project", "shop")
    lines = output.splitlines()
    assert lines[0] == (
        "Created project shop from dbml: 7 tables, 28 columns, 6 relationships, 1 enum types"
    )
    assert "skipped: 1 table group: selling (sales.orders, sales.order_items)" in lines
    schema = load_schema(models.Project.objects.get(slug="shop"))
    assert comparable(schema) == comparable(import_dbml((FILES / "shop.dbml").read_text()).schema)
    assert len(schema.many_to_many) == 1


def test_format_dbml_reads_standard_input_and_names_the_project_after_its_project():
    text = (FILES / "roundtrip.dbml").read_text()
    _run("-", "--project", "library", "--format", "dbml", stdin=io.StringIO(text))
    project = models.Project.objects.get(slug="library")
    assert project.name == "library"
    assert generate(load_schema(project)) == text


def test_a_bad_dbml_file_names_its_line_and_changes_nothing(tmp_path):
    path = tmp_path / "broken.dbml"
    path.write_text((FILES / "missing_bracket.dbml").read_text())
    with pytest.raises(CommandError, match=r"broken.dbml: DBML syntax error at line 4, column 1"):
        _run(str(path), "--project", "broken")
    assert not models.Project.objects.exists()


def test_replace_with_dbml_is_one_change_of_the_existing_project(tmp_path):
    path = tmp_path / "library.dbml"
    path.write_text((FILES / "roundtrip.dbml").read_text())
    _run(str(path), "--project", "library")
    path.write_text((FILES / "shop.dbml").read_text())
    output = _run(str(path), "--project", "library", "--replace")
    assert output.startswith("Replaced project library from dbml: 7 tables")


def test_export_schema_format_dbml_writes_what_the_download_sends(client, tmp_path):
    path = tmp_path / "library.dbml"
    path.write_text((FILES / "roundtrip.dbml").read_text())
    _run(str(path), "--project", "library")
    out = tmp_path / "out.dbml"
    call_command(
        "export_schema", "library", "--format", "dbml", "-o", str(out),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    written = out.read_text()
    assert written == (FILES / "roundtrip.dbml").read_text()
    response = client.get(reverse("designer:export", args=["library", "dbml"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="schema.dbml"'
    assert response.content.decode() == written


def test_export_then_import_gives_the_same_design(tmp_path):
    path = tmp_path / "shop.dbml"
    path.write_text((FILES / "shop.dbml").read_text())
    _run(str(path), "--project", "shop")
    out = tmp_path / "again.dbml"
    call_command(
        "export_schema", "shop", "--format", "dbml", "-o", str(out),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    _run(str(out), "--project", "again")
    first = load_schema(models.Project.objects.get(slug="shop"))
    second = load_schema(models.Project.objects.get(slug="again"))
    assert comparable(second) == comparable(first)


def test_a_project_replaced_by_its_own_dbml_keeps_its_ids(tmp_path):
    """Export, edit nothing, import with --replace: the records keep their ids (matched by
    name), so history, comments and links to them survive a DBML round trip."""
    path = tmp_path / "shop.dbml"
    path.write_text((FILES / "shop.dbml").read_text())
    _run(str(path), "--project", "shop")
    before = load_schema(models.Project.objects.get(slug="shop"))
    out = tmp_path / "out.dbml"
    call_command(
        "export_schema", "shop", "--format", "dbml", "-o", str(out),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    _run(str(out), "--project", "shop", "--replace")
    after = load_schema(models.Project.objects.get(slug="shop"))
    assert comparable(after) == comparable(before)
    assert [t.id for t in after.tables] == [t.id for t in before.tables]
    assert [c.id for t in after.tables for c in t.columns] == [
        c.id for t in before.tables for c in t.columns
    ]
    assert [r.id for r in after.relationships] == [r.id for r in before.relationships]
    assert [e.id for e in after.enums] == [e.id for e in before.enums]
