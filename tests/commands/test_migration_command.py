"""migration SLUG --from V --to V|working [--direction] [--format] [-o] and
migration SLUG --from-live URL [--rename TOKEN]: the script on standard output or in a
file, one clear line and a non-zero status on failure, and drift proven on PostgreSQL."""

from __future__ import annotations

import ast
import io

import pytest
from django.core.management import CommandError, call_command

from designer.demo import demo_schema
from designer.generators import ddl
from designer.operations import AddEnum, DeleteField, EditEnum, EditField
from designer.schema.ids import with_new_ids
from designer.services.edits import create_project
from designer.services.versions import save_version
from designer.store import load_schema
from tests.support.edits import change, table

pytestmark = [pytest.mark.store, pytest.mark.django_db]


@pytest.fixture
def demo():
    project = create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())
    save_version(project, "v1")
    return project


def _migration(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("migration", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _rename_email(project) -> None:
    change(project, EditField(table(project, "users").column("email").id, {"name": "mail"}))


def test_from_a_version_to_the_working_copy_up_and_down(demo):
    _rename_email(demo)
    up, _ = _migration("demo", "--from", "v1", "--to", "working")
    assert "ALTER TABLE users RENAME COLUMN email TO mail;" in up
    assert up.startswith("-- Migration up of Todo app (demo)")
    down, _ = _migration("demo", "--from", "v1", "--direction", "down")  # --to: working
    assert "ALTER TABLE users RENAME COLUMN mail TO email;" in down


def test_between_two_versions_as_an_alembic_revision_into_a_folder(demo, tmp_path):
    _rename_email(demo)
    save_version(demo, "v2")
    _, err = _migration("demo", "--from", "v1", "--to", "v2", "--format", "alembic",
                        "-o", str(tmp_path))  # fmt: skip
    (written,) = tmp_path.iterdir()
    assert written.name.endswith("_v1_to_v2.py") and "Wrote" in err
    text = written.read_text()
    ast.parse(text)
    assert "RENAME COLUMN email TO mail" in text and "def downgrade()" in text


def test_destructive_steps_are_named_on_standard_error(demo, tmp_path):
    change(demo, DeleteField(table(demo, "todos").column("description").id))
    target = tmp_path / "up.sql"
    _, err = _migration("demo", "--from", "v1", "-o", str(target))
    assert "ALTER TABLE todos DROP COLUMN description;" in target.read_text()
    assert "Warning (irreversible): removed column todos.description" in err


def test_a_guessed_enum_value_rename_is_said_and_can_be_refused(demo):
    change(demo, AddEnum("status", ("draft", "active", "done")))
    save_version(demo, "v2")
    status = load_schema(demo).enums[0]
    change(demo, EditEnum(status.id, {"values": ("draft", "live", "done")}))
    up, err = _migration("demo", "--from", "v2")
    assert "RENAME VALUE 'active' TO 'live'" in up
    assert "--not-renamed status makes it a removal and an addition" in err
    up, err = _migration("demo", "--from", "v2", "--not-renamed", "status")
    assert "RENAME VALUE" not in up and "Guessed" not in err


@pytest.mark.parametrize(
    "args, message",
    [
        (("nope", "--from", "v1"), "no project with the slug 'nope'"),
        (("demo", "--from", "v9"), "no version named “v9”"),
        (("demo", "--from", "v1", "--to", "v9"), "no version named “v9”"),
        (("demo", "--from", "v1", "--rename", "a=b"), "--rename is for --from-live"),
        (("demo", "--from", "v1", "--not-renamed", "x"), "No enum type named “x”"),
        (("demo", "--from-live", "postgresql://h/db", "--to", "v1"), "working copy only"),
    ],
)
def test_what_cannot_run_is_one_line_and_status_2(demo, args, message):
    with pytest.raises(CommandError, match=message) as raised:
        _migration(*args)
    assert raised.value.returncode == 2


def test_a_live_database_the_server_may_not_reach_is_refused(demo, settings):
    settings.LIVE_IMPORT_HOSTS = []
    with pytest.raises(CommandError, match="LIVE_IMPORT_HOSTS") as raised:
        _migration("demo", "--from-live", "postgresql://db.example.com/shop")
    assert raised.value.returncode == 2


@pytest.mark.postgres
def test_drift_brings_a_live_database_to_the_design_keeping_renamed_columns(demo, pg_db):
    """The database was built from v1 and has rows; the design renamed a column since.
    Without --rename the drift drops and adds it (said on standard error); with the
    proposed token it renames it, the rows stay, and the database then has exactly the
    design's catalog."""
    _rename_email(demo)
    pg_db.run(ddl.generate(demo_schema()))
    pg_db.run("INSERT INTO users (email, password_hash, full_name) VALUES ('a@b.c', 'x', 'A')")
    guessed, err = _migration("demo", "--from-live", pg_db.url)
    assert "DROP COLUMN email" in guessed
    assert "add --rename users.email=users.mail to accept it" in err
    up, err = _migration("demo", "--from-live", pg_db.url, "--rename", "users.email=users.mail")
    assert "ALTER TABLE users RENAME COLUMN email TO mail;" in up and "DROP" not in up
    assert "Proposed rename" not in err
    pg_db.run(up)
    assert pg_db.query("SELECT mail FROM users") == [("a@b.c",)]
    expected = pg_db.server.create_database("drift")
    try:
        expected.run(ddl.generate(load_schema(demo)))
        assert pg_db.catalog() == expected.catalog()
    finally:
        expected.drop()
    again, _ = _migration("demo", "--from-live", pg_db.url)
    assert "0 step(s)" in again  # no drift left


@pytest.mark.postgres
def test_an_unproposed_rename_is_refused(demo, pg_db):
    pg_db.run(ddl.generate(with_new_ids(demo_schema())))
    with pytest.raises(CommandError, match="is not a proposed rename") as raised:
        _migration("demo", "--from-live", pg_db.url, "--rename", "users.email=users.mail")
    assert raised.value.returncode == 2
