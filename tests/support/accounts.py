"""Signed-in users for the tests: every page but the sign-in pages requires one.

``member(username)`` is an account; ``signed_in(client, user)`` signs a Django test client
in; ``sign_in_browser(context, base_url, user)`` gives a Playwright browser context the
session of ``user`` (as if it had signed in through the form, which
``tests/browser/test_accounts_journey.py`` does for real).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client


def member(username: str = "tester", password: str = "correct horse battery") -> Any:
    users = get_user_model().objects
    user = users.filter(username=username).first()
    return user or users.create_user(username, f"{username}@example.com", password)


def signed_in(client: Client, user: Any = None) -> Client:
    client.force_login(user or member())
    return client


def sign_in_browser(context: Any, base_url: str, user: Any = None) -> None:
    client = signed_in(Client(), user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


def sign_in_with_the_form(context: Any, base_url: str, username: str = "demo",
                          password: str = "demo") -> None:  # fmt: skip
    """Sign a browser context in through the sign-in page of a server of its own store
    (seed_demo's demo account, DEBUG on)."""
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")
    page.close()
