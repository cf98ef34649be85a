"""The production settings: Django's deployment checks pass, the headers are sent."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The production environment of the README's deployment section.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "schema.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://schema.example.com",
}


def deploy_check(environment: dict[str, str]) -> subprocess.CompletedProcess:
    # Only what a server's environment would hold: not the test run's own variables.
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_production_environment_passes_the_deployment_checks():
    result = deploy_check(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("setting", "value", "warning"),
    [
        ("SECURE_COOKIES", "false", "security.W012"),
        ("SECURE_SSL_REDIRECT", "false", "security.W008"),
        ("SECURE_HSTS_SECONDS", "0", "security.W004"),
        ("DEBUG", "true", "security.W018"),
    ],
)
def test_turning_a_protection_off_is_reported(setting, value, warning):
    """The check above is real: each protection that the environment turns off is named."""
    result = deploy_check({**PRODUCTION, setting: value})
    assert result.returncode == 1
    assert warning in result.stderr


@pytest.mark.django_db
def test_every_page_sends_the_content_security_policy(client):
    response = client.get("/")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_production_cookies_are_secure_httponly_and_same_site():
    """The session and CSRF cookies of a production server (DEBUG off): Secure, HttpOnly
    and SameSite, as a signed-in response sends them."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "Lax", "Lax"], result.stderr


@pytest.mark.django_db
def test_a_signed_in_response_sets_httponly_same_site_cookies(anonymous):
    from tests.support.accounts import member

    member("ada", "correct horse battery")
    response = anonymous.post(
        "/accounts/login/", {"username": "ada", "password": "correct horse battery"}
    )
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
