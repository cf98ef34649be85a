"""The security that comes with accounts: the import form lists only the projects the
person may replace (and the server refuses the others, also when the role changes
between the preview and the confirmation); a live database is read into a project only by
its owners and editors; a posted ``next`` never leads off the site."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from designer.demo import demo_schema
from designer.models import Membership
from designer.services.edits import create_project
from designer.store import load_schema
from tests.support.accounts import member, signed_in, with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(db):
    owner = member("olivia")
    mine = create_project(name="Mine", slug="mine", schema=demo_schema(), actor=owner)
    viewed = create_project(name="Viewed", slug="viewed", schema=demo_schema(), actor=owner)
    hidden = create_project(name="Hidden", slug="hidden", schema=demo_schema(), actor=owner)
    return mine, viewed, hidden


def _as(user) -> Client:
    return signed_in(Client(), user)


def test_the_import_form_lists_only_the_projects_one_may_replace(projects):
    mine, viewed, hidden = projects
    ada = with_role(mine, "editor", "ada")
    with_role(viewed, "viewer", "ada")
    page = _as(ada).get(reverse("designer:import")).content.decode()
    assert f'value="{mine.pk}"' in page
    assert f'value="{viewed.pk}"' not in page and f'value="{hidden.pk}"' not in page


def test_a_project_one_may_not_replace_is_refused(projects):
    _, viewed, _ = projects
    ada = with_role(viewed, "viewer", "ada")
    client = _as(ada)
    response = client.post(
        reverse("designer:import"),
        {"source": "paste", "sql": "CREATE TABLE t (id int PRIMARY KEY);", "target": "replace",
         "project": viewed.pk, "name": ""},
    )  # fmt: skip
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert [t.name for t in load_schema(viewed).tables] == ["users", "todos"]


def test_a_role_lost_between_preview_and_confirmation_is_refused(projects):
    mine, _, _ = projects
    ada = with_role(mine, "editor", "ada")
    client = _as(ada)
    response = client.post(
        reverse("designer:import"),
        {"source": "paste", "sql": "CREATE TABLE t (id int PRIMARY KEY);", "target": "replace",
         "project": mine.pk, "name": ""},
    )  # fmt: skip
    preview = response["Location"]
    Membership.objects.filter(project=mine, user=ada).update(role="viewer")
    assert client.post(preview, {"confirm_replace": "on"}).status_code == 403
    assert [t.name for t in load_schema(mine).tables] == ["users", "todos"]


@pytest.mark.parametrize(("role", "status"), [("reviewer", 403), ("viewer", 403)])
def test_only_owners_and_editors_read_a_live_database_into_a_project(projects, role, status):
    mine, _, _ = projects
    client = _as(with_role(mine, role, "ada"))
    url = reverse("designer:drift_start", args=[mine.slug])
    assert client.get(url).status_code == status
    assert client.post(url, {"url": "postgresql://x@127.0.0.1/db"}).status_code == status
    editor = _as(with_role(mine, "editor", "eddie"))
    assert editor.get(url).status_code == 200


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "/ok/"])
def test_a_posted_next_never_leads_off_the_site(projects, next_url):
    mine, _, _ = projects
    client = _as(with_role(mine, "editor", "eddie"))
    enum = reverse("designer:enum_create", args=[mine.slug])
    response = client.post(enum, {"name": "state", "values_text": "a\nb", "next": next_url})
    assert response.status_code == 302
    location = response["Location"]
    assert "evil.example" not in location
    if next_url == "/ok/":
        assert location == "/ok/"
    undo = reverse("designer:undo", args=[mine.slug])
    response = client.post(undo, {"next": next_url, "revision": "0"})
    assert "evil.example" not in response.get("Location", "")
