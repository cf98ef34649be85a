"""The Versions page, a version read-only (tables, diagram, document), its downloads and
Restore: with htmx and without JavaScript, with bad input kept and never a 500."""

import html
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from designer import models
from designer.artifact_cache import artifact_cache
from designer.artifacts import ARTIFACTS
from designer.operations import AddEntity, EditEntity
from designer.services.edits import create_project
from designer.services.versions import save_version
from designer.store import load_schema
from tests.support.edits import change, table
from tests.views.test_bad_input import error_beside

pytestmark = [pytest.mark.store, pytest.mark.django_db]

V1_FILE = Path(__file__).resolve().parents[1] / "schema" / "data" / "demo_design_v1.json"


def _shown(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))  # (highlighting splits the code)


def url(name, *args):
    return reverse(f"designer:{name}", args=args)


def test_the_page_offers_the_next_name_and_lists_nothing_yet(client, demo):
    text = client.get(url("versions", "demo")).content.decode()
    assert 'name="name" value="v1"' in text and 'id="no-versions"' in text
    assert "The design at revision 1." in text


def test_saving_a_version_lists_it_with_its_message_author_time_and_revision(client, demo):
    response = client.post(url("versions", "demo"), {"name": "v1", "message": "First cut"})
    assert response.status_code == 302 and response["Location"] == url("versions", "demo")
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Saved the design as v1." in text
    row = text.split('id="version-v1"', 1)[1].split("</tr>", 1)[0]
    assert "First cut" in row and "tester" in row and "r1" in row and "<time" in row
    assert url("version", "demo", "v1") in row and url("version_restore", "demo", "v1") in row
    for format in ARTIFACTS:
        assert url("version_export", "demo", "v1", format) in row
    assert 'name="base_revision" value="1"' in row
    assert 'name="name" value="v2"' in text  # the next suggestion


@pytest.mark.parametrize(
    "name, message, error",
    [
        ("v 1", "typed <kept>", "may hold only letters"),
        ("", "typed <kept>", "Give the version a name"),
        ("..", "typed <kept>", "cannot be"),
        ("x" * 41, "typed <kept>", "at most 40 characters"),
        ("v1", "y" * 10_001, "10,000"),
    ],
)
def test_a_bad_form_comes_back_with_the_error_and_what_was_typed(
    client, demo, name, message, error
):
    response = client.post(url("versions", "demo"), {"name": name, "message": message})
    assert response.status_code == 200
    text = response.content.decode()
    assert error in html.unescape(text)
    assert f'value="{html.escape(name)}"' in text or name == ""
    assert html.escape(message) in text
    assert not models.Version.objects.exists()


@pytest.mark.parametrize(
    "data, input_id, error",
    [
        ({"name": "v/1"}, "version-name", "may hold only letters"),
        ({"name": "v\x001"}, "version-name", "Null characters are not allowed"),
        ({"name": "v1", "message": "a\x00b"}, "version-message", "Null characters"),
        ({"name": "v1", "message": "y" * 10_001}, "version-message", "at most 10,000"),
    ],
)
def test_the_error_is_shown_beside_the_input_it_is_about(client, demo, data, input_id, error):
    response = client.post(url("versions", "demo"), data)
    assert error in error_beside(response, input_id)
    assert not models.Version.objects.exists()


def test_a_taken_name_is_a_form_error_not_a_500(client, demo):
    save_version(demo, "v1")
    response = client.post(url("versions", "demo"), {"name": "v1", "message": "again"})
    assert response.status_code == 200
    assert "already" in response.content.decode() and models.Version.objects.count() == 1


def test_user_text_is_escaped_on_every_page(client, demo):
    attack = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    change(demo, EditEntity(table(demo, "users").id, {"description": attack}))
    save_version(demo, "v1", attack)
    for page in (url("versions", "demo"), url("version", "demo", "v1")):
        text = client.get(page).content.decode()
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    document = client.get(url("version_document", "demo", "v1")).content.decode()
    assert "<script>alert" not in document and "<img" not in document


def test_a_version_opens_read_only_with_its_tables_columns_and_diagram(client, demo):
    save_version(demo, "v1", "First cut")
    change(demo, EditEntity(table(demo, "users").id, {"name": "people"}))
    text = client.get(url("version", "demo", "v1")).content.decode()
    assert "<code>users</code>" in text and "<code>people</code>" not in text  # as saved
    assert "<code>email</code>" in text and "<code>varchar(255)</code>" in text
    assert "NOT NULL" in text and "gen_random_uuid()" in text
    assert 'class="doc-diagram"' in text and "erDiagram" in text
    assert "vendor/mermaid/mermaid.min.js" in text and "designer/erd.js" in text
    assert "<script>" not in text.split("</head>", 1)[1]  # no inline script (CSP)
    # Read-only: the one form is Restore.
    main = text.split('<main id="main">', 1)[1]  # (the header holds the sign-out form)
    assert main.count("<form") == 1 and url("version_restore", "demo", "v1") in main
    assert url("version_document", "demo", "v1") in text


def test_the_document_of_a_version_is_its_design_and_the_projects_stays_its_own(client, demo):
    save_version(demo, "v1")
    change(demo, EditEntity(table(demo, "users").id, {"name": "people"}))
    version_page = client.get(url("version_document", "demo", "v1"))
    assert version_page.status_code == 200
    text = version_page.content.decode()
    for number in range(1, 11):
        assert f'id="section-{number}"' in text
    assert "CREATE TABLE users" in _shown(text) and "Version v1" in text
    assert url("version_export", "demo", "v1", "markdown") in text
    project_page = client.get(url("document", "demo")).content.decode()
    assert "CREATE TABLE people" in _shown(project_page) and "Version v1" not in project_page
    assert url("export", "demo", "markdown") in project_page


@pytest.mark.parametrize("format", sorted(ARTIFACTS))
def test_each_download_of_a_version_is_the_projects_at_that_revision(client, demo, format):
    before = client.get(url("export", "demo", format)).content
    save_version(demo, "v1")
    change(demo, AddEntity("tags"))
    artifact_cache.clear()  # made from the version's design file, not kept bytes
    response = client.get(url("version_export", "demo", "v1", format))
    assert response.status_code == 200 and response.content == before
    filename = f"v1-{ARTIFACTS[format].filename}"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Content-Type"] == ARTIFACTS[format].media_type


@pytest.mark.parametrize(
    "page",
    [
        ("version", "demo", "nope"),
        ("version_document", "demo", "nope"),
        ("version_export", "demo", "nope", "sql"),
        ("version_export", "demo", "v1", "exe"),
        ("version", "other", "v1"),
        ("versions", "other"),
    ],
)
def test_an_unknown_version_project_or_format_is_not_found(client, demo, page):
    save_version(demo, "v1")
    assert client.get(url(*page)).status_code == 404


@pytest.mark.parametrize("path", ["a%00b", "%C3%A9", "v%201", "x" * 41, "v1%2Fx", "%2E%2E"])
def test_a_name_no_version_can_have_is_not_found(client, demo, path):
    save_version(demo, "v1")
    for suffix in ("", "document/", "export/sql/"):
        assert client.get(f"/projects/demo/versions/{path}/{suffix}").status_code == 404
    assert client.post(f"/projects/demo/versions/{path}/restore/").status_code == 404


def test_a_version_of_another_project_is_not_found(client, demo):
    save_version(demo, "v1")
    create_project(name="Other", slug="other")
    assert client.get(url("version", "other", "v1")).status_code == 404
    assert client.post(url("version_restore", "other", "v1")).status_code == 404


def test_restoring_is_a_new_change_in_the_history_that_undo_takes_back(client, demo):
    saved = load_schema(demo)
    save_version(demo, "v1")
    change(demo, EditEntity(table(demo, "users").id, {"name": "people"}))
    changed = load_schema(demo)
    response = client.post(url("version_restore", "demo", "v1"), {"base_revision": "2"})
    assert response.status_code == 302 and response["Location"] == url("project", "demo")
    assert load_schema(demo) == saved
    latest = demo.changes.order_by("-revision").first()
    assert (latest.revision, latest.kind) == (3, "restore")
    history = client.get(url("history", "demo")).content.decode()
    assert "Replaced the design from version v1 (2 tables)" in history
    client.post(url("undo", "demo"), {"expected": "3"})
    assert load_schema(demo) == changed


def test_restoring_with_htmx_redirects_the_page_and_notes_the_change(client, demo, hx):
    save_version(demo, "v1")
    change(demo, AddEntity("tags"))
    response = client.post(url("version_restore", "demo", "v1"), {"base_revision": "2"}, **hx)
    assert response.status_code == 200 and response["HX-Redirect"] == url("project", "demo")
    assert response["X-Design-Change"] == "3"


def test_restoring_what_the_design_already_is_says_so(client, demo):
    save_version(demo, "v1")
    response = client.post(
        url("version_restore", "demo", "v1"), {"base_revision": "1"}, follow=True
    )
    assert "The design is already as it is in v1." in response.content.decode()
    assert demo.changes.count() == 1


@pytest.mark.parametrize("base_revision", ["", "x", "-4", "99999999999999999999"])
def test_a_bad_base_revision_never_gives_a_500(client, demo, base_revision):
    save_version(demo, "v1")
    change(demo, AddEntity("tags"))
    response = client.post(url("version_restore", "demo", "v1"), {"base_revision": base_revision})
    assert response.status_code == 302


def test_restore_needs_a_post(client, demo):
    save_version(demo, "v1")
    assert client.get(url("version_restore", "demo", "v1")).status_code == 405
    assert client.post(url("version", "demo", "v1")).status_code == 405


def test_a_version_saved_in_the_old_design_file_format_opens(client, demo):
    models.Version.objects.create(
        project=demo, name="old", revision=0, design=json.loads(V1_FILE.read_text())
    )
    text = client.get(url("version", "demo", "old")).content.decode()
    assert "<code>users</code>" in text and "<code>todos</code>" in text
    assert client.get(url("version_document", "demo", "old")).status_code == 200
    assert client.get(url("version_export", "demo", "old", "zip")).status_code == 200


def test_an_unreadable_version_says_so_instead_of_failing(client, demo):
    models.Version.objects.create(
        project=demo,
        name="future",
        revision=0,
        design={"format": "pg-schema-designer", "version": 99},
    )
    for page in (
        url("version", "demo", "future"),
        url("version_document", "demo", "future"),
        url("version_export", "demo", "future", "sql"),
    ):
        response = client.get(page, follow=True)
        assert response.status_code == 200
        assert "cannot be read: design file version 99" in response.content.decode()
    response = client.post(url("version_restore", "demo", "future"), follow=True)
    assert "cannot be read" in response.content.decode() and demo.changes.count() == 1


def test_the_editor_links_to_the_versions(client, demo):
    text = client.get(url("project", "demo")).content.decode()
    assert f'href="{url("versions", "demo")}"' in text


def _versions(project, count):
    for number in range(count):
        models.Version.objects.create(
            project=project, name=f"v{number + 1}", revision=project.revision, design={}
        )


def test_the_versions_page_query_count_is_pinned(client, demo, django_assert_num_queries):
    _versions(demo, 3)
    client.get(url("versions", "demo"))  # templates compiled
    # 1 the project; 2 how many versions (the pager, and the suggested name); 3 this
    # page of versions with their authors, without their designs; 4 which of the next
    # suggested names are taken
    with django_assert_num_queries(6):  # + the session, the user
        assert client.get(url("versions", "demo")).status_code == 200
    models.Version.objects.all().delete()
    _versions(demo, 40)
    with django_assert_num_queries(6):  # + the session, the user
        text = client.get(url("versions", "demo")).content.decode()
    assert text.count('class="version-row"') == 25 and "page 1 of 2" in text


def test_a_version_page_is_made_once_per_revision(client, demo, django_assert_num_queries):
    save_version(demo, "v1")
    artifact_cache.clear()
    client.get(url("version", "demo", "v1"))
    # 1 the project; 2 the version without its design: the tables and the diagram are
    # this revision's, kept (designer.artifact_cache)
    with django_assert_num_queries(4):  # + the session, the user
        assert client.get(url("version", "demo", "v1")).status_code == 200
