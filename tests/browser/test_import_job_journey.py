"""A big upload in Chromium, served as in a deployment: gunicorn and a separate
``manage.py db_worker`` process on one SQLite store. The progress bar shows while no
worker runs and survives a reload; once the worker starts, the page goes on to the preview
by itself, and the confirmed import is saved by the worker too."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.test_editor_journeys import TIMEOUT, editor_ready
from tests.support.accounts import sign_in_with_the_form
from tests.support.corpus import CORPUS
from tests.support.liveserver import ROOT, LiveServer, fresh_store

pytestmark = [pytest.mark.browser]


@pytest.fixture
def server(tmp_path, monkeypatch):
    # pagila's dump (60 KB) is read by the background job.
    monkeypatch.setenv("IMPORT_IN_BACKGROUND_BYTES", "1024")
    url, _ = fresh_store("sqlite", tmp_path)
    server = LiveServer.start(url, tmp_path, workers=1, threads=4)
    yield server
    server.stop()


def start_worker(server: LiveServer, log_path) -> subprocess.Popen:
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay",
         "--no-reload"],
        cwd=ROOT, env=server.env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    log.close()
    return process


def test_a_big_upload_shows_its_progress_across_a_reload(browser, server, tmp_path, artifacts_dir):
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 800})
    sign_in_with_the_form(context, server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto("/import/")
    page.get_by_label("Upload a file (.sql dump or design.json)").check()
    page.set_input_files("#id_file", str(CORPUS / "pagila" / "schema.sql"))
    page.get_by_role("button", name="Read and preview").click()
    expect(page.get_by_role("heading", name="Reading schema.sql")).to_be_visible()
    bar = page.locator("progress#import-progress-bar")
    expect(bar).to_be_visible()
    expect(page.locator("#import-progress")).to_contain_text("Waiting for a worker")
    with page.expect_response(lambda response: "hx-request" in response.request.headers):
        pass  # the bar polls; no worker runs the job yet, so it stays
    page.reload()
    expect(page.get_by_role("heading", name="Reading schema.sql")).to_be_visible()
    expect(bar).to_be_visible()
    page.screenshot(path=artifacts_dir / "import-job-progress.png")

    worker = start_worker(server, tmp_path / "worker.log")
    try:
        # No click: the page's poll sees the job end and reloads into the preview.
        preview = page.get_by_role("heading", name="Preview: schema")
        expect(preview).to_be_visible(timeout=60_000)  # the worker starts (Django) first
        expect(page.locator(".counts")).to_contain_text("22 tables")
        expect(page.locator("progress")).to_have_count(0)
        page.fill("#id_slug", "pagila")
        page.get_by_role("button", name="Create the project").click()
        expect(page).to_have_url(re.compile(r"/projects/pagila/$"))
        editor_ready(page)
        expect(page.locator(".messages")).to_contain_text("Created schema from schema.sql")
        expect(page.locator("#entity-list")).to_contain_text("film_actor")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        context.close()
    assert worker.returncode == 0, (tmp_path / "worker.log").read_text()[-3000:]
