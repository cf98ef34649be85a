"""The activity feed, the notifications pages, the header's unread count, and presence in
what the editor polls — with the roles of who asks."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from designer import models
from designer.access import SHARE_SESSION_KEY
from designer.models import Notification
from designer.operations import AddEntity
from designer.services import activity, presence
from tests.support.accounts import member, signed_in, with_role
from tests.support.edits import change

pytestmark = pytest.mark.django_db

Reason = Notification.Reason


def url(name, *args):
    return reverse(f"designer:{name}", args=args)


@pytest.fixture
def bob(demo):
    return with_role(demo, "viewer", "bob")


def _notify(project, user, text="ada mentioned you", link="/projects/demo/"):
    return activity.notify(project, [user], Reason.MENTION, text, link, actor=None)[0]


# -- the feed -----------------------------------------------------------------------------


def test_the_feed_shows_changes_and_activities_with_who_and_when(client, demo, bob):
    change(demo, AddEntity("orders"))
    activity.record(demo, bob, "comment", "commented on <orders>", "/projects/demo/")
    text = client.get(url("activity", "demo")).content.decode()
    assert text.index("commented on &lt;orders&gt;") < text.index("Added the entity orders")
    assert '<span class="activity-actor">bob</span>' in text
    assert f'href="{url("history", "demo")}#change-2"' in text  # the change on the History
    assert "<time datetime=" in text


def test_a_change_links_to_the_history_page_that_lists_it(client, demo):
    for number in range(30):
        change(demo, AddEntity(f"table_{number}"))
    text = client.get(url("activity", "demo")).content.decode()
    assert f'href="{url("history", "demo")}?page=2#change-6"' in text  # 31 - 6 = 25 newer


def test_every_member_reads_the_feed_and_an_outsider_gets_a_404(client, demo):
    for role in ("viewer", "reviewer", "editor", "owner"):
        signed_in(client, with_role(demo, role))
        assert client.get(url("activity", "demo")).status_code == 200
    signed_in(client, member("outsider"))
    assert client.get(url("activity", "demo")).status_code == 404
    assert client.get(url("activity", "nowhere")).status_code == 404


def test_the_feed_asks_the_sign_in_page_of_someone_signed_out(anonymous, demo):
    response = anonymous.get(url("activity", "demo"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_feed_is_paginated(client, demo):
    for number in range(60):
        activity.record(demo, None, "comment", f"comment {number}")
    text = client.get(url("activity", "demo")).content.decode()
    assert text.count('class="activity-entry') == 50 and "page 1 of 2" in text
    second = client.get(url("activity", "demo"), {"page": 2}).content.decode()
    assert second.count('class="activity-entry') == 11
    assert client.get(url("activity", "demo"), {"page": "x"}).status_code == 200


def test_the_feed_query_count_is_pinned(client, demo, django_assert_num_queries):
    def fill(numbers):
        for number in numbers:
            activity.record(demo, member(), "comment", f"comment {number}")
            change(demo, AddEntity(f"table_{number}"))

    fill(range(3))
    client.get(url("activity", "demo"))  # templates compiled
    # 1 the project; 2 how many events (the pager); 3 the page's keys, newest first; 4
    # its changes with their actors; 5 its activities with theirs
    with django_assert_num_queries(7):  # + the session, the user
        assert client.get(url("activity", "demo")).status_code == 200
    fill(range(3, 33))
    with django_assert_num_queries(7):  # + the session, the user
        text = client.get(url("activity", "demo")).content.decode()
    assert text.count('class="activity-entry') == 50


# -- notifications ------------------------------------------------------------------------


def test_the_notifications_page_lists_mine_unread_first(client, demo, bob):
    first = _notify(demo, bob, "first")
    _notify(demo, bob, "second")
    _notify(demo, member(), "not for bob")
    activity.mark_read(first)
    signed_in(client, bob)
    text = client.get(url("notifications")).content.decode()
    assert "not for bob" not in text
    assert text.index("second") < text.index("first")
    assert "Todo app (demo)" in text and "mentioned you" in text
    assert url("notification_open", first.id) in text


def test_posting_marks_them_all_read(client, demo, bob):
    _notify(demo, bob)
    _notify(demo, bob)
    _notify(demo, member("carol"))
    signed_in(client, bob)
    response = client.post(url("notifications"), follow=True)
    assert "Marked 2 notifications read." in response.content.decode()
    assert activity.unread_count(bob) == 0 and activity.unread_count(member("carol")) == 1


def test_opening_one_marks_it_read_and_goes_where_it_points(client, demo, bob):
    note = _notify(demo, bob, link="/projects/demo/activity/")
    signed_in(client, bob)
    response = client.get(url("notification_open", note.id))
    assert response.status_code == 302 and response["Location"] == "/projects/demo/activity/"
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize(
    "target",
    ["https://evil.example.com/phish", "//evil.example.com/phish", "javascript:alert(1)", ""],
)
def test_opening_one_refuses_to_leave_the_site(client, demo, bob, target):
    note = _notify(demo, bob, link=target)
    signed_in(client, bob)
    response = client.get(url("notification_open", note.id))
    assert response.status_code == 302 and response["Location"] == url("notifications")


def test_someone_elses_notification_or_a_bad_id_is_a_404(client, demo, bob):
    note = _notify(demo, bob)
    signed_in(client, member("carol"))
    assert client.get(url("notification_open", note.id)).status_code == 404
    assert client.get(url("notification_open", uuid.uuid4())).status_code == 404
    assert client.get("/notifications/not-a-uuid/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_header_links_to_the_notifications_and_loads_the_count(client, demo, bob):
    signed_in(client, bob)
    text = client.get(url("project_list")).content.decode()
    assert f'href="{url("notifications")}"' in text
    assert f'hx-get="{url("notification_badge")}"' in text
    assert f'href="{url("notification_settings")}"' in text
    assert client.get(url("notification_badge")).content.decode().strip() == ""
    _notify(demo, bob)
    badge = client.get(url("notification_badge")).content.decode()
    assert '<span class="count-badge unread-badge" id="unread-count">1</span>' in badge


def test_the_unread_count_costs_one_query(client, demo, bob, django_assert_num_queries):
    _notify(demo, bob)
    signed_in(client, bob)
    client.get(url("notification_badge"))
    with django_assert_num_queries(3):  # the count + the session, the user
        client.get(url("notification_badge"))


def test_the_notifications_page_query_count_is_pinned(client, demo, bob, django_assert_num_queries):
    for number in range(5):
        _notify(demo, bob, f"note {number}")
    signed_in(client, bob)
    client.get(url("notifications"))
    # 1 how many (the pager); 2 the page of them with their projects
    with django_assert_num_queries(4):  # + the session, the user
        text = client.get(url("notifications")).content.decode()
    assert text.count('class="notification ') == 5


def test_notification_settings_turn_the_emails_on_and_off(client, bob):
    signed_in(client, bob)
    text = client.get(url("notification_settings")).content.decode()
    assert "Also send my notifications by e-mail" in text and "bob@example.com" in text
    response = client.post(url("notification_settings"), {"email_notifications": "on"}, follow=True)
    assert "Saved your notification settings." in response.content.decode()
    assert activity.wants_email(bob)
    assert "checked" in client.get(url("notification_settings")).content.decode()
    client.post(url("notification_settings"), {})
    assert not activity.wants_email(bob)


def test_the_notification_pages_ask_the_sign_in_page_of_someone_signed_out(anonymous):
    for name in ("notifications", "notification_settings", "notification_badge"):
        response = anonymous.get(url(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# -- presence in the revision an editor polls --------------------------------------------


def test_the_poll_says_who_else_is_here_and_on_which_entity(client, demo, bob, users, todos):
    presence.seen(demo, bob, todos.id)
    data = client.get(url("revision", "demo"), {"since": 1, "entity": users.id}).json()
    assert data["present"] == [{"user": "bob", "entity": "todos", "entity_id": str(todos.id)}]
    signed_in(client, bob)
    data = client.get(url("revision", "demo"), {"since": 1, "entity": todos.id}).json()
    assert data["present"] == [{"user": "tester", "entity": "users", "entity_id": str(users.id)}]


def test_a_share_links_visitor_is_neither_shown_nor_told(anonymous, client, demo, bob, users):
    link = models.ShareLink.objects.create(project=demo, label="Readers", token="t" * 40)
    session = anonymous.session
    session[SHARE_SESSION_KEY] = {str(demo.pk): link.token}
    session.save()
    presence.seen(demo, bob, users.id)
    data = anonymous.get(url("revision", "demo"), {"since": 1}).json()
    assert data["present"] == [] and data["revision"] == demo.revision
    assert models.Presence.objects.filter(project=demo).count() == 1  # bob's only


def test_the_poll_query_count_is_pinned(client, demo, users, bob, django_assert_num_queries):
    presence.seen(demo, bob, users.id)
    client.get(url("revision", "demo"), {"since": 1, "entity": users.id})  # written once
    # 1 the project; 2 the changes since; 3 the people here (mine included) with the
    # names of their entities: the poll that is not due to write presence writes nothing
    with django_assert_num_queries(5):  # + the session, the user
        data = client.get(url("revision", "demo"), {"since": 1, "entity": users.id}).json()
    assert [person["user"] for person in data["present"]] == ["bob"]
