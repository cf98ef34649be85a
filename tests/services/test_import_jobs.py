"""A big import runs as a background job (django-tasks' database backend), end to end on
the store: the upload only queues it, a real ``db_worker`` run reads it, the preview page
shows the job's progress (polled by htmx) until the preview itself, confirming queues the
save, and a job that fails or whose worker stopped leaves the user a way on."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from designer import models
from designer.demo import demo_schema
from designer.services import imports
from designer.services.edits import create_project
from designer.store import load_schema
from tests.support.corpus import CORPUS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.store]

PAGILA = (CORPUS / "pagila" / "schema.sql").read_bytes()
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _background(settings):
    """Every upload bigger than 1 KB goes through the job (pagila's dump is 60 KB)."""
    settings.IMPORT_IN_BACKGROUND_BYTES = 1024


@pytest.fixture
def demo_project():
    return create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())


def run_worker() -> None:
    """A real worker: runs every queued task, then exits."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _upload(client, content: bytes = PAGILA, name: str = "pagila.sql", **data) -> str:
    data.setdefault("target", "new")
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("designer:import"), {"source": "file", "file": upload, **data})
    assert response.status_code == 302, _text(response)[:2000]
    return response["Location"]


def _draft() -> models.ImportDraft:
    return models.ImportDraft.objects.get()


def _progress_written(queries) -> list[tuple[str, str]]:
    """The (stage, done) pairs the job wrote to its draft, in order."""
    found = []
    for query in queries:
        sql = query["sql"]
        if sql.startswith('UPDATE "designer_importdraft" SET "stage"'):
            stage, done = re.search(r'"stage" = \'([^\']*)\', "done" = (\d+)', sql).groups()
            found.append((stage, int(done)))
    return found


def test_the_upload_queues_the_read_and_the_page_shows_its_progress(client):
    url = _upload(client)
    draft = _draft()
    assert draft.state == "reading" and draft.in_background and draft.design is None
    assert bytes(draft.upload) == PAGILA and draft.format == "sql"
    assert DBTaskResult.objects.get().status == "READY"  # queued, not run
    page = _text(client.get(url))  # a reload before the worker takes it: the same page
    assert "Reading pagila.sql" in page and 'hx-trigger="every 1s"' in page
    assert re.search(r'<progress id="import-progress-bar" max="3" value="0">', page)
    assert "Waiting for a worker" in page
    poll = client.get(url, **HX)
    assert "<html" not in _text(poll) and 'id="import-progress"' in _text(poll)

    with CaptureQueriesContext(connection) as queries:
        run_worker()
    assert _progress_written(queries) == [("Reading the SQL", 1), ("Keeping the preview", 2)]
    draft = _draft()
    assert draft.state == "ready" and draft.done == draft.total == 3
    assert bytes(draft.upload) == b"" and draft.counts["tables"] == 22
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert client.get(url, **HX)["HX-Refresh"] == "true"  # the poll reloads the page
    preview = _text(client.get(url))
    assert "Preview: pagila" in preview and "kept as SQL: 7 views:" in preview
    assert "<progress" not in preview
    assert models.Project.objects.count() == 0


def test_a_progress_poll_costs_one_query_besides_the_session(client, django_assert_num_queries):
    url = _upload(client)
    # the draft, and what every signed-in request reads: the session and the user
    with django_assert_num_queries(3):
        client.get(url, **HX)


def test_confirming_queues_the_save_then_leads_to_the_project(client):
    url = _upload(client)
    run_worker()
    response = client.post(url, {"slug": "pagila"})
    assert response["Location"] == url
    draft = _draft()
    assert draft.state == "saving" and draft.slug == "pagila"
    assert not models.Project.objects.exists()
    page = _text(client.get(url))
    assert "Saving pagila.sql" in page and "<progress" in page
    assert client.post(url, {"slug": "pagila"})["Location"] == url  # twice: one job
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    with CaptureQueriesContext(connection) as queries:
        run_worker()
    assert _progress_written(queries) == [("Saving the project", 1)]
    project = models.Project.objects.get(slug="pagila")
    assert len(load_schema(project).tables) == 22
    draft = _draft()
    assert draft.state == "saved" and draft.saved == project and draft.design is None
    assert client.get(url, **HX)["HX-Refresh"] == "true"
    done = client.get(url)
    assert done["Location"] == project.get_absolute_url()
    assert "Created pagila from pagila.sql." in _text(client.get(done["Location"]))


def test_a_failing_job_says_why_and_offers_to_start_again(client):
    bad = b"-- a big file\n" * 100 + b"CREATE TABLE t (\n  id int,\n  name tex t\n);\n"
    url = _upload(client, bad, "broken.sql")
    run_worker()
    draft = _draft()
    assert draft.state == "failed" and bytes(draft.upload) == b""
    assert client.get(url, **HX)["HX-Refresh"] == "true"
    response = client.get(url)
    page = _text(response)
    assert response.status_code == 200 and "The import failed" in page
    assert re.search(r'<ul class="errorlist form-errors" role="alert"><li>[^<]*syntax error', page)
    assert 'href="/import/"' in page and "<progress" not in page
    assert not models.Project.objects.exists()


def test_a_slug_taken_meanwhile_returns_to_the_preview_with_the_message(client, demo_project):
    url = _upload(client)
    run_worker()
    client.post(url, {"slug": "pagila"})
    models.Project.objects.filter(pk=demo_project.pk).update(slug="pagila")
    run_worker()
    draft = _draft()
    assert draft.state == "ready" and "pagila" in draft.error
    page = _text(client.get(url))
    assert "Preview: pagila" in page and 'class="errorlist form-errors"' in page
    client.post(url, {"slug": "pagila-2"})
    run_worker()
    assert len(load_schema(models.Project.objects.get(slug="pagila-2")).tables) == 22


def test_a_job_whose_worker_stopped_can_be_run_again(client):
    url = _upload(client)
    # The worker took the task and died: the task stays RUNNING, the draft reading.
    DBTaskResult.objects.update(status="RUNNING")
    assert "Try again" not in _text(client.get(url))  # not yet stale
    models.ImportDraft.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    page = _text(client.get(url))
    assert "may have stopped" in page and "Try again" in page
    assert client.post(url, {"action": "retry"})["Location"] == url
    assert "Try again" not in _text(client.get(url))
    run_worker()
    assert _draft().state == "ready"
    # The first task, run after all, finds nothing to do.
    assert imports.read_queued_import(_draft().pk) == "not waiting"


def test_a_stopped_save_is_run_again_and_saves_once(client):
    url = _upload(client)
    run_worker()
    client.post(url, {"slug": "pagila"})
    DBTaskResult.objects.filter(status="READY").update(status="RUNNING")
    models.ImportDraft.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    client.post(url, {"action": "retry"})
    run_worker()
    assert models.Project.objects.filter(slug="pagila").count() == 1
    assert imports.save_queued_import(_draft().pk) == "not waiting"
    assert models.Project.objects.count() == 1  # saved once


def test_a_small_upload_stays_in_the_request(client, settings):
    settings.IMPORT_IN_BACKGROUND_BYTES = len(PAGILA)  # not bigger: read in the request
    url = _upload(client)
    draft = _draft()
    assert draft.state == "ready" and not draft.in_background and draft.counts["tables"] == 22
    assert not DBTaskResult.objects.exists()
    client.post(url, {"slug": "pagila"})
    assert models.Project.objects.filter(slug="pagila").exists()
    assert not models.ImportDraft.objects.exists()


def test_a_big_file_over_the_limit_is_refused_at_once(client, settings):
    settings.MAX_UPLOAD_BYTES = 2048
    upload = SimpleUploadedFile("big.sql", b"-- x\n" * 1000)
    response = client.post(
        reverse("designer:import"), {"source": "file", "file": upload, "target": "new"}
    )
    assert response.status_code == 200 and "the limit is 2,048" in _text(response)
    assert not models.ImportDraft.objects.exists() and not DBTaskResult.objects.exists()


def test_a_replacing_import_runs_in_the_background_too(client, demo_project):
    url = _upload(client, target="replace", project=demo_project.id)
    run_worker()
    assert "This replaces every entity" in _text(client.get(url))
    client.post(url, {"confirm_replace": "on"})
    run_worker()
    done = client.get(url)
    assert done["Location"] == demo_project.get_absolute_url()
    assert len(load_schema(demo_project).tables) == 22
