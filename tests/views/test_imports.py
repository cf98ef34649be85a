"""The Import page: upload, paste or read a database; preview; confirm; all or nothing."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from designer import models
from designer.demo import demo_schema
from designer.schema.design_file import dumps
from designer.store import load_schema
from tests.support.accounts import member, signed_in
from tests.support.corpus import CORPUS

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _start(client, **data):
    data.setdefault("target", "new")
    return client.post(reverse("designer:import"), data)


def _preview_url(response) -> str:
    assert response.status_code == 302, _text(response)[:2000]
    return response["Location"]


def test_a_dump_is_previewed_then_created(client):
    sql = (CORPUS / "pagila" / "schema.sql").read_bytes()
    response = _start(client, source="file", file=SimpleUploadedFile("pagila.sql", sql))
    preview = client.get(_preview_url(response))
    text = _text(preview)
    assert "Read from pagila.sql. Nothing is saved yet." in text
    assert "kept as SQL: 7 views:" in text and "actor_info" in text
    assert models.Project.objects.count() == 0
    done = client.post(_preview_url(response), {"slug": "pagila"})
    project = models.Project.objects.get(slug="pagila")
    assert done["Location"] == project.get_absolute_url()
    assert len(load_schema(project).tables) == 22
    assert not models.ImportDraft.objects.exists()


def test_pasted_sql_and_a_design_file(client):
    response = _start(client, source="paste", sql="CREATE TABLE t (id bigint PRIMARY KEY);")
    client.post(_preview_url(response), {"slug": "pasted"})
    assert [t.name for t in load_schema(models.Project.objects.get(slug="pasted")).tables] == ["t"]
    upload = SimpleUploadedFile("design.json", dumps(demo_schema()).encode())
    response = _start(client, source="file", file=upload)
    client.post(_preview_url(response), {"slug": "from-json"})
    schema = load_schema(models.Project.objects.get(slug="from-json"))
    assert [t.name for t in schema.tables] == ["users", "todos"]


def test_a_syntax_error_says_where_and_creates_nothing(client):
    response = _start(client, source="paste", sql="CREATE TABLE t (\n  id int,\n  name tex t\n);")
    assert response.status_code == 200
    text = _text(response)
    assert re.search(r"syntax error at line 3, column \d+", text)
    assert "name tex t" in text  # what was typed is kept
    assert models.Project.objects.count() == 0 and models.ImportDraft.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Choose a file"),
        (b"\x00\x01\x02\x89PNG binary", "binary"),
        (b"Dear team, here is the schema we discussed.", ""),
    ],
)
def test_empty_binary_or_non_sql_files_are_refused(client, content, message):
    response = _start(client, source="file", file=SimpleUploadedFile("x.sql", content))
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert message in _text(response)
    assert models.ImportDraft.objects.count() == 0


def test_a_file_over_the_limit_is_refused(client, settings):
    settings.MAX_UPLOAD_BYTES = 100
    response = _start(client, source="file", file=SimpleUploadedFile("big.sql", b"-- x\n" * 50))
    assert "the limit is 100" in _text(response)


def test_replacing_needs_a_second_confirmation(client, demo):
    response = _start(
        client, source="paste", sql="CREATE TABLE only_one (id int PRIMARY KEY);",
        target="replace", project=demo.id,
    )  # fmt: skip
    url = _preview_url(response)
    assert "This replaces every entity" in _text(client.get(url))
    refused = client.post(url, {})
    assert "Tick the box" in _text(refused)
    assert [t.name for t in load_schema(demo).tables] == ["users", "todos"]
    client.post(url, {"confirm_replace": "on"})
    assert [t.name for t in load_schema(demo).tables] == ["only_one"]


def test_a_preview_belongs_to_its_session(client, django_user_model):
    response = _start(client, source="paste", sql="CREATE TABLE t (id int);")
    url = _preview_url(response)
    other = signed_in(Client(), member("someone-else"))
    assert other.get(url).status_code == 404


def test_a_database_that_refuses_is_explained_without_the_password(client):
    url = "postgresql://someone:s3cret-pass@127.0.0.1:1/nothing"
    response = _start(client, source="database", url=url)
    text = _text(response)
    assert response.status_code == 200 and 'class="errorlist' in text
    assert "s3cret-pass" not in text.replace('value="' + url + '"', "")
    assert models.ImportDraft.objects.count() == 0
