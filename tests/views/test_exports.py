"""The download view: every format with its file name, content type and exact bytes."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from designer.artifact_cache import artifact_cache
from designer.artifacts import ARTIFACTS, FILES
from designer.demo import demo_schema
from designer.store import schema_cache

pytestmark = pytest.mark.django_db

DOWNLOADS = {
    "sql": ("schema.sql", "application/sql; charset=utf-8"),
    "sqlmodel": ("models.py", "text/x-python; charset=utf-8"),
    "mermaid": ("erd.mmd", "text/plain; charset=utf-8"),
    "dbml": ("schema.dbml", "text/plain; charset=utf-8"),
    "markdown": ("DATABASE_SCHEMA.md", "text/markdown; charset=utf-8"),
    "sample-data": ("sample_data.sql", "application/sql; charset=utf-8"),
    "json": ("design.json", "application/json; charset=utf-8"),
    "zip": ("schema.zip", "application/zip"),
}


def _download(client, format: str):
    return client.get(reverse("designer:export", args=["demo", format]))


def test_the_registry_offers_exactly_these_downloads():
    assert {f: (a.filename, a.media_type) for f, a in ARTIFACTS.items()} == DOWNLOADS


@pytest.mark.parametrize("format", sorted(DOWNLOADS))
def test_each_format_downloads_as_a_named_file(client, demo, format):
    response = _download(client, format)
    filename, content_type = DOWNLOADS[format]
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.content == ARTIFACTS[format].content(demo_schema())


def test_the_zip_holds_every_single_download_byte_for_byte(client, demo):
    with zipfile.ZipFile(io.BytesIO(_download(client, "zip").content)) as archive:
        members = {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}
    # The demo has saved queries: queries.sql holds them.
    assert set(members) == {"README.md", *(artifact.filename for artifact in FILES), "queries.sql"}
    for artifact in FILES:
        assert members[artifact.filename] == _download(client, artifact.format).content


def test_the_document_download_is_the_markdown_of_the_project(client, demo):
    text = _download(client, "markdown").content.decode()
    assert text.startswith("# Database Schema Design\n")
    assert "### users" in text and "### todos" in text


def test_an_unknown_format_or_project_is_not_found(client, demo):
    assert _download(client, "pdf").status_code == 404
    assert client.get(reverse("designer:export", args=["nope", "sql"])).status_code == 404


def test_a_download_is_a_get(client, demo):
    response = client.post(reverse("designer:export", args=["demo", "sql"]))
    assert response.status_code == 405


def test_a_download_costs_a_fixed_number_of_queries(client, demo, django_assert_num_queries):
    schema_cache.clear()  # as in a process that has never read this project
    artifact_cache.clear()
    # the project; its revision (current_schema); load_schema's eleven (enums, entities,
    # fields, unique constraints and their columns, checks, indexes and their keys,
    # relationships and their columns, the review's suppressions); the revision again,
    # to know that no change committed while the records were read; the version saved
    # before this revision (the document in the zip shows the migration from it)
    with django_assert_num_queries(17):  # + the session, the user
        assert _download(client, "zip").status_code == 200
    # the project, its revision: another file of the revision is made from its schema,
    # which is cached
    with django_assert_num_queries(4):  # + the session, the user
        assert _download(client, "sql").status_code == 200
    # the project, and nothing else: the revision's file is cached
    with django_assert_num_queries(3):  # + the session, the user
        assert _download(client, "sql").status_code == 200
