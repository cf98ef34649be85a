"""The team in real Chromium: the owner invites an e-mail address as reviewer, the
invited person opens the mailed link, creates an account and lands on the project; the
owner creates a share link, an anonymous visitor reads the design through it (the
diagram drawn, the DDL downloaded) until the owner revokes it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import BrowserContext, Page, expect

from designer.demo import demo_schema
from designer.models import Membership, Role
from designer.services.edits import create_project
from tests.browser.test_editor_journeys import TIMEOUT, editor_ready
from tests.support.accounts import member, sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long pass phrase 7"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(transactional_db):
    owner = member("olga")
    return create_project(name="Todo app (demo)", slug="demo", schema=demo_schema(), actor=owner)


@pytest.fixture
def contexts(browser, live_server):
    """``new(signed_in_as=None)``: a browser context of its own (cookies, session) whose
    pages reach only the live server and fail the test on a JavaScript error."""
    made: list[tuple[BrowserContext, list[str]]] = []

    def new(user=None) -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 800}, accept_downloads=True
        )
        if user is not None:
            sign_in_browser(context, live_server.url, user)
        context.route(
            re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda route: route.abort()
        )
        errors: list[str] = []
        made.append((context, errors))
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield new
    for context, errors in made:
        context.close()
        assert errors == [], f"JavaScript errors on the page: {errors}"


def test_invite_by_e_mail_and_join_with_a_new_account(contexts, demo, live_server, artifacts_dir):
    owner = contexts(member("olga"))
    owner.goto("/projects/demo/members/")
    expect(owner.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    expect(owner.locator("#member-olga")).to_contain_text("owner")
    owner.fill("#invite-who", "rita@example.org")
    owner.select_option("#invite-role", "reviewer")
    owner.get_by_role("button", name="Invite").click()
    expect(owner.locator(".messages")).to_contain_text("Invited rita@example.org as reviewer")
    expect(owner.locator("#invitations")).to_contain_text("rita@example.org")
    owner.screenshot(path=artifacts_dir / "team.png", full_page=True)

    (message,) = mail.outbox
    link = re.search(r"http://\S+/invitations/\S+/", message.body).group(0)
    assert link.startswith(live_server.url)

    newcomer = contexts()
    newcomer.goto(link)
    expect(newcomer.locator(".invitation-summary")).to_contain_text("olga invites")
    expect(newcomer.locator(".invitation-summary")).to_contain_text("reviewer")
    expect(newcomer.locator("#account-email")).to_have_value("rita@example.org")
    expect(newcomer.get_by_role("link", name="Sign in instead")).to_be_visible()
    newcomer.screenshot(path=artifacts_dir / "invitation.png", full_page=True)
    newcomer.fill("#account-username", "rita")
    newcomer.fill("#account-password1", PASSWORD)
    newcomer.fill("#account-password2", PASSWORD + "!")
    newcomer.get_by_role("button", name="Create account and join").click()
    expect(newcomer.locator(".has-error")).to_be_visible()  # the passwords differ
    expect(newcomer.locator("#account-username")).to_have_value("rita")
    newcomer.fill("#account-password1", PASSWORD)
    newcomer.fill("#account-password2", PASSWORD)
    newcomer.get_by_role("button", name="Create account and join").click()
    newcomer.wait_for_url(f"{live_server.url}/projects/demo/")
    editor_ready(newcomer)
    expect(newcomer.locator(".messages")).to_contain_text(
        "Welcome! You joined Todo app (demo) as reviewer"
    )
    assert Membership.objects.get(project=demo, user__username="rita").role == Role.REVIEWER


def test_a_share_link_opens_the_design_until_it_is_revoked(
    contexts, demo, live_server, artifacts_dir
):
    owner = contexts(member("olga"))
    owner.goto("/projects/demo/share-links/")
    owner.fill("#link-label", "Review with the client")
    owner.select_option("#link-expiry", "7")
    owner.get_by_role("button", name="Create link").click()
    expect(owner.locator(".messages")).to_contain_text("Created the share link")
    row = owner.locator(".share-link-row", has_text="Review with the client")
    expect(row).to_contain_text("active")
    link = row.locator(".share-link-url").input_value()
    owner.screenshot(path=artifacts_dir / "share-links.png", full_page=True)
    assert link.startswith(f"{live_server.url}/share/")

    visitor = contexts()
    visitor.goto(link)
    visitor.wait_for_url(f"{live_server.url}/projects/demo/")
    editor_ready(visitor)
    expect(visitor.locator("#erd-viewport svg")).to_be_visible()
    visitor.locator("details.menu:not(.account-menu) > summary", has_text="Export").click()
    with visitor.expect_download() as download:
        visitor.get_by_role("menuitem", name=re.compile("PostgreSQL DDL")).click()
    assert download.value.suggested_filename == "schema.sql"
    assert "CREATE TABLE todos" in Path(download.value.path()).read_text(encoding="utf-8")

    row.get_by_role("button", name=re.compile("Revoke")).click()
    expect(owner.locator(".messages")).to_contain_text("it no longer opens")
    expect(owner.locator(".share-link-row", has_text="Review with the client")).to_contain_text(
        "revoked"
    )
    response = visitor.reload()
    assert response.status == 404
    assert visitor.goto(link).status == 404
