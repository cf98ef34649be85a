"""Threads by role: beginning one on an object, a change or the proposal; replying,
resolving and reopening (htmx and plain POST); the Comments tab."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from designer.models import Comment, Thread
from designer.operations.fields import DeleteField
from designer.services import comments, proposals
from designer.services.edits import apply
from designer.store import current_schema
from tests.support.accounts import signed_in, with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo):
    return {role: with_role(demo, role) for role in ("owner", "editor", "reviewer", "viewer")}


@pytest.fixture
def opened(demo, people):
    return proposals.open_proposal(demo, title="T", base=None, actor=people["editor"])


def _as(user) -> Client:
    return signed_in(Client(), user)


def _title(demo):
    todos = next(t for t in current_schema(demo).tables if t.name == "todos")
    return todos, next(c for c in todos.columns if c.name == "title")


NEW = reverse("designer:thread_create", args=["demo"])


def test_a_reviewer_comments_on_a_field_of_a_proposal(demo, people, opened):
    todos, title = _title(demo)
    client = _as(people["reviewer"])
    query = {"proposal": opened.number, "object": title.id, "kind": "field"}
    form = client.get(NEW, query)
    assert form.status_code == 200 and b"todos.title" in form.content
    response = client.post(NEW, {**query, "body": "Is 200 enough?"})
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{opened.get_absolute_url()}#thread-{thread.pk}"
    assert (thread.object_kind, thread.table_id, thread.object_label) == (
        "field", __import__("uuid").UUID(todos.id), "todos.title"
    )  # fmt: skip
    page = client.get(opened.get_absolute_url()).content.decode()
    assert "Is 200 enough?" in page and f"#field-{title.id}" in page


def test_a_comment_on_a_change_keeps_the_servers_sentence(demo, people, opened):
    change = proposals.comparison(opened).diff.changes[0]
    key = proposals.change_key(change)
    client = _as(people["reviewer"])
    response = client.post(
        NEW, {"proposal": opened.number, "change": key, "body": "ok", "kind": "x"}
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert (thread.anchor, thread.change_key, thread.change_text) == (
        "change", key, change.describe()
    )  # fmt: skip
    assert (
        client.post(NEW, {"proposal": opened.number, "change": "nope", "body": "x"}).status_code
        == 404
    )


def test_a_comment_on_the_proposal_and_an_empty_body(demo, people, opened):
    client = _as(people["reviewer"])
    response = client.post(NEW, {"proposal": opened.number, "body": "  "})
    assert response.status_code == 400 and b"Write a comment." in response.content
    assert client.post(NEW, {"proposal": opened.number, "body": "hi"}).status_code == 302
    assert Thread.objects.get().anchor == "proposal"


def test_unknown_objects_and_proposals_are_404(demo, people):
    client = _as(people["reviewer"])
    assert client.get(NEW, {"object": "00000000-0000-0000-0000-000000000000"}).status_code == 404
    assert client.get(NEW, {"proposal": "99"}).status_code == 404
    assert client.get(NEW, {"proposal": "x"}).status_code == 404
    assert client.get(NEW).status_code == 404


def test_a_viewer_reads_but_cannot_comment(demo, people, opened):
    _, title = _title(demo)
    thread = comments.start_thread(
        demo,
        "hm",
        actor=people["reviewer"],
        anchor_object=comments.find_object(current_schema(demo), title.id),
    )
    viewer = _as(people["viewer"])
    page = viewer.get(reverse("designer:thread", args=["demo", thread.pk]))
    assert page.status_code == 200 and b"hm" in page.content and b"reply-form" not in page.content
    assert viewer.get(NEW, {"object": title.id}).status_code == 403
    assert viewer.post(NEW, {"object": title.id, "body": "x"}).status_code == 403
    for name in ("thread_reply", "thread_resolve", "thread_reopen"):
        url = reverse(f"designer:{name}", args=["demo", thread.pk])
        assert viewer.post(url, {"body": "x"}).status_code == 403
    assert Comment.objects.count() == 1 and Thread.objects.get().resolved_at is None


def test_reply_resolve_reopen_with_htmx_and_without(demo, people, opened):
    thread = comments.start_thread(demo, "first", actor=people["reviewer"], proposal=opened)
    client = _as(people["editor"])
    reply = reverse("designer:thread_reply", args=["demo", thread.pk])
    swapped = client.post(reply, {"body": "second **one**"}, HTTP_HX_REQUEST="true")
    assert swapped.status_code == 200 and b"<strong>one</strong>" in swapped.content
    assert b"<html" not in swapped.content
    empty = client.post(reply, {"body": ""}, HTTP_HX_REQUEST="true")
    assert b"Write a comment." in empty.content
    back = opened.get_absolute_url() + f"#thread-{thread.pk}"
    plain = client.post(
        reverse("designer:thread_resolve", args=["demo", thread.pk]), {"next": back}
    )
    assert plain.status_code == 302 and plain["Location"] == back
    assert Thread.objects.get().resolved_at is not None
    evil = client.post(
        reverse("designer:thread_reopen", args=["demo", thread.pk]),
        {"next": "https://evil.example/"},
    )
    assert evil["Location"] == reverse("designer:thread", args=["demo", thread.pk])
    assert Thread.objects.get().resolved_at is None
    bad = client.post(reply, {"body": "x" * 10_001})
    assert bad.status_code == 400


def test_the_comments_tab_lists_open_threads_with_links(demo, people, opened):
    todos, title = _title(demo)
    found = comments.find_object(current_schema(demo), title.id)
    on_field = comments.start_thread(demo, "a", actor=people["reviewer"], anchor_object=found)
    done = comments.start_thread(demo, "b", actor=people["reviewer"], proposal=opened)
    comments.resolve(done, actor=people["reviewer"])
    tab = _as(people["viewer"]).get(reverse("designer:comments", args=["demo"]))
    html = tab.content.decode()
    assert tab.status_code == 200 and "<html" not in html
    assert f"/entities/{todos.id}/#field-{title.id}" in html and "todos.title" in html
    assert str(on_field.pk) in html and str(done.pk) not in html
    apply(demo, [DeleteField(field_id=title.id)])
    html = _as(people["viewer"]).get(reverse("designer:comments", args=["demo"])).content.decode()
    assert "removed: was" in html
