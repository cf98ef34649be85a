"""The “Edit as SQL” pages: the text, its preview, Apply (one change), refusals that keep
the text (syntax errors with line and column, a conflict), read-only for viewers, 403 for
their posts, and never a 500 on junk or huge input."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from designer.operations import AddEntity
from designer.services import edits
from designer.services.sql_edit import text_for
from designer.store import load_schema
from designer.views.sql_edit import digest
from tests.support.accounts import signed_in, with_role

pytestmark = [pytest.mark.store, pytest.mark.django_db]


def whole(slug="demo"):
    return reverse("designer:sql_edit", args=[slug])


def of(entity):
    return reverse("designer:sql_edit", args=[entity.project.slug, entity.id])


def textarea(page: str) -> str:
    found = re.search(r'<textarea name="sql"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert found, "no SQL textarea"
    return html.unescape(found.group(1))


def post(client, url, text, action="preview", **extra):
    return client.post(url, {"sql": text, "action": action, **extra})


def test_the_page_shows_the_whole_design_s_ddl_in_a_textarea(client, demo):
    response = client.get(whole())
    page = response.content.decode()
    assert response.status_code == 200
    assert textarea(page) == text_for(load_schema(demo))
    assert "codemirror.min.js" in page and "sql_editor.js" in page
    assert 'id="sql-preview-button"' in page and 'name="base_revision" value="1"' in page


def test_an_entity_s_page_shows_its_table_alone(client, users):
    page = client.get(of(users)).content.decode()
    text = textarea(page)
    assert text.startswith("CREATE TABLE users (") and "CREATE TABLE todos" not in text
    assert "Edit <code>users</code> as SQL" in page


def test_preview_lists_the_changes_and_offers_apply_with_the_previewed_text(client, users):
    text = textarea(client.get(of(users)).content.decode()).replace(
        "    email varchar(255) NOT NULL,", "    email varchar(255) NOT NULL,\n    nickname text,"
    )
    response = post(client, of(users), text)
    page = response.content.decode()
    assert response.status_code == 200
    assert "added column users.nickname" in html.unescape(page).lower()
    assert f'name="previewed" value="{digest(text)}"' in page
    assert 'id="sql-apply-button"' in page and "Apply 1 change" in page
    assert textarea(page) == text
    assert load_schema(users.project).tables[0].column_names.count("nickname") == 0


def test_apply_makes_one_change_and_goes_back_to_the_entity(client, users):
    project = users.project
    text = textarea(client.get(of(users)).content.decode()).replace(
        "    email varchar(255) NOT NULL,", "    email varchar(255) NOT NULL,\n    nickname text,"
    )
    changes = project.changes.count()
    response = post(
        client, of(users), text, "apply", previewed=digest(text), base_revision=project.revision
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("designer:entity", args=[project.slug, users.id])
    assert project.changes.count() == changes + 1
    assert "nickname" in load_schema(project).tables[0].column_names
    page = client.get(response["Location"]).content.decode()
    assert "Applied 1 change from SQL (one undo)" in page


def test_apply_of_a_text_edited_after_its_preview_shows_the_preview_again(client, demo):
    text = textarea(client.get(whole()).content.decode()).replace("full_name", "display_name")
    response = post(client, whole(), text, "apply", previewed=digest("something else"))
    page = response.content.decode()
    assert response.status_code == 200 and 'id="sql-notice"' in page
    assert demo.changes.count() == 1


def test_the_unchanged_text_previews_as_no_change_and_offers_no_apply(client, demo):
    text = textarea(client.get(whole()).content.decode())
    page = post(client, whole(), text).content.decode()
    assert 'id="no-changes"' in page and 'id="sql-apply-button"' not in page


def test_a_syntax_error_names_its_line_and_column_and_keeps_the_text(client, demo):
    text = "CREATE TABLE a (\n    id uuid NOT NUL\n);"
    response = post(client, whole(), text)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-position="2:17"' in page and "Line 2, column 17" in page
    assert textarea(page) == text


def test_crlf_lines_count_as_the_editor_counts_them(client, demo):
    response = post(client, whole(), "CREATE TABLE a (\r\n    id uuid NOT NUL\r\n);")
    assert 'data-position="2:17"' in response.content.decode()


def test_a_stale_base_revision_is_a_conflict_that_keeps_the_text(client, demo):
    text = textarea(client.get(whole()).content.decode()).replace("full_name", "display_name")
    edits.apply(demo, [AddEntity("tags")])
    response = post(client, whole(), text, "apply", previewed=digest(text), base_revision=1)
    page = response.content.decode()
    assert response.status_code == 409
    assert "the design changed meanwhile" in page and textarea(page) == text
    assert 'name="base_revision" value="1"' in page  # still a conflict until reloaded
    assert "full_name" in load_schema(demo).tables[0].column_names


def test_a_viewer_reads_the_text_and_cannot_post(client, demo):
    viewer = signed_in(client, with_role(demo, "viewer"))
    page = viewer.get(whole()).content.decode()
    assert " readonly" in page and 'data-read-only="true"' in page
    assert 'id="sql-preview-button"' not in page and 'id="sql-read-only"' in page
    assert post(viewer, whole(), "CREATE TABLE a (id int);").status_code == 403
    assert demo.changes.count() == 1


def test_an_outsider_and_a_missing_entity_are_not_found(client, demo):
    assert client.get(reverse("designer:sql_edit", args=["demo", demo.id])).status_code == 404
    assert client.get(whole("nope")).status_code == 404


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00binary",
        "hello",
        "CREATE TABLE",
        "(" * 20_000,
        "SELECT " + " + ".join(["1"] * 5000) + ";",
        "CREATE TABLE t (id int);\n" * 3,
        "DROP TABLE users;",
        "\ufffd é ✓",
        "x" * 2_100_000,
    ],
)
def test_junk_and_huge_input_is_refused_without_a_500(client, users, text):
    for url in (of(users), whole()):  # (the whole text may drop the entity)
        for action in ("preview", "apply"):
            response = post(client, url, text, action, previewed=digest(text))
            assert response.status_code in (200, 302, 400), (url, action, response.status_code)
            if response.status_code == 400:
                assert 'id="sql-error"' in response.content.decode()


def test_get_and_post_only(client, demo):
    assert client.put(whole()).status_code == 405
