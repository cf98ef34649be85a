import pytest
from django.urls import reverse

from designer import models
from designer.store import load_schema

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_demo(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Todo app (demo)" in response.content
    assert reverse("designer:project", args=["demo"]).encode() in response.content


def test_creating_a_project_derives_a_free_slug(client, demo):
    response = client.post("/", {"name": "Demo", "pg_version": 16, "key_strategy": "identity"})
    project = models.Project.objects.exclude(pk=demo.pk).get()
    assert project.slug == "demo-2"
    assert project.key_strategy == "identity" and project.pg_version == 16
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()


def test_a_bad_project_form_keeps_what_was_typed(client):
    response = client.post("/", {"name": "   ", "slug": "bad slug!", "pg_version": 99})
    assert response.status_code == 200
    text = response.content.decode()
    assert "This field is required." in text
    assert 'value="bad slug!"' in text
    assert models.Project.objects.count() == 0


def test_rename_with_htmx_returns_the_card(client, demo, hx):
    url = reverse("designer:project_rename", args=["demo"])
    response = client.post(url, {"name": "Todos"}, **hx)
    assert response.status_code == 200
    assert b"Todos" in response.content and b"<html" not in response.content
    demo.refresh_from_db()
    assert demo.name == "Todos"


def test_rename_without_javascript_redirects(client, demo):
    response = client.post(reverse("designer:project_rename", args=["demo"]), {"name": "Todos"})
    assert response.status_code == 302


def test_duplicate_copies_the_schema_with_new_ids(client, demo):
    url = reverse("designer:project_duplicate", args=["demo"])
    response = client.post(url, {"name": "Copy", "slug": "copy"})
    copy = models.Project.objects.get(slug="copy")
    assert response["Location"] == copy.get_absolute_url()
    original, duplicate = load_schema(demo), load_schema(copy)
    assert [t.name for t in duplicate.tables] == [t.name for t in original.tables]
    assert duplicate.tables[0].id != original.tables[0].id


def test_duplicate_refuses_a_taken_slug(client, demo):
    response = client.post(
        reverse("designer:project_duplicate", args=["demo"]), {"name": "X", "slug": "demo"}
    )
    assert response.status_code == 200
    assert "exists already" in response.content.decode()


def test_delete_asks_first_then_deletes(client, demo):
    url = reverse("designer:project_delete", args=["demo"])
    assert b"cannot be undone" in client.get(url).content
    assert models.Project.objects.filter(slug="demo").exists()
    client.post(url)
    assert not models.Project.objects.filter(slug="demo").exists()
    assert models.Field.objects.count() == 0


def test_settings_change_the_key_strategy_for_new_entities(client, demo):
    url = reverse("designer:project_settings", args=["demo"])
    client.post(
        url,
        {
            "name": demo.name,
            "pg_version": 15,
            "key_strategy": "identity",
            "timestamps_default": "",
            "review_profile": "relaxed",
        },
    )
    demo.refresh_from_db()
    assert demo.key_strategy == "identity" and not demo.timestamps_default
    assert demo.review_profile == "relaxed"


def test_user_text_is_escaped(client):
    project = models.Project.objects.create(name="<script>alert(1)</script>", slug="x")
    for url in ["/", project.get_absolute_url(), reverse("designer:project_settings", args=["x"])]:
        response = client.get(url)
        assert b"<script>alert(1)</script>" not in response.content
        assert b"&lt;script&gt;" in response.content


def test_an_unknown_project_is_404(client):
    assert client.get("/projects/nope/").status_code == 404


def test_settings_keep_the_extensions(client, demo):
    url = reverse("designer:project_settings", args=["demo"])
    data = {"name": demo.name, "pg_version": 15, "key_strategy": "uuid", "review_profile": "strict"}
    response = client.post(url, {**data, "extensions_text": "btree_gist, pg_trgm, btree_gist"})
    assert "An extension is listed twice." in response.content.decode()
    client.post(url, {**data, "extensions_text": "btree_gist, pg_trgm"})
    demo.refresh_from_db()
    assert demo.extensions == ["btree_gist", "pg_trgm"]
    assert load_schema(demo).extensions == ("btree_gist", "pg_trgm")
