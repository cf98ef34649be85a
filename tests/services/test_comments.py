"""Threads: anchored by id (a label follows a rename and survives a delete), mentions,
replies, resolving, safe Markdown, the editor's badge counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from designer.demo import demo_schema
from designer.models import Notification, Thread
from designer.operations.fields import DeleteField, EditField
from designer.services import comments, proposals
from designer.services.edits import apply, create_project
from designer.store import current_schema, load_schema
from tests.support.accounts import member, with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db):
    return create_project(name="Shop", slug="shop", schema=demo_schema())


@pytest.fixture
def reviewer(project):
    return with_role(project, "reviewer", "rita")


@pytest.fixture
def editor(project):
    return with_role(project, "editor", "eddie")


def _column(project, table: str, name: str):
    schema = load_schema(project)
    found = next(t for t in schema.tables if t.name == table)
    return next(c for c in found.columns if c.name == name)


def _on(project, table, name):
    return comments.find_object(current_schema(project), _column(project, table, name).id)


def test_an_object_is_found_by_id_with_its_kind_table_and_label(project):
    found = _on(project, "todos", "title")
    assert (found.kind, found.label) == ("field", "todos.title")
    todos = next(t for t in load_schema(project).tables if t.name == "todos")
    assert found.table_id == todos.id
    assert comments.find_object(current_schema(project), todos.id).kind == "entity"
    assert comments.find_object(current_schema(project), todos.indexes[0].id).kind == "index"
    relationship = load_schema(project).relationships[0]
    assert comments.find_object(current_schema(project), relationship.id).kind == "relationship"


def test_a_label_follows_a_rename_and_survives_a_delete(project, reviewer):
    thread = comments.start_thread(
        project,
        "Is this long enough?",
        actor=reviewer,
        anchor_object=_on(project, "todos", "title"),
    )
    assert thread.object_label == "todos.title" and thread.object_kind == "field"
    column = _column(project, "todos", "title")
    apply(project, [EditField(field_id=column.id, values={"name": "label"})])
    thread = Thread.objects.get(pk=thread.pk)
    label = comments.label_of(thread, comments.thread_schema(thread))
    assert (label.text, label.removed) == ("todos.label", False)
    apply(project, [DeleteField(field_id=column.id)])
    label = comments.label_of(thread, comments.thread_schema(thread))
    assert label.removed and str(label) == "removed: was todos.title"


def test_a_proposal_thread_reads_the_proposals_current_version(project, editor, reviewer):
    opened = proposals.open_proposal(project, title="T", base=None, actor=editor)
    found = comments.find_object(
        comments.thread_schema(_thread(opened)), _column(project, "todos", "title").id
    )
    thread = comments.start_thread(
        project, "Hm", actor=reviewer, proposal=opened, anchor_object=found
    )
    column = _column(project, "todos", "title")
    apply(project, [EditField(field_id=column.id, values={"name": "label"})])
    thread = Thread.objects.get(pk=thread.pk)
    assert comments.label_of(thread, comments.thread_schema(thread)).text == "todos.title"
    proposals.update_proposal(opened, actor=editor)
    thread = Thread.objects.get(pk=thread.pk)
    assert comments.label_of(thread, comments.thread_schema(thread)).text == "todos.label"


def _thread(proposal):
    return Thread(project=proposal.project, proposal=proposal, anchor="proposal")


def test_mentions_of_members_notify_them(project, reviewer, editor):
    outsider = member("olga")
    comments.start_thread(
        project, "@eddie and @olga, see this (cc @rita)", actor=reviewer,
        anchor_object=_on(project, "users", "email"),
    )  # fmt: skip
    assert Notification.objects.filter(user=editor, reason="mention").count() == 1
    assert not Notification.objects.filter(user=outsider).exists()
    assert not Notification.objects.filter(user=reviewer).exists()  # not told of oneself


def test_replies_notify_the_participants(project, reviewer, editor):
    thread = comments.start_thread(
        project, "Why?", actor=reviewer, anchor_object=_on(project, "users", "email")
    )
    comments.reply(thread, "Because.", actor=editor)
    assert Notification.objects.filter(user=reviewer, reason="reply").count() == 1
    comments.reply(thread, "Thanks @eddie", actor=reviewer)
    assert Notification.objects.filter(user=editor, reason="mention").count() == 1
    assert not Notification.objects.filter(user=editor, reason="reply").exists()
    assert thread.comments.count() == 3


def test_empty_or_long_bodies_are_refused(project, reviewer):
    anchor = _on(project, "users", "email")
    with pytest.raises(comments.CommentError):
        comments.start_thread(project, "  ", actor=reviewer, anchor_object=anchor)
    with pytest.raises(comments.CommentError):
        comments.start_thread(project, "x" * 10_001, actor=reviewer, anchor_object=anchor)
    assert not Thread.objects.exists()


def test_resolve_and_reopen(project, reviewer):
    thread = comments.start_thread(
        project, "Why?", actor=reviewer, anchor_object=_on(project, "users", "email")
    )
    comments.resolve(thread, actor=reviewer)
    assert thread.resolved_at is not None and thread.resolved_by == reviewer
    comments.reopen(thread, actor=reviewer)
    assert thread.resolved_at is None


def test_markdown_is_sanitised_and_mentions_escaped():
    html = comments.render_comment(
        "**bold** <script>alert(1)</script> [x](javascript:alert(1)) "
        '<img src=x onerror="alert(1)"> @rita @nobody me@rita.org',
        {"rita"},
    )
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert '<span class="mention">@rita</span>' in html
    assert "@nobody" in html and "me@rita.org" in html and html.count("mention") == 1


def test_badge_counts_by_object_and_table_in_one_query(project, reviewer):
    email = _on(project, "users", "email")
    users = comments.find_object(current_schema(project), email.table_id)
    comments.start_thread(project, "a", actor=reviewer, anchor_object=email)
    comments.start_thread(project, "b", actor=reviewer, anchor_object=email)
    comments.start_thread(project, "c", actor=reviewer, anchor_object=users)
    done = comments.start_thread(project, "d", actor=reviewer, anchor_object=email)
    comments.resolve(done, actor=reviewer)
    with CaptureQueriesContext(connection) as queries:
        counts = comments.open_thread_counts(project)
    assert len(queries) == 1
    assert counts == {email.id: 2, users.id: 3}
