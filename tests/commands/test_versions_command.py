"""versions SLUG --save NAME [--message M] and versions SLUG --list: one clear line on
standard error and a non-zero status on failure, never a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from designer import models
from designer.demo import demo_schema
from designer.operations import AddEntity
from designer.services.edits import create_project
from designer.services.versions import version_schema
from designer.store import load_schema
from tests.support.edits import change

pytestmark = [pytest.mark.store, pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo():
    return create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())


def _versions(*args: str) -> str:
    out = io.StringIO()
    call_command("versions", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_save_keeps_the_current_design_under_the_name(demo):
    change(demo, AddEntity("tags"))
    assert _versions("demo", "--save", "v1", "--message", "Before launch") == (
        "Saved demo at revision 2 as v1.\n"
    )
    version = models.Version.objects.get()
    assert (version.name, version.message, version.revision) == ("v1", "Before launch", 2)
    assert version.author is None
    assert version_schema(version) == load_schema(demo)


def test_list_shows_the_versions_newest_first(demo):
    assert _versions("demo", "--list") == ""
    _versions("demo", "--save", "v1", "-m", "First line\nsecond line")
    change(demo, AddEntity("tags"))
    _versions("demo", "--save", "v2")
    lines = _versions("demo", "--list").splitlines()
    assert [line.split("\t")[:2] for line in lines] == [["v2", "r2"], ["v1", "r1"]]
    first = lines[1].split("\t")
    assert first[2].endswith(" UTC") and first[3] == "—" and first[4] == "First line"


@pytest.mark.parametrize(
    "args, status, message",
    [
        (["nope", "--list"], 2, "no project with the slug 'nope'"),
        (["demo", "--save", "v 1"], 1, "may hold only letters"),
        (["demo", "--save", ".."], 1, "cannot be"),
        (["demo", "--save", "v1", "-m", "x" * 10_001], 1, "at most 10,000"),
    ],
)
def test_a_failure_is_one_line_and_a_status(demo, args, status, message):
    with pytest.raises(CommandError, match=message) as failed:
        _versions(*args)
    assert failed.value.returncode == status and "\n" not in str(failed.value)
    assert not models.Version.objects.exists()


def test_a_taken_name_is_refused(demo):
    _versions("demo", "--save", "v1")
    with pytest.raises(CommandError, match="already") as failed:
        _versions("demo", "--save", "v1")
    assert failed.value.returncode == 1 and models.Version.objects.count() == 1


def test_from_a_shell_the_errors_are_one_line_without_a_traceback(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*manage, "versions", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )

    saved = run("demo", "--save", "v1", "--message", "First")
    assert saved.returncode == 0 and saved.stdout.startswith("Saved demo at revision")
    taken = run("demo", "--save", "v1")
    assert taken.returncode == 1 and "Traceback" not in taken.stderr
    assert taken.stderr.strip().count("\n") == 0 and "already" in taken.stderr
    unknown = run("nope", "--list")
    assert unknown.returncode == 2 and unknown.stderr.strip().count("\n") == 0
    neither = run("demo")  # --save or --list is required: argparse's usage, status 2
    assert neither.returncode == 2 and "Traceback" not in neither.stderr
    listed = run("demo", "--list")
    assert listed.returncode == 0 and listed.stdout.startswith("v1\tr")
