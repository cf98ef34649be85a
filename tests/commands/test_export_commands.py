"""export_schema for the document, the sample data and the bundle: the same bytes as the
download view, to a file or to standard output."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from designer.artifacts import ARTIFACTS, FILES

pytestmark = [pytest.mark.store, pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def _export(format: str, path: Path) -> bytes:
    call_command(
        "export_schema", "demo", "--format", format, "-o", str(path),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    return path.read_bytes()


@pytest.mark.parametrize("format", sorted(ARTIFACTS))
def test_each_format_writes_the_bytes_the_download_view_sends(demo, client, tmp_path, format):
    written = _export(format, tmp_path / "out")
    downloaded = client.get(reverse("designer:export", args=["demo", format])).content
    assert written == downloaded


def test_the_zip_from_the_command_holds_every_file_of_the_command(demo, tmp_path):
    bundle = _export("zip", tmp_path / "schema.zip")
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        members = {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}
    for artifact in FILES:
        assert members[artifact.filename] == _export(artifact.format, tmp_path / artifact.filename)


def test_text_goes_to_standard_output(demo, tmp_path):
    out = io.StringIO()
    call_command("export_schema", "demo", "--format", "markdown", stdout=out)
    assert out.getvalue().encode() == _export("markdown", tmp_path / "doc.md")


def test_binary_output_goes_to_the_byte_stream_of_standard_output(demo, tmp_path):
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")
    call_command("export_schema", "demo", "--format", "zip", stdout=out)
    assert raw.getvalue() == _export("zip", tmp_path / "schema.zip")


def test_binary_output_without_a_byte_stream_asks_for_a_file(demo):
    with pytest.raises(CommandError, match="binary output needs -o PATH"):
        call_command("export_schema", "demo", "--format", "zip", stdout=io.StringIO())


def test_a_shell_redirect_gets_the_exact_zip(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    with (tmp_path / "schema.zip").open("wb") as target:
        subprocess.run(
            [*manage, "export_schema", "demo", "--format", "zip"],
            cwd=ROOT, env=env, check=True, stdout=target,
        )  # fmt: skip
    written = tmp_path / "again.zip"
    subprocess.run(
        [*manage, "export_schema", "demo", "--format", "zip", "-o", str(written)],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    assert (tmp_path / "schema.zip").read_bytes() == written.read_bytes()
    with zipfile.ZipFile(tmp_path / "schema.zip") as archive:
        assert archive.testzip() is None
        assert len(archive.namelist()) == len(FILES) + 2  # README.md and queries.sql
