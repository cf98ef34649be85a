"""Accounts: every page and download requires sign-in (checked for every URL of the URL
conf, so a new view cannot escape it); Django's sign-in, sign-out, password change and
reset; failed sign-ins locked out (django-axes); the local demo account of `make run`."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from designer.models import Membership
from designer.services.versions import save_version
from tests.support.accounts import member

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
SAMPLES = {"slug": "demo", "uuid": str(uuid.uuid4()), "int": "1", "version": "v1", "str": "sql"}
OPEN = ("accounts/", "invitations/", "share/")  # the sign-in pages, and links for anyone


def _paths(patterns, prefix: str = "") -> list[str]:
    """A concrete path for every URL pattern (its converters given sample values)."""
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith("admin/"):  # the admin has its own sign-in
                found += _paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
            found.append("/" + path)
    return found


PATHS = [path for path in _paths(get_resolver().url_patterns) if not path[1:].startswith(OPEN)]


def test_the_walk_finds_every_page():
    assert "/" in PATHS and "/projects/demo/compare/" in PATHS and len(PATHS) > 50


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_page_sends_someone_not_signed_in_to_sign_in(anonymous, demo, method):
    for path in PATHS:
        response = getattr(anonymous, method)(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("login") + "?next="), path


def test_signing_in_goes_back_to_the_page_asked_for(anonymous, demo):
    Membership.objects.create(project=demo, user=member("ada", PASSWORD), role="viewer")
    page = anonymous.get("/projects/demo/")
    assert page.status_code == 302
    response = anonymous.post(
        reverse("login"), {"username": "ada", "password": PASSWORD, "next": "/projects/demo/"}
    )
    assert response.status_code == 302 and response["Location"] == "/projects/demo/"
    assert anonymous.get("/projects/demo/").status_code == 200


def test_a_wrong_password_says_so_and_keeps_the_username(anonymous):
    member("ada", PASSWORD)
    response = anonymous.post(reverse("login"), {"username": "ada", "password": "nope"})
    text = response.content.decode()
    assert response.status_code == 200 and "Please enter a correct username" in text
    assert 'value="ada"' in text


def test_an_offsite_next_is_not_followed(anonymous):
    member("ada", PASSWORD)
    response = anonymous.post(
        reverse("login"),
        {"username": "ada", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_repeated_failures_lock_the_account_out_from_that_address(anonymous, settings):
    member("ada", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        anonymous.post(reverse("login"), {"username": "ada", "password": "nope"})
    locked = anonymous.post(reverse("login"), {"username": "ada", "password": PASSWORD})
    assert locked.status_code == 429 and "Too many failed sign-ins" in locked.content.decode()
    # another account from the same address is not locked
    member("bob", PASSWORD)
    other = anonymous.post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert other.status_code == 302


def test_signing_out_is_a_post_and_ends_the_session(client):
    assert client.get("/").status_code == 200
    assert 'id="logout-form"' in client.get("/").content.decode()
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get("/").status_code == 302


def test_a_password_can_be_changed(anonymous):
    user = member("ada", PASSWORD)
    anonymous.force_login(user)
    form = anonymous.get(reverse("password_change")).content.decode()
    assert 'id="password-change-form"' in form
    new = "a new long one 42"
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    response = anonymous.post(reverse("password_change"), data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new long one 42")


def test_a_password_is_reset_by_a_link_sent_by_e_mail(anonymous):
    user = member("ada", PASSWORD)
    response = anonymous.post(reverse("password_reset"), {"email": "ada@example.com"})
    assert response.status_code == 302 and len(mail.outbox) == 1
    (link,) = re.findall(r"https?://\S+", mail.outbox[0].body)
    page = anonymous.get(link, follow=True)
    assert 'id="password-set-form"' in page.content.decode()
    fresh = {"new_password1": "fresh start 2026", "new_password2": "fresh start 2026"}
    done = anonymous.post(page.redirect_chain[-1][0], fresh)
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("fresh start 2026")
    # the link works once
    assert "no longer valid" in anonymous.get(link, follow=True).content.decode()


def test_the_version_records_who_saved_it(client, demo):
    client.post(reverse("designer:versions", args=["demo"]), {"name": "v1", "message": ""})
    assert demo.versions.get().author.username == "tester"
    save_version(demo, "v2")  # from the command line: no author
    assert demo.versions.get(name="v2").author is None


def test_the_demo_account_exists_on_a_laptop_and_says_how_to_sign_in(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "Sign in as demo with the password demo" in out.getvalue()
    assert get_user_model().objects.get().check_password("demo")
    # once its password is changed, it is no longer printed
    user = get_user_model().objects.get()
    user.set_password("mine now 2026")
    user.save()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "Sign in as" not in out.getvalue()


def test_no_demo_account_in_production(settings):
    settings.DEBUG = False
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert not get_user_model().objects.exists() and "Sign in" not in out.getvalue()


def test_a_signed_in_page_names_its_user(client):
    text = Client().get("/").status_code, client.get("/").content.decode()
    assert text[0] == 302 and 'id="account-menu">tester<' in text[1]
