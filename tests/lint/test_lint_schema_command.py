"""python manage.py lint_schema SLUG [--format text|json] [--profile strict|relaxed]"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from designer.lint import lint
from designer.schema.design_file import dumps
from designer.services.edits import create_project
from designer.store import load_schema

from .build import classic_mistakes, good

ROOT = Path(__file__).resolve().parents[2]


def _lint(*args):
    """(stdout, the CommandError or None) of one run."""
    out = io.StringIO()
    try:
        call_command("lint_schema", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


@pytest.mark.store
@pytest.mark.django_db
def test_the_demo_passes_with_a_readable_report():
    call_command("seed_demo", stdout=io.StringIO())
    out, error = _lint("demo")
    assert error is None
    assert out == (
        "Design review of demo (profile strict): 0 errors, 0 warnings, 0 info.\n\nNo findings.\n"
    )


@pytest.mark.store
@pytest.mark.django_db
def test_errors_fail_the_gate_after_the_report_grouped_by_table():
    create_project(name="Shop", slug="shop", schema=classic_mistakes())
    out, error = _lint("shop")
    assert error is not None and error.returncode == 1
    assert str(error) == "the design review of shop found 5 errors"
    lines = out.splitlines()
    assert lines[0].startswith("Design review of shop (profile strict): 5 errors, ")
    headings = [line for line in lines if line and not line.startswith(" ")][1:]
    # Tables in the schema's order (coupons: its NOT VALID check and the view reading
    # its sensitive column).
    assert headings == [
        "user",
        "orders",
        "invoices",
        "coupons",
        "audit_entries",
        "subscription_renewal_reminders",
        "products",
        "saved queries",
    ]
    at = lines.index("orders")
    assert lines[at + 1].split() == ["warning", "fk-unindexed"]
    assert lines[at + 2].strip().startswith("orders(user_id), the foreign key to user")
    assert lines[at + 3].strip().startswith("Why: Deleting or updating a row of user")
    assert any(line.strip().startswith("Fix: CREATE INDEX ON orders (user_id)") for line in lines)


@pytest.mark.store
@pytest.mark.django_db
def test_the_json_report_lists_the_same_findings_with_the_records_ids():
    project = create_project(name="Shop", slug="shop", schema=classic_mistakes())
    out, error = _lint("shop", "--format", "json")
    assert error is not None and error.returncode == 1
    data = json.loads(out)
    schema = load_schema(project)
    expected = lint(schema)
    assert data["project"] == "shop" and data["profile"] == "strict"
    severities = [finding.severity.value for finding in expected]
    assert data["counts"] == {
        # no key, SET NULL on NOT NULL, SET DEFAULT without default, type, a broken query
        "error": 5,
        "warning": severities.count("warning"),
        "info": severities.count("info"),
        "suppressed": 0,
    }
    assert data["findings"] == [finding.as_dict() for finding in expected]
    unindexed = next(item for item in data["findings"] if item["rule"] == "fk-unindexed")
    orders = schema.tables[1]
    assert unindexed["target"]["table"] == orders.id
    assert unindexed["target"]["columns"] == [orders.column("user_id").id]
    assert unindexed["auto_fixes"][0]["kind"] == "add-index"


@pytest.mark.store
@pytest.mark.django_db
def test_the_relaxed_profile_can_be_chosen_and_warnings_alone_pass_the_gate():
    create_project(name="Plain", slug="plain", schema=good())
    out, error = _lint("plain", "--profile", "relaxed", "--format", "json")
    assert error is None and json.loads(out)["profile"] == "relaxed"


@pytest.mark.store
@pytest.mark.django_db
def test_an_unknown_project_is_one_line_and_status_2():
    out, error = _lint("nope")
    assert out == ""
    assert error is not None and error.returncode == 2
    assert str(error) == "no project with the slug 'nope'"


def test_the_exit_status_from_the_shell(tmp_path):
    """0 for the clean demo, 1 with an error finding, 2 for an unknown project."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )

    design = tmp_path / "shop.json"
    design.write_text(dumps(classic_mistakes()))
    for setup in (
        ("migrate", "-v0"),
        ("seed_demo",),
        ("import_schema", str(design), "--project", "shop"),
    ):
        assert manage(*setup).returncode == 0, setup

    clean = manage("lint_schema", "demo")
    assert clean.returncode == 0 and clean.stderr == ""
    failing = manage("lint_schema", "shop", "--format", "json")
    assert failing.returncode == 1
    assert failing.stderr.strip() == "CommandError: the design review of shop found 5 errors"
    assert json.loads(failing.stdout)["counts"]["error"] == 5
    unknown = manage("lint_schema", "nope")
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert unknown.stderr.strip().count("\n") == 0 and "nope" in unknown.stderr
