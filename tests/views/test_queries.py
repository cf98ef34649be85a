"""The Queries tab: saved queries listed with their state, added, changed and deleted
(a refused query keeps what was typed, with the line and column of an SQL error); a
query's page with its analysis, the index that serves each table access or the one it
needs, added with one click as one change (worked out again when the button is pressed);
the index usage summary; who may do what; and inputs that must not give a 500."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from django.test import Client
from django.urls import reverse

from designer import models, store
from designer.demo import demo_schema
from designer.operations import AddQuery, ChangeQuery
from designer.schema.model import SavedQuery
from designer.services import edits
from tests.support.accounts import signed_in, with_role

pytestmark = pytest.mark.django_db

LOGIN_SQL = "SELECT id, password_hash FROM users WHERE lower(email) = lower($1)"
TODOS_SQL = "SELECT id, title FROM todos WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20"


def url(name: str, project, *args) -> str:
    return reverse(f"designer:{name}", args=[project.slug, *args])


def queries_of(project):
    return store.current_schema(project).queries


def saved(project, name: str = "Login", sql: str = LOGIN_SQL, **values):
    operation = AddQuery(name=name, sql=sql, **values)
    edits.apply(project, [operation])
    return next(q for q in queries_of(project) if q.id == operation.id)


@pytest.fixture
def demo(db):
    """The demo project without its saved queries (each test saves its own)."""
    schema = replace(demo_schema(), queries=())
    return edits.create_project(name="Todo app (demo)", slug="demo", schema=schema)


@pytest.fixture
def editor(client, demo):
    signed_in(client, with_role(demo, "editor"))
    return client


@pytest.fixture
def viewer(demo):
    return signed_in(Client(), with_role(demo, "viewer", "val"))


def posted(project, **values) -> dict:
    data = {"name": "Login", "sql": LOGIN_SQL, "frequency": "per_request", "note": ""}
    data.update(values)
    data.setdefault("base_revision", str(project.revision))
    return data


# --- the list and the add form -------------------------------------------------------------


def test_the_tab_lists_saved_queries_with_frequency_and_state(editor, demo):
    saved(demo, "Login <b>", frequency="per_minute", note="On <i>sign-in</i>")
    saved(demo, "Broken", sql="SELECT emial FROM users WHERE id = $1")
    response = editor.get(url("queries", demo))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Login &lt;b&gt;" in page and "Login <b>" not in page
    assert "every minute" in page
    assert "On &lt;i&gt;sign-in&lt;/i&gt;" in page
    assert "1 error" in page
    assert 'id="new-query-form"' in page and 'id="sql-text"' in page


def test_the_editor_links_to_the_queries_tab(editor, demo):
    page = editor.get(reverse("designer:project", args=[demo.slug])).content.decode()
    assert f'href="{url("queries", demo)}"' in page


def test_a_query_is_added_and_its_page_opens(editor, demo):
    response = editor.post(url("query_create", demo), posted(demo, note="Sign-in form"))
    (query,) = queries_of(demo)
    assert response.status_code == 302
    assert response["Location"] == url("query", demo, query.id)
    assert (query.name, query.sql, query.note) == ("Login", LOGIN_SQL, "Sign-in form")
    assert models.Change.objects.filter(project=demo).order_by("-revision")[0].summary == (
        "Added the query Login"
    )


def test_a_refused_query_keeps_what_was_typed_and_says_where(editor, demo):
    sql = "SELECT id\r\n  FROM users\r\n WHERE email = = $1"
    response = editor.post(
        url("query_create", demo), posted(demo, name="Mine <x>", sql=sql, note="kept")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert queries_of(demo) == ()
    assert "Line 3, column" in page
    assert 'data-position="3:' in page
    assert "WHERE email = = $1" in page  # the text, kept (and escaped)
    assert 'value="Mine &lt;x&gt;"' in page
    assert "kept</textarea>" in page


def test_a_taken_name_is_refused_beside_the_name(editor, demo):
    saved(demo, "Login")
    response = editor.post(url("query_create", demo), posted(demo, name="LOGIN"))
    assert response.status_code == 400
    assert "There is a query named “LOGIN” already." in response.content.decode()
    assert len(queries_of(demo)) == 1


@pytest.mark.parametrize(
    "values",
    [
        {"sql": "(" * 10_000 + "SELECT 1" + ")" * 10_000},
        {"sql": "SELECT " + "x," * 60_000 + "x"},
        {"sql": "\x00\x01\x02\xff\ufffd garbage"},
        {"sql": "SELECT 1", "name": "\x00"},
        {"sql": "SELECT 1", "frequency": "weekly"},
        {"sql": "SELECT 1", "note": "x" * 20_000},
        {"sql": "SELECT 1", "base_revision": "-4"},
        {"sql": "SELECT 1; DROP TABLE users"},
        {"sql": ""},
    ],
)
def test_no_input_gives_a_server_error(editor, demo, values):
    response = editor.post(url("query_create", demo), posted(demo, **values))
    assert response.status_code == 400
    assert queries_of(demo) == ()


def test_deep_nesting_that_parses_is_saved_and_its_page_opens(editor, demo):
    sql = "SELECT id FROM users WHERE " + "(" * 500 + "email = $1" + ")" * 500
    response = editor.post(url("query_create", demo), posted(demo, sql=sql))
    assert response.status_code in (302, 400)
    for query in queries_of(demo):
        assert editor.get(url("query", demo, query.id)).status_code == 200


def test_bad_ids_are_not_found(editor, demo):
    query = saved(demo)
    missing = uuid.uuid4()
    assert editor.get(f"/projects/{demo.slug}/queries/not-a-uuid/").status_code == 404
    assert editor.get(url("query", demo, missing)).status_code == 404
    for name in ("query_edit", "query_delete", "query_add_index"):
        assert editor.post(url(name, demo, missing), {"access": "0"}).status_code == 404
    assert queries_of(demo) == (query,)


# --- one query ---------------------------------------------------------------------------


def test_the_query_page_shows_the_sql_the_analysis_and_the_suggestion(editor, demo):
    query = saved(demo, note="<script>alert(1)</script>")
    page = editor.get(url("query", demo, query.id)).content.decode()
    assert 'class="highlight"' in page  # Pygments
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert 'id="access-0"' in page
    assert "lower" in page and "Suggested index" in page
    assert "CREATE INDEX" in page
    assert "Add this index" in page
    assert 'id="query-edit-form"' in page and 'id="query-delete"' in page


def test_unknown_names_are_shown_with_line_and_column(editor, demo):
    query = saved(demo, "Typo", sql="SELECT id\nFROM users\nWHERE emial = $1")
    page = editor.get(url("query", demo, query.id)).content.decode()
    assert 'id="query-errors"' in page
    assert "Line 3, column 7:" in page
    assert "emial" in page


def test_adding_the_suggested_index_is_one_change_and_then_it_serves(editor, demo):
    query = saved(demo)
    revision = demo.revision
    response = editor.post(
        url("query_add_index", demo, query.id), {"access": "0", "base_revision": revision}
    )
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.revision == revision + 1
    users = next(t for t in store.current_schema(demo).tables if t.name == "users")
    (index,) = [i for i in users.indexes if i.elements[0].expression]
    assert "lower(email)" in index.elements[0].expression.replace(" ", "")
    assert "Login" in index.rationale
    page = editor.get(url("query", demo, query.id)).content.decode()
    assert 'id="access-0-served"' in page
    assert "Add this index" not in page
    assert "served" in editor.get(url("queries", demo)).content.decode()


def test_a_suggestion_that_needs_pg_trgm_adds_the_extension_in_the_same_change(editor, demo):
    query = saved(demo, "Search", sql="SELECT id, title FROM todos WHERE title ILIKE '%milk%'")
    page = editor.get(url("query", demo, query.id)).content.decode()
    assert "pg_trgm" in page
    revision = demo.revision
    position = 0
    response = editor.post(
        url("query_add_index", demo, query.id), {"access": position, "base_revision": revision}
    )
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.revision == revision + 1  # one change: the extension and the index
    schema = store.current_schema(demo)
    assert "pg_trgm" in schema.extensions
    todos = next(t for t in schema.tables if t.name == "todos")
    assert any(index.method.value == "gin" for index in todos.indexes)


def test_a_stale_suggestion_is_refused_with_a_clear_message(editor, demo):
    query = saved(demo)
    revision = demo.revision
    for access in ("7", "-1", "x", ""):
        response = editor.post(
            url("query_add_index", demo, query.id), {"access": access}, follow=True
        )
        assert "no longer needs that index" in response.content.decode()
    response = editor.post(
        url("query_add_index", demo, query.id),
        {"access": "0", "suggestion": "CREATE INDEX something_else ON users (x);"},
        follow=True,
    )
    assert "no longer needs that index" in response.content.decode()
    editor.post(url("query_add_index", demo, query.id), {"access": "0"})
    demo.refresh_from_db()
    assert demo.revision == revision + 1
    # The page shown before: its button again adds nothing.
    response = editor.post(url("query_add_index", demo, query.id), {"access": "0"}, follow=True)
    assert "no longer needs that index" in response.content.decode()
    demo.refresh_from_db()
    assert demo.revision == revision + 1


def test_a_query_is_changed_and_a_refusal_keeps_the_text(editor, demo):
    query = saved(demo)
    response = editor.post(
        url("query_edit", demo, query.id), posted(demo, name="Sign in", frequency="hourly")
    )
    assert response.status_code == 302
    assert queries_of(demo)[0].name == "Sign in"
    bad = posted(demo, name="Sign in", sql="SELECT (1 +) FROM users")
    response = editor.post(url("query_edit", demo, query.id), bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 1, column" in page and "SELECT (1 +) FROM users</textarea>" in page
    assert queries_of(demo)[0].sql == LOGIN_SQL


def test_an_edit_over_a_change_of_the_same_query_is_a_conflict_keeping_the_text(editor, demo):
    query = saved(demo)
    seen = demo.revision
    edits.apply(demo, [ChangeQuery(query.id, "Login", LOGIN_SQL, "rare", "theirs")])
    mine = posted(demo, name="Mine", note="my note", base_revision=str(seen))
    response = editor.post(url("query_edit", demo, query.id), mine)
    assert response.status_code == 409
    page = response.content.decode()
    assert 'class="conflict"' in page and 'value="Mine"' in page and "my note</textarea>" in page
    assert queries_of(demo)[0].note == "theirs"


def test_a_query_is_deleted(editor, demo):
    query = saved(demo)
    response = editor.post(url("query_delete", demo, query.id), {"base_revision": demo.revision})
    assert response.status_code == 302 and response["Location"] == url("queries", demo)
    assert queries_of(demo) == ()
    edits.undo(demo)
    assert queries_of(demo) == (query,)


def test_a_finding_shows_its_rewrite_highlighted(editor, demo):
    sql = "SELECT id, title FROM todos ORDER BY created_at LIMIT 20 OFFSET 10000"
    query = saved(demo, "Page 500", sql=sql)
    page = editor.get(url("query", demo, query.id)).content.decode()
    finding = page.split('data-code="deep-offset"', 1)[1].split("</div>\n    </div>", 1)[0]
    assert "Rewritten:" in finding and 'class="highlight"' in finding


def test_queries_that_came_in_with_a_design_show_whatever_they_hold(editor, db):
    """A design file or an import brings its queries as they are: the pages still open."""
    texts = ["(" * 10_000, "\x01\x02 garbage", "", "SELECT <b>x</b> FROM nowhere"]
    schema = replace(
        demo_schema(),
        queries=tuple(
            SavedQuery(str(uuid.uuid4()), f"Odd <{n}>", text) for n, text in enumerate(texts)
        ),
    )
    project = edits.create_project(name="Odd", slug="odd", schema=schema)
    signed_in(editor, with_role(project, "editor", "olga"))
    page = editor.get(url("queries", project)).content.decode()
    assert page.count("query-state-errors") == len(texts)
    assert "Odd &lt;3&gt;" in page
    assert len(queries_of(project)) == len(texts)
    for query in queries_of(project):
        response = editor.get(url("query", project, query.id))
        assert response.status_code == 200
        assert "<b>x</b>" not in response.content.decode()


# --- index usage --------------------------------------------------------------------------


def test_the_usage_summary_lists_every_index_with_the_queries_it_serves(editor, demo):
    query = saved(demo, "Todos", sql="SELECT id FROM todos WHERE id = $1")
    page = editor.get(url("queries", demo)).content.decode()
    assert 'id="index-usage"' in page
    todos = next(t for t in store.current_schema(demo).tables if t.name == "todos")
    row = page.split(f'id="usage-{todos.id}"', 1)[1].split("</tr>", 1)[0]
    assert query.name in row  # its primary key serves it
    assert "serves no saved query" in page


def test_without_saved_queries_there_is_no_usage_summary(editor, demo):
    assert 'id="index-usage"' not in editor.get(url("queries", demo)).content.decode()


# --- who may do what ----------------------------------------------------------------------


def test_a_viewer_reads_and_changes_nothing(viewer, demo):
    query = saved(demo)
    page = viewer.get(url("queries", demo)).content.decode()
    assert 'id="queries-read-only"' in page and 'id="new-query-form"' not in page
    page = viewer.get(url("query", demo, query.id)).content.decode()
    assert "Add this index" not in page and 'id="query-edit-form"' not in page
    for name in ("query_edit", "query_delete", "query_add_index"):
        assert viewer.post(url(name, demo, query.id), posted(demo, access="0")).status_code == 403
    assert viewer.post(url("query_create", demo), posted(demo)).status_code == 403
    assert queries_of(demo) == (query,)


def test_a_share_link_reads_the_queries(demo):
    query = saved(demo)
    link = models.ShareLink.objects.create(project=demo, label="client", token="share-q")
    client = Client()
    assert client.get(reverse("designer:share", args=[link.token])).status_code == 302
    assert client.get(url("queries", demo)).status_code == 200
    page = client.get(url("query", demo, query.id)).content.decode()
    assert "Add this index" not in page and 'id="query-edit-form"' not in page


# --- costs --------------------------------------------------------------------------------


def test_the_pages_query_counts_are_pinned(editor, demo, django_assert_num_queries):
    query = saved(demo)
    saved(demo, "Todos", sql=TODOS_SQL)
    editor.get(url("queries", demo))  # (the schema read once, as on every page)
    with django_assert_num_queries(QUERIES_LIST):
        assert editor.get(url("queries", demo)).status_code == 200
    with django_assert_num_queries(QUERIES_ONE):
        assert editor.get(url("query", demo, query.id)).status_code == 200


# The session, the user, the project with the role, its row's design (the schema and its
# analyses cached by revision): the analysis costs no query.
QUERIES_LIST = 4
QUERIES_ONE = 4
