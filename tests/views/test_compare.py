"""The diff page: two designs compared (changes by table, the marked diagram, the
migration with its warnings, the review's delta), the migration's downloads behind an
acknowledgement of destructive steps, and drift from a live database — bad input says
what is wrong, never a 500, and user text is escaped."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from designer.importers.summary import ImportResult, ImportSummary
from designer.operations import (
    AddEnum,
    AddField,
    DeleteField,
    EditEntity,
    EditEnum,
    EditField,
    run,
)
from designer.schema.ids import with_new_ids
from designer.services.imports import stage_import
from designer.services.versions import save_version
from designer.store import load_schema
from tests.support.accounts import member, signed_in
from tests.support.edits import change, table

pytestmark = [pytest.mark.store, pytest.mark.django_db]
QUERIES = 6  # (4, + the session and the user)


def url(name, *args):
    return reverse(f"designer:{name}", args=args)


def _text(response) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"[ \t]+", " ", text)


def _rename_email(project) -> None:
    change(project, EditField(table(project, "users").column("email").id, {"name": "mail"}))


def test_without_versions_the_page_says_to_save_one(client, demo):
    response = client.get(url("compare", "demo"))
    assert response.status_code == 200
    assert 'id="no-comparison"' in response.content.decode()


def test_the_page_opens_on_the_last_version_against_the_working_copy(client, demo):
    save_version(demo, "v1")
    _rename_email(demo)
    save_version(demo, "v2")
    change(demo, DeleteField(table(demo, "todos").column("description").id))
    page = client.get(url("compare", "demo")).content.decode()
    assert '<option value="v2" selected>' in page
    shown = _text(client.get(url("compare", "demo")))
    assert "removed column todos.description" in shown
    assert "renamed column users.email" not in shown  # that was before v2


def test_changes_are_grouped_by_table_with_the_diagram_marked(client, demo):
    save_version(demo, "v1")
    _rename_email(demo)
    change(demo, EditEntity(table(demo, "todos").id, {"name": "tasks"}))
    response = client.get(url("compare", "demo"), {"from": "v1", "to": "working"})
    page = response.content.decode()
    groups = re.findall(r'class="card change-group change-(\w+)" aria-label="([^"]+)"', page)
    assert ("changed", "users") in groups and ("changed", "tasks") in groups
    shown = _text(response)
    assert "renamed column users.email to users.mail" in shown
    assert "rename: data kept" in shown
    diagram = html.unescape(page.split('class="mermaid-source">', 1)[1].split("</pre>", 1)[0])
    assert diagram.startswith("erDiagram") and "classDef changed" in diagram
    assert "class tasks,users changed" in diagram


def test_the_migration_steps_show_their_locks_and_both_scripts(client, demo):
    save_version(demo, "v1")
    _rename_email(demo)
    page = client.get(url("compare", "demo"), {"from": "v1"}).content.decode()
    steps = page.split('id="up-steps"', 1)[1].split("</ol>", 1)[0]
    assert "ACCESS EXCLUSIVE lock on users, brief (catalog only)" in html.unescape(steps)
    assert re.search(r"RENAME\s+COLUMN\s+email\s+TO\s+mail", page)  # (highlighted)
    assert "ALTER TABLE users RENAME COLUMN mail TO email;" in page  # the down script
    assert 'id="acknowledge"' not in page  # nothing can lose data


def test_a_download_names_the_two_ends_and_direction(client, demo):
    save_version(demo, "v1")
    _rename_email(demo)
    query = {"from": "v1", "to": "working", "direction": "down", "format": "sql"}
    response = client.get(url("compare_migration", "demo"), query)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="v1-to-working.down.sql"'
    assert b"RENAME COLUMN mail TO email" in response.content
    query["format"] = "alembic"
    response = client.get(url("compare_migration", "demo"), query)
    assert response["Content-Disposition"].endswith('_v1_to_working.py"')
    assert b"def downgrade()" in response.content


def test_destructive_steps_need_an_acknowledgement_before_the_download(client, demo):
    save_version(demo, "v1")
    change(demo, DeleteField(table(demo, "todos").column("description").id))
    page = client.get(url("compare", "demo"), {"from": "v1"}).content.decode()
    assert 'id="acknowledge"' in page and "can lose data" in page
    query = {"from": "v1", "to": "working", "direction": "up", "format": "sql"}
    refused = client.get(url("compare_migration", "demo"), query, follow=True)
    assert refused.redirect_chain[-1][0].startswith(url("compare", "demo"))
    assert "tick the acknowledgement" in _text(refused)
    response = client.get(url("compare_migration", "demo"), {**query, "acknowledge": "1"})
    assert response.status_code == 200 and b"DROP COLUMN description" in response.content


@pytest.mark.parametrize(
    "query, message",
    [
        ({"from": "v9"}, "no version named “v9”"),
        ({"from": "v1", "to": "nope"}, "no version named “nope”"),
        ({"from": "<script>", "to": "working"}, "no version named “<script>”"),
    ],
)
def test_an_unknown_end_is_said_on_the_page(client, demo, query, message):
    save_version(demo, "v1")
    response = client.get(url("compare", "demo"), query)
    assert response.status_code == 200 and message in _text(response)
    assert "<script>”" not in response.content.decode()  # escaped


@pytest.mark.parametrize(
    "query",
    [
        {"from": "v1", "direction": "sideways"},
        {"from": "v1", "format": "yaml"},
        {"from": "v9"},
        {"from": "v1", "to": "x" * 5000},
    ],
)
def test_bad_download_requests_go_back_with_a_message(client, demo, query):
    save_version(demo, "v1")
    response = client.get(url("compare_migration", "demo"), query, follow=True)
    assert response.status_code == 200 and "messages" in response.content.decode()


def test_user_text_is_escaped(client, demo):
    save_version(demo, "v1")
    users = table(demo, "users")
    change(demo, AddField(users.id, {"name": "note", "description": "<b>bold</b>"}))
    change(demo, EditEntity(users.id, {"description": "<script>alert(1)</script>"}))
    page = client.get(url("compare", "demo"), {"from": "v1"}).content.decode()
    assert "<script>alert(1)</script>" not in page and "<b>bold</b>" not in page


def test_the_review_delta_lists_findings_that_appear(client, demo):
    save_version(demo, "v1")
    change(demo, AddField(table(demo, "users").id, {"name": "payload", "data_type": "json"}))
    response = client.get(url("compare", "demo"), {"from": "v1"})
    delta = response.content.decode().split('id="review-delta"', 1)[1]
    assert 'id="appeared"' in delta and "users.payload is json, not jsonb." in html.unescape(delta)


def test_the_versions_page_and_the_editor_link_to_the_comparison(client, demo):
    save_version(demo, "v1")
    versions = client.get(url("versions", "demo")).content.decode()
    assert f"{url('compare', 'demo')}?from=v1&amp;to=working" in versions
    assert url("compare", "demo") in client.get(url("project", "demo")).content.decode()


# --- drift ------------------------------------------------------------------------------------


def _staged_drift(client, project, live) -> str:
    """A reading of a live database kept for this client's session (as the page's form
    keeps it), and its page's URL."""
    client.get(url("drift_start", project.slug))  # the session
    draft = stage_import(
        ImportResult(live, ImportSummary()),
        session=client.session.session_key,
        source="the live database (public)",
        name=project.name,
        replace=project,
        ids_from_file=False,
    )
    return url("drift", project.slug, draft.id)


def test_the_drift_form_says_when_the_server_may_not_connect(client, demo, settings):
    settings.LIVE_IMPORT_HOSTS = []
    response = client.post(url("drift_start", "demo"), {"url": "postgresql://db.example.com/x"})
    assert response.status_code == 200 and "LIVE_IMPORT_HOSTS" in _text(response)
    assert 'value="postgresql://db.example.com/x"' in response.content.decode()  # kept


def test_a_bad_url_is_said_beside_the_field_and_kept(client, demo):
    response = client.post(url("drift_start", "demo"), {"url": "mysql://x"})
    assert "Give a URL starting with postgresql://" in _text(response)
    assert 'value="mysql://x"' in response.content.decode()


def test_drift_proposes_renames_and_applies_only_the_accepted_ones(client, demo):
    design = load_schema(demo)
    users = design.tables[0] if design.tables[0].name == "users" else design.tables[1]
    live = with_new_ids(
        run(design, [EditField(users.column("full_name").id, {"name": "name"})]).after
    )
    page_url = _staged_drift(client, demo, live)
    page = client.get(page_url)
    text = page.content.decode()
    assert 'value="users.name=users.full_name"' in text
    assert "DROP COLUMN name" in text  # not accepted yet
    accepted = client.get(page_url, {"rename": "users.name=users.full_name"}).content.decode()
    assert "ALTER TABLE users RENAME COLUMN name TO full_name;" in accepted
    assert "DROP COLUMN" not in accepted
    download = client.get(
        url("drift_migration", "demo", page_url.rstrip("/").rsplit("/", 1)[1]),
        {"rename": "users.name=users.full_name", "direction": "up", "format": "sql"},
    )
    assert download.status_code == 200 and b"RENAME COLUMN name TO full_name" in download.content


def test_a_rename_that_was_not_proposed_is_refused_on_the_page(client, demo):
    page_url = _staged_drift(client, demo, with_new_ids(load_schema(demo)))
    response = client.get(page_url, {"rename": "users.email=users.x"}, follow=True)
    assert "is not a proposed rename" in _text(response)


def test_another_sessions_reading_is_not_found(client, demo):
    page_url = _staged_drift(client, demo, with_new_ids(load_schema(demo)))
    other = signed_in(Client(), member("someone-else"))
    assert other.get(page_url).status_code == 404


def test_the_document_shows_the_migration_from_the_previous_version(client, demo):
    assert "From version" not in _text(client.get(url("document", "demo")))
    save_version(demo, "v1")
    assert "From version" not in _text(client.get(url("document", "demo")))  # no change yet
    _rename_email(demo)
    page = _text(client.get(url("document", "demo")))
    assert "From version v1 to this design" in page
    assert re.search(r"RENAME\s+COLUMN\s+email\s+TO\s+mail", page)  # (highlighted)
    markdown = client.get(url("export", "demo", "markdown")).content.decode()
    assert "### From version `v1` to this design" in markdown
    save_version(demo, "v2")
    version_page = _text(client.get(url("version_document", "demo", "v2")))
    assert "From version v1 to this design" in version_page
    assert "From version" not in _text(client.get(url("version_document", "demo", "v1")))


def test_a_guessed_enum_value_rename_can_be_made_a_removal_and_an_addition(client, demo):
    change(demo, AddEnum("status", ("draft", "active", "done")))
    save_version(demo, "v1")
    status = load_schema(demo).enums[0]
    change(demo, EditEnum(status.id, {"values": ("draft", "live", "done")}))
    page = client.get(url("compare", "demo"), {"from": "v1"}).content.decode()
    assert "guessed: check it" in page and 'name="literal" value="status"' in page
    assert "RENAME VALUE" in page
    literal = client.get(url("compare", "demo"), {"from": "v1", "literal": "status"})
    text = literal.content.decode()
    assert "RENAME VALUE" not in text and "guessed: check it" not in text
    assert 'type="hidden" name="literal" value="status"' in text  # kept for the download
    query = {"from": "v1", "literal": "status", "acknowledge": "1"}
    download = client.get(url("compare_migration", "demo"), query)
    assert download.status_code == 200 and b"RENAME VALUE" not in download.content


def test_the_compare_page_query_count_is_pinned(client, demo, django_assert_num_queries):
    save_version(demo, "v1")
    _rename_email(demo)
    client.get(url("compare", "demo"), {"from": "v1"})  # the session, the caches
    # the project; the versions' names (the choices; the newest is the default end); v1
    # with its design; the working copy's revision (current_schema: the schema is cached
    # by revision, and so are the findings of both ends)
    with django_assert_num_queries(QUERIES):
        assert client.get(url("compare", "demo"), {"from": "v1"}).status_code == 200


def test_saved_queries_added_changed_and_removed_are_listed_beside_the_changes(client, demo):
    from designer.operations import AddQuery, ChangeQuery, RemoveQuery
    from designer.store import current_schema

    queries = current_schema(demo).queries
    sign_in, due_today = queries[1], queries[2]
    save_version(demo, "v1")
    change(
        demo,
        AddQuery(name="Recent <todos>", sql="SELECT id FROM todos ORDER BY created_at LIMIT 9"),
        ChangeQuery(sign_in.id, "Log in", sign_in.sql, sign_in.frequency.value, sign_in.note),
        RemoveQuery(due_today.id),
    )
    response = client.get(url("compare", "demo"))
    page = response.content.decode()
    assert 'id="no-changes"' in page  # the database is the same
    assert "Recent &lt;todos&gt;" in page
    shown = _text(response)
    assert "added Recent <todos>" in shown
    assert f"changed Log in (was {sign_in.name})" in shown
    assert f"removed {due_today.name}" in shown
