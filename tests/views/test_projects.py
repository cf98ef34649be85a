import pytest
from django.urls import reverse

from designer import models
from designer.demo import demo_schema
from designer.store import save_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    project = models.Project.objects.create(name="Todo app (demo)", slug="demo")
    save_schema(project, demo_schema())
    return project


def test_the_home_page_lists_the_demo(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Todo app (demo)" in response.content
    assert reverse("designer:project", args=["demo"]).encode() in response.content


def test_the_project_page_shows_tables_and_columns(client, demo):
    response = client.get(reverse("designer:project", args=["demo"]))
    assert response.status_code == 200
    text = response.content.decode()
    for expected in ["users", "todos", "password_hash", "varchar(255)", "gen_random_uuid()"]:
        assert expected in text


def test_user_text_is_escaped(client):
    project = models.Project.objects.create(name="<script>alert(1)</script>", slug="x")
    response = client.get("/")
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content
    response = client.get(project.get_absolute_url())
    assert b"<script>alert(1)</script>" not in response.content


def test_an_unknown_project_is_404(client):
    assert client.get("/projects/nope/").status_code == 404
