"""The activity feed (the change log merged with the recorded activities) and
notifications: in the app, and by e-mail for those who asked for it."""

from __future__ import annotations

import logging
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail

from designer import models
from designer.demo import demo_schema
from designer.models import Notification
from designer.operations import AddEntity
from designer.services import activity, edits
from designer.services.versions import save_version
from tests.support.accounts import member
from tests.support.edits import change

pytestmark = pytest.mark.django_db

Reason = Notification.Reason


@pytest.fixture
def ada():
    return member("ada")


@pytest.fixture
def bob():
    return member("bob")


@pytest.fixture
def demo(ada):
    return edits.create_project(name="Demo", slug="demo", schema=demo_schema(), actor=ada)


def _texts(page) -> list[str]:
    return [event.text for event in page.object_list]


@pytest.mark.store  # a UNION of two tables, ordered and sliced
def test_the_feed_merges_changes_and_activities_newest_first(demo, ada, bob):
    change(demo, AddEntity("orders"))
    activity.record(demo, bob, "proposal", "opened proposal #1", "/projects/demo/proposals/1/")
    change(demo, AddEntity("invoices"))
    save_version(demo, "v1", actor=ada)
    page = activity.feed_page(demo, 1)
    assert _texts(page) == [
        "saved the version v1",
        "Added the entity invoices",
        "opened proposal #1",
        "Added the entity orders",
        "Replaced the design (2 tables)",
    ]
    version, invoices, proposal = page.object_list[:3]
    assert version.kind == "version" and version.actor == ada
    assert version.url == "/projects/demo/versions/v1/" and version.change is None
    assert invoices.change.revision == 3 and invoices.kind == "edit"
    assert proposal.actor == bob and proposal.url == "/projects/demo/proposals/1/"


@pytest.mark.store  # a UNION of two tables, ordered and sliced
def test_the_feed_is_paginated_by_fifty(demo):
    for number in range(30):
        activity.record(demo, None, "comment", f"comment {number}")
    for number in range(30):
        change(demo, AddEntity(f"table_{number}"))
    first, second = activity.feed_page(demo, 1), activity.feed_page(demo, 2)
    assert len(first.object_list) == 50 and len(second.object_list) == 11  # + the creation
    assert first.object_list[0].text == "Added the entity table_29"
    assert second.object_list[-1].text.startswith("Replaced the design")
    assert activity.feed_page(demo, "nonsense").number == 1


def test_the_feed_costs_four_queries_whatever_its_length(demo, django_assert_num_queries):
    for number in range(60):
        activity.record(demo, None, "comment", f"comment {number}")
        change(demo, AddEntity(f"table_{number}"))
    # 1 how many events (the pager); 2 the page's keys; 3 its changes with their actors;
    # 4 its activities with theirs
    with django_assert_num_queries(4):
        page = activity.feed_page(demo, 2)
        assert {event.actor for event in page.object_list} == {None}


def test_the_feed_is_the_projects_own(demo, ada):
    other = edits.create_project(name="Other", slug="other", schema=demo_schema())
    activity.record(other, ada, "comment", "commented elsewhere")
    assert "commented elsewhere" not in _texts(activity.feed_page(demo, 1))


def test_notify_skips_the_actor_and_repeats(demo, ada, bob):
    made = activity.notify(
        demo, [ada, bob, bob, None], Reason.MENTION, "ada mentioned you", actor=ada
    )
    assert [note.user for note in made] == [bob]
    assert Notification.objects.get().user == bob
    assert activity.unread_count(bob) == 1 and activity.unread_count(ada) == 0


def test_notifications_list_the_unread_first_then_the_newest(demo, ada, bob):
    for text in ("first", "second", "third"):
        activity.notify(demo, [bob], Reason.REPLY, text, actor=ada)
    activity.mark_read(Notification.objects.get(text="third"))
    assert [note.text for note in activity.notifications_of(bob)] == ["second", "first", "third"]
    assert activity.mark_all_read(bob) == 2 and activity.unread_count(bob) == 0
    assert activity.mark_all_read(bob) == 0


def test_an_email_goes_only_to_whom_asked_for_it(
    demo, ada, bob, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://schemas.example.com"
    carol = member("carol")
    carol.email = ""
    carol.save()
    activity.set_wants_email(bob, True)
    activity.set_wants_email(carol, True)  # but no address
    activity.set_wants_email(ada, False)
    with django_capture_on_commit_callbacks(execute=True):
        activity.notify(
            demo,
            [ada, bob, carol, member("dan")],
            Reason.REVIEW_REQUEST,
            "ada asks for your review of proposal #1",
            "/projects/demo/proposals/1/",
            actor=None,
        )
    assert Notification.objects.count() == 4
    assert [message.to for message in mail.outbox] == [["bob@example.com"]]
    message = mail.outbox[0]
    assert message.subject == "[Demo] ada asks for your review of proposal #1"
    assert "https://schemas.example.com/projects/demo/proposals/1/" in message.body
    assert "https://schemas.example.com/notifications/settings/" in message.body


def test_no_email_is_sent_when_the_action_rolls_back(
    demo, ada, bob, django_capture_on_commit_callbacks
):
    activity.set_wants_email(bob, True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        activity.notify(demo, [bob], Reason.APPROVAL, "ada approved", actor=ada)
    assert len(callbacks) == 1 and mail.outbox == []  # sent once committed, not before


def test_a_mail_server_that_fails_does_not_fail_the_action(
    demo, ada, bob, caplog, django_capture_on_commit_callbacks
):
    activity.set_wants_email(bob, True)
    failing = mock.patch(
        "designer.services.activity.send_mass_mail", side_effect=SMTPException("down")
    )
    with failing, caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        made = activity.notify(demo, [bob], Reason.CHANGES, "ada requested changes", actor=ada)
    assert len(made) == 1 and Notification.objects.filter(user=bob).exists()
    assert "could not send 1 notification e-mail" in caplog.text


def test_the_email_setting_is_one_row_per_person(bob):
    assert not activity.wants_email(bob)
    activity.set_wants_email(bob, True)
    activity.set_wants_email(bob, True)
    assert activity.wants_email(bob)
    assert models.AccountSettings.objects.filter(user=bob).count() == 1
    activity.set_wants_email(bob, False)
    assert not activity.wants_email(bob)


def test_record_keeps_no_anonymous_actor(demo):
    from django.contrib.auth.models import AnonymousUser

    event = activity.record(demo, AnonymousUser(), "version", "x" * 600)
    assert event.actor is None and len(event.text) == 500
