"""The artifact cache: what is generated from a design is made once per revision in a
process, a change makes it anew, and the cache holds at most its budget.

Generations are counted by the cache itself (``artifact_cache.stats.misses``: one per
``make`` it ran), not by a mock: the downloads, the document page, the previews, the review
and the editor's entity list and panel all go through it.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from designer.artifact_cache import ArtifactCache, artifact_cache, recorded, weight
from designer.artifacts import ARTIFACTS
from designer.operations import AddCheck, EditField
from designer.views import editor
from tests.support.accounts import signed_in, with_role
from tests.support.edits import change, table


def url(name, *args):
    return reverse(f"designer:{name}", args=args)


@pytest.fixture(autouse=True)
def empty_cache():
    artifact_cache.clear()
    yield
    artifact_cache.clear()


def generations() -> int:
    return artifact_cache.stats.misses


# -- downloads ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("format", sorted(ARTIFACTS))
def test_a_second_download_at_the_same_revision_is_not_generated_again(client, demo, format):
    first = client.get(url("export", "demo", format))
    made = generations()
    second = client.get(url("export", "demo", format))
    assert first.status_code == second.status_code == 200
    assert made >= 1 and generations() == made
    assert second.content == first.content


@pytest.mark.django_db
def test_a_change_makes_a_new_revision_with_new_content(client, demo):
    before = client.get(url("export", "demo", "sql")).content
    title = table(demo, "todos").column("title")
    change(demo, EditField(title.id, {"name": "headline"}))
    after = client.get(url("export", "demo", "sql")).content
    assert b"headline" in after and b"headline" not in before
    assert generations() == 2
    # the older revision's file is still kept; the newer one is sent from now on
    assert client.get(url("export", "demo", "sql")).content == after
    assert generations() == 2


@pytest.mark.django_db
def test_the_document_and_the_zip_share_one_review_of_the_revision(client, demo):
    client.get(url("export", "demo", "markdown"))
    made = generations()  # the review's findings, then the document
    client.get(url("export", "demo", "zip"))
    assert generations() == made + 1  # the zip only: the findings are kept
    client.get(url("review", "demo"), HTTP_HX_REQUEST="true")
    assert generations() == made + 1  # the review panel shows the same findings


# -- pages and previews ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_document_page_is_made_once_per_revision(client, demo, django_assert_num_queries):
    first = client.get(url("document", "demo"))
    made = generations()
    # the project, and the version saved before its revision (section 7's migration)
    with django_assert_num_queries(4):  # + the session, the user
        second = client.get(url("document", "demo"))

    def document(response) -> str:  # the page around it holds the request's CSRF token
        text = response.content.decode()
        return text[text.index('<article class="document">') : text.index("</article>")]

    assert generations() == made and document(second) == document(first)
    assert "Design review" in document(second)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, query",
    [
        ("erd", {}),
        ("erd", {"focus": "1", "entity": "todos"}),
        ("preview", {"format": "ddl", "entity": "todos"}),
        ("preview", {"format": "sqlmodel", "entity": "todos"}),
        ("preview", {"format": "sqlmodel", "scope": "schema"}),
    ],
)
def test_the_side_panel_is_made_once_per_revision(
    client, demo, todos, name, query, django_assert_num_queries
):
    query = {key: str(todos.id) if value == "todos" else value for key, value in query.items()}
    first = client.get(url(name, "demo"), query, HTTP_HX_REQUEST="true")
    made = generations()
    with django_assert_num_queries(3):  # the project + the session, the user
        second = client.get(url(name, "demo"), query, HTTP_HX_REQUEST="true")
    assert generations() == made and second.content == first.content


@pytest.mark.django_db
def test_an_entity_that_is_not_an_id_is_no_key(client, demo):
    for junk in ("x" * 5000, "'; DROP", ""):
        response = client.get(url("erd", "demo"), {"focus": "1", "entity": junk})
        assert response.status_code == 200
    assert generations() == 1  # the whole diagram, once


# -- the editor -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_entity_list_is_markup_with_the_open_entity_marked(client, demo, todos):
    html = client.get(url("entity", "demo", todos.id)).content.decode()
    assert '<nav id="entity-list"' in html  # not escaped
    current = re.findall(r'<a href="([^"]+)" aria-current="true" class="current"', html)
    assert current == [url("entity", "demo", todos.id)]
    users = demo.entities.get(name="users")
    other = client.get(url("entity", "demo", users.id)).content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="true"', other) == [
        url("entity", "demo", users.id)
    ]


@pytest.mark.django_db
def test_the_entity_filter_is_escaped(client, demo):
    response = client.get(url("entity_list", "demo"), {"q": "<b>x</b>"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "<b>x</b>" not in text and "&lt;b&gt;x&lt;/b&gt;" in text


@pytest.mark.django_db
def test_the_entity_panel_is_made_once_and_carries_each_users_own_csrf_token(demo, todos):
    alice = signed_in(Client(enforce_csrf_checks=True), with_role(demo, "editor", "alice"))
    bob = signed_in(Client(enforce_csrf_checks=True), with_role(demo, "editor", "bob"))
    page = url("entity", "demo", todos.id)
    alice_page = alice.get(page).content.decode()
    made = generations()
    bob_page = bob.get(page).content.decode()
    assert generations() == made  # the panel and the list were kept
    assert editor._CSRF_STAND_IN not in alice_page + bob_page

    def token(html: str) -> set[str]:
        return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))

    assert len(token(alice_page)) >= 1 and token(alice_page) != token(bob_page)
    # Bob's form, with the token his page holds, is accepted; without one it is refused.
    action = url("check_create", "demo", todos.id)
    data = {"expression": "length(title) > 0", "name": "ck_title_set"}
    assert bob.post(action, data).status_code == 403
    data["csrfmiddlewaretoken"] = sorted(token(bob_page))[0]
    assert bob.post(action, data).status_code == 302
    assert "ck_title_set" in bob.get(page).content.decode()  # a new revision: made anew


@pytest.mark.django_db
def test_html_made_while_a_change_commits_is_not_kept(demo, todos):
    demo.refresh_from_db()

    def make() -> str:
        change(demo, AddCheck(str(todos.id), "length(title) > 0"))  # someone else's change
        return "made from records of two revisions"

    assert recorded(demo, "test", make) == "made from records of two revisions"
    assert len(artifact_cache) == 0


@pytest.mark.django_db
def test_html_made_at_a_steady_revision_is_kept(demo):
    demo.refresh_from_db()
    assert recorded(demo, "test", lambda: "kept") == "kept"
    assert recorded(demo, "test", lambda: "not made") == "kept"


# -- the cache itself -----------------------------------------------------------------------


def key(n: int) -> tuple:
    return ("project", 1, "test", (n,))


def test_the_cache_holds_at_most_its_budget_and_drops_the_least_recently_used():
    size = weight(key(0)) + weight("x" * 100)
    cache = ArtifactCache(budget=3 * size)
    for n in range(3):
        cache.get_or_make(key(n), lambda: "x" * 100)
    cache.get_or_make(key(0), lambda: "not made")  # used: now the most recent
    cache.get_or_make(key(3), lambda: "x" * 100)
    assert cache.weight <= cache.budget and len(cache) == 3
    assert key(1) not in cache and key(0) in cache
    assert (cache.stats.misses, cache.stats.hits, cache.stats.evictions) == (4, 1, 1)


def test_a_value_heavier_than_the_budget_is_not_kept():
    cache = ArtifactCache(budget=1000)
    assert cache.get_or_make(key(0), lambda: "x" * 5000) == "x" * 5000
    assert len(cache) == 0 and cache.weight == 0


@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 600)), max_size=60))
def test_any_use_keeps_the_weight_within_the_budget_and_the_values_right(uses):
    cache = ArtifactCache(budget=2000)
    for n, size in uses:
        value = cache.get_or_make(key(n), lambda n=n, size=size: f"{n}:" + "x" * size)
        assert value.startswith(f"{n}:")  # the value made for this key, never another's
        assert cache.weight <= cache.budget
    kept = [cache.get(key(n))[1] for n in range(8) if key(n) in cache]
    assert cache.weight == sum(weight(key(int(v.split(":")[0]))) + weight(v) for v in kept)


def test_two_requests_missing_the_same_artifact_make_it_once():
    cache = ArtifactCache(budget=10_000)
    release = threading.Event()
    made: list[int] = []

    def make() -> str:
        made.append(1)
        release.wait(10)
        return "generated"

    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_make(key(0), make)))
        for _ in range(2)
    ]
    threads[0].start()
    while not made:
        time.sleep(0.001)
    threads[1].start()
    time.sleep(0.1)  # the second request arrives while the first is making it
    release.set()
    for thread in threads:
        thread.join(10)
    assert results == ["generated", "generated"]
    assert len(made) == 1 and cache.stats.misses == 1
