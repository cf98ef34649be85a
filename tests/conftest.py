"""Shared fixtures: a real PostgreSQL server and real Chromium.

PostgreSQL: ``TEST_DATABASE_URL`` when set, otherwise a throwaway cluster started once
per run with initdb / pg_ctl (``tests.support.pgcluster``), otherwise the test fails
with the reason — it is never skipped. Chromium: Debian's ``/usr/bin/chromium`` driven by
Playwright; ``make test`` installs it when it is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.support.pgcluster import ClusterUnavailable, start_cluster
from tests.support.postgres import PgDatabase, PgServer

# Playwright's sync API keeps an event loop running in the main thread for the whole
# session; Django would then refuse every database call from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

settings.register_profile(
    "default",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "ci",
    parent=settings.get_profile("default"),
    derandomize=True,
    print_blob=True,
)
settings.load_profile("ci" if IN_CI else os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield PgServer(url)
        return
    try:
        cluster = start_cluster()
    except ClusterUnavailable as error:
        pytest.fail(f"this test needs PostgreSQL: {error}", pytrace=False)
    try:
        yield PgServer(cluster.url)
    finally:
        cluster.stop()


@pytest.fixture
def pg_db(pg_server: PgServer) -> Iterator[PgDatabase]:
    """A fresh, empty database, dropped after the test."""
    database = pg_server.create_database()
    try:
        yield database
    finally:
        database.drop()


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (Debian's) driven by Playwright, shared by the run."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"this test needs Chromium at {CHROMIUM}; `make test` installs it "
            "(apt-get install chromium)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave screenshots and other files for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """A fast password hasher: the suite makes hundreds of accounts, and Django's own is
    slow by design (the live servers of the browser tests keep the real one)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client(db):
    """Django's test client, signed in (every page requires an account); ``anonymous``
    is the client of someone who is not."""
    from django.test import Client

    from tests.support.accounts import signed_in

    return signed_in(Client())


@pytest.fixture
def anonymous():
    from django.test import Client

    return Client()
