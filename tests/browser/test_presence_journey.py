"""Presence and notifications in real Chromium: two members open the same project's
editor on different entities and each sees the other and where they are; a notification
shows in the header's count, and opening it marks it read."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from designer.demo import demo_schema
from designer.models import Notification
from designer.services import activity
from designer.services.edits import create_project
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS, violations
from tests.browser.test_editor_journeys import TIMEOUT, editor_ready
from tests.support.accounts import sign_in_browser, with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    return create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())


@pytest.fixture
def open_as(browser, live_server):
    """A page of a browser context of its own, signed in as the given user."""
    contexts = []
    errors: list[str] = []

    def open_page(user) -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 800}
        )
        contexts.append(context)
        sign_in_browser(context, live_server.url, user)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route(
            re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda route: route.abort()
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors on the pages: {errors}"


def _open_entity(page: Page, project, name: str) -> None:
    entity = project.entities.get(name=name)
    page.goto(f"/projects/{project.slug}/entities/{entity.id}/")
    editor_ready(page)
    expect(page.locator("#entity-name")).to_have_value(name)


def test_two_members_see_each_other_and_their_entities(open_as, demo, artifacts_dir):
    ada, bob = with_role(demo, "editor", "ada"), with_role(demo, "owner", "bob")
    adas, bobs = open_as(ada), open_as(bob)
    _open_entity(adas, demo, "users")
    _open_entity(bobs, demo, "todos")
    # Each poll (every two seconds) says who else is here: within a few seconds.
    expect(adas.locator("#presence")).to_have_text("bob on todos", timeout=8_000)
    expect(bobs.locator("#presence")).to_have_text("ada on users", timeout=8_000)
    adas.screenshot(path=artifacts_dir / "presence.png")

    # Bob opens another entity: Ada sees it at Bob's next poll.
    bobs.locator("#entity-list a", has_text="users").click()
    expect(bobs.locator("#entity-name")).to_have_value("users")
    expect(adas.locator("#presence")).to_have_text("bob on users", timeout=8_000)
    assert violations(adas) == [] and violations(bobs) == []


def test_a_notification_shows_in_the_header_until_it_is_opened(open_as, demo, artifacts_dir):
    ada, bob = with_role(demo, "reviewer", "ada"), with_role(demo, "editor", "bob")
    page = open_as(ada)
    page.goto("/")
    link = page.locator("#notifications-link")
    expect(link).to_have_text("Notifications")
    expect(page.locator("#unread-count")).to_have_count(0)

    activity.notify(
        demo, [ada], Notification.Reason.REVIEW_REQUEST, "bob asks for your review",
        "/projects/demo/activity/", actor=bob,
    )  # fmt: skip
    page.reload()
    expect(page.locator("#unread-count")).to_have_text("1")
    page.screenshot(path=artifacts_dir / "notifications-count.png")
    link.click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    page.get_by_role("link", name="bob asks for your review").click()
    expect(page).to_have_url(re.compile(r"/projects/demo/activity/$"))
    expect(page.get_by_role("heading", name="Activity")).to_be_visible()
    expect(page.locator("#notifications-link")).to_have_text("Notifications")
    expect(page.locator("#unread-count")).to_have_count(0)
    assert Notification.objects.get(user=ada).read_at is not None
    assert violations(page) == []
