"""Signed-in users for the tests: every page but the sign-in pages requires one.

``member(username)`` is an account; ``tester``, the suite's default account, is a site
administrator (an owner's rights in every project: the tests that are not about roles make
their projects without members); ``signed_in(client, user)`` signs a Django test client
in (as ``tester`` by default); ``sign_in_browser(context, base_url, user)`` gives a
Playwright browser context the session of ``user`` (as if it had signed in through the
form, which ``tests/browser/test_accounts_journey.py`` does for real);
``with_role(project, role)`` is a member of that role.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

ADMINISTRATOR = "tester"


def member(username: str = ADMINISTRATOR, password: str = "correct horse battery") -> Any:
    users = get_user_model().objects
    user = users.filter(username=username).first()
    if user is not None:
        return user
    make = users.create_superuser if username == ADMINISTRATOR else users.create_user
    return make(username, f"{username}@example.com", password)


def with_role(project: Any, role: str, username: str | None = None) -> Any:
    """An account that is ``role`` (owner, editor, reviewer, viewer) of ``project``."""
    from designer.models import Membership

    user = member(username or role)
    Membership.objects.update_or_create(project=project, user=user, defaults={"role": role})
    return user


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
