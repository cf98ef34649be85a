"""Accounts in real Chromium: a page asked for while signed out leads to the sign-in form,
which leads back to it; a wrong password is said beside the form; signing out ends it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from designer.demo import demo_schema
from designer.services.edits import create_project
from tests.browser.test_editor_journeys import TIMEOUT, editor_ready
from tests.support.accounts import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.route(re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda r: r.abort())
    yield page
    context.close()


def test_sign_in_come_back_to_the_page_and_sign_out(page: Page, transactional_db, artifacts_dir):
    ada = member("ada", "correct horse battery")
    create_project(name="Todo app (demo)", slug="demo", schema=demo_schema(), actor=ada)

    page.goto("/projects/demo/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/projects/demo/$"))
    page.fill("#id_username", "ada")
    page.fill("#id_password", "not it")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#login-form [role=alert]")).to_contain_text("correct username")
    expect(page.locator("#id_username")).to_have_value("ada")
    page.screenshot(path=artifacts_dir / "sign-in.png")

    page.fill("#id_password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/projects/demo/$"))
    editor_ready(page)
    expect(page.locator("#account-menu")).to_have_text("ada")

    page.locator("#account-menu").click()
    page.get_by_role("menuitem", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
