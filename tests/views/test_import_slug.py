"""The Import preview proposes a slug no project has, and counts in the right number."""

import html

import pytest
from django.urls import reverse

from designer import models
from designer.demo import demo_schema
from designer.forms import free_slug
from designer.importers.summary import ImportSummary
from designer.services.edits import create_project

pytestmark = pytest.mark.django_db

ONE_OF_EACH = """
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE shop (id bigint PRIMARY KEY, code text UNIQUE, mood mood, CHECK (id > 0));
CREATE INDEX shop_mood_idx ON shop (mood);
"""


def _preview(client, sql: str, name: str = "shop"):
    data = {"target": "new", "source": "paste", "sql": sql, "name": name}
    response = client.post(reverse("designer:import"), data)
    assert response.status_code == 302
    return response["Location"]


def _slug_proposed(text: str) -> str:
    start = text.index('name="slug"')
    value = text.index('value="', start) + len('value="')
    return text[value : text.index('"', value)]


def test_free_slug_counts_up_past_the_slugs_taken():
    assert free_slug("Shop") == "shop"
    for slug in ("shop", "shop-2"):
        create_project(name=slug, slug=slug, schema=demo_schema())
    assert free_slug("Shop") == "shop-3"
    assert free_slug("!!!", fallback="imported") == "imported"


def test_a_long_name_keeps_its_suffix_within_the_slug_length():
    long = "s" * 100
    create_project(name="long", slug=long, schema=demo_schema())
    assert free_slug(long) == "s" * 98 + "-2"


def test_the_preview_proposes_a_free_slug_and_takes_it(client):
    create_project(name="Shop", slug="shop", schema=demo_schema())
    url = _preview(client, ONE_OF_EACH)
    text = html.unescape(client.get(url).content.decode())
    assert _slug_proposed(text) == "shop-2"
    response = client.post(url, {"slug": "shop-2"})
    assert response.status_code == 302
    assert models.Project.objects.filter(slug="shop-2").exists()


def test_an_empty_slug_takes_a_free_one_and_a_taken_one_is_still_refused(client):
    create_project(name="Shop", slug="shop", schema=demo_schema())
    url = _preview(client, ONE_OF_EACH)
    refused = html.unescape(client.post(url, {"slug": "shop"}).content.decode())
    assert "A project with the slug “shop” exists; choose another." in refused
    assert client.post(url, {"slug": ""}).status_code == 302
    assert models.Project.objects.filter(slug="shop-2").exists()


def test_a_slug_taken_while_saving_in_the_background_proposes_the_next(client):
    create_project(name="Shop", slug="shop", schema=demo_schema())
    url = _preview(client, ONE_OF_EACH)
    models.ImportDraft.objects.update(slug="shop", in_background=False)
    text = html.unescape(client.get(url).content.decode())
    assert _slug_proposed(text) == "shop-2"


def test_counts_are_in_the_right_number(client):
    text = html.unescape(client.get(_preview(client, ONE_OF_EACH)).content.decode())
    for count in (
        "1</strong> table<",
        "3</strong> columns<",
        "1</strong> index<",
        "1</strong> unique constraint<",
        "1</strong> check constraint<",
        "1</strong> enum type<",
        "0</strong> foreign keys<",
    ):
        assert count in text
    assert "1 indexes" not in text and "1 tables" not in text
    assert "The 1 table</summary>" in text
    assert "imported: 1 table, 3 columns, 0 foreign keys, 1 index," in text


def test_one_more_warning_is_singular():
    summary = ImportSummary()
    for n in range(3):
        summary.warn(f"w{n}")
    assert summary.lines(limit=2)[-1] == "warning: … and 1 more warning"
    summary.warn("w3")
    assert summary.lines(limit=2)[-1] == "warning: … and 2 more warnings"
