"""seed_demo, export_schema --format json and import_schema --format json."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from designer import models
from designer.demo import demo_schema
from designer.operations import EditField
from designer.schema.design_file import dumps
from designer.store import load_schema
from tests.support.edits import change
from tests.support.manage import fresh_store, manage

pytestmark = [pytest.mark.store, pytest.mark.django_db]


def _run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def _without_ids(data):
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [_without_ids(v) for v in data]
    return data


def test_seed_demo_is_idempotent():
    _run("seed_demo")
    first = dumps(load_schema(models.Project.objects.get(slug="demo")))
    assert "already exists" in _run("seed_demo")
    assert models.Project.objects.count() == 1
    assert dumps(load_schema(models.Project.objects.get(slug="demo"))) == first


def test_seed_demo_reset_puts_back_an_edited_demo():
    _run("seed_demo")
    demo = models.Project.objects.get(slug="demo")
    change(
        demo, EditField(str(models.Field.objects.get(name="full_name").pk), {"name": "nickname"})
    )
    _run("seed_demo", "--reset")
    names = models.Field.objects.filter(entity__name="users").values_list("name", flat=True)
    assert "full_name" in names and "nickname" not in names


def test_seed_demo_if_empty_leaves_a_used_store_alone():
    models.Project.objects.create(name="Mine", slug="mine")
    _run("seed_demo", "--if-empty")
    assert not models.Project.objects.filter(slug="demo").exists()


def test_the_demo_holds_the_seeds_example():
    _run("seed_demo")
    schema = load_schema(models.Project.objects.get(slug="demo"))
    users, todos = schema.tables
    assert users.column("email").type.length == 255 and users.column("email").unique
    assert users.column("password_hash").sensitive and not users.column("password_hash").nullable
    assert todos.column("completed").default == "false"
    assert schema.relationships[0].on_delete == "CASCADE"
    assert [e.column for e in todos.indexes[0].elements] == ["user_id", "completed"]
    assert todos.indexes[0].rationale
    assert all(table.description for table in schema.tables)


def test_export_import_export_is_equal_up_to_ids(tmp_path):
    _run("seed_demo")
    first = tmp_path / "first.json"
    _run("export_schema", "demo", "--format", "json", "-o", str(first))
    _run("import_schema", str(first), "--project", "copy")
    second = json.loads(_run("export_schema", "copy", "--format", "json"))
    original = json.loads(first.read_text())
    assert _without_ids(second) == _without_ids(original)
    assert second != original


def test_import_from_standard_input_and_replace():
    _run("seed_demo")
    text = _run("export_schema", "demo", "--format", "json")
    models.Project.objects.create(name="Target", slug="target")
    summary = _run(
        "import_schema", "-", "--project", "target", "--replace", stdin=io.StringIO(text)
    )
    assert "Replaced project target" in summary and "2 tables" in summary
    assert load_schema(models.Project.objects.get(slug="target")).tables[0].name == "users"


def test_import_into_an_existing_project_needs_replace(tmp_path):
    _run("seed_demo")
    path = tmp_path / "demo.json"
    path.write_text(dumps(demo_schema()))
    with pytest.raises(CommandError, match="add --replace"):
        _run("import_schema", str(path), "--project", "demo")


def test_a_bad_file_changes_nothing(tmp_path):
    _run("seed_demo")
    before = dumps(load_schema(models.Project.objects.get(slug="demo")))
    data = json.loads(before)
    data["relationships"][0]["to"]["table"] = "ghosts"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="ghosts does not exist"):
        _run("import_schema", str(path), "--project", "demo", "--replace")
    with pytest.raises(CommandError):
        _run("import_schema", str(path), "--project", "new-one")
    assert dumps(load_schema(models.Project.objects.get(slug="demo"))) == before
    assert not models.Project.objects.filter(slug="new-one").exists()


def test_export_of_an_unknown_project_fails():
    with pytest.raises(CommandError, match="no project with the slug 'nope'"):
        _run("export_schema", "nope", "--format", "json")


def test_a_failing_command_prints_one_line_and_exits_non_zero(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "pg-schema-designer", "version": 99}')
    result = manage(fresh_store(tmp_path), "import_schema", str(bad), "--project", "x")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "version 99 is not supported" in result.stderr


def test_a_design_file_edited_outside_comes_back_as_edits_renames_stay_renames(tmp_path):
    _run("seed_demo")
    demo = models.Project.objects.get(slug="demo")
    field = models.Field.objects.get(entity__name="users", name="full_name")
    entity = field.entity
    data = json.loads(_run("export_schema", "demo", "--format", "json"))
    users = next(table for table in data["tables"] if table["name"] == "users")
    users["name"] = "members"  # as a script or a text editor in git would rename them
    for relationship in data["relationships"]:
        for side in ("from", "to"):
            if relationship[side]["table"] == "users":
                relationship[side]["table"] = "members"
    next(c for c in users["columns"] if c["name"] == "full_name")["name"] = "display_name"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    _run("import_schema", str(path), "--project", "demo", "--replace")
    field.refresh_from_db()
    entity.refresh_from_db()
    assert (entity.name, field.name) == ("members", "display_name")  # the same records
    latest = models.Change.objects.filter(project=demo).latest("revision")
    assert str(field.pk) in latest.touched and str(entity.pk) in latest.touched
    assert models.Field.objects.filter(entity=entity).count() == len(users["columns"])
