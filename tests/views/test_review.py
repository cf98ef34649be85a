"""The design review in the editor: panel, one-click fixes, suppressions."""

import html
import json
import re

import pytest
from django.urls import reverse

from designer.operations import DeleteConstraint, EditRelationship, Suppress
from designer.schema.model import QName
from designer.services.review import review
from tests.support.edits import change, schema_of

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"designer:{name}", args=args)


def _badges(response) -> dict:
    pattern = r'<script id="review-badges" type="application/json">(.*?)</script>'
    return json.loads(re.search(pattern, response.content.decode()).group(1))


@pytest.fixture
def flawed(demo):
    """The demo with two classic mistakes: an unindexed foreign key, NO ACTION."""
    return make_flawed(demo)


def make_flawed(project):
    schema = schema_of(project)
    todos = schema.table(QName("public", "todos"))
    change(
        project,
        *(DeleteConstraint("index", index.id) for index in todos.indexes),
        EditRelationship(schema.relationships[0].id, {"on_delete": "NO ACTION"}),
    )
    return project


def _open(project):
    return review(project).open


def test_the_demo_has_no_finding(client, demo, hx):
    response = client.get(url("review", "demo"), **hx)
    assert "No open findings" in response.content.decode()
    assert _badges(response) == {"entities": {}, "columns": {}}


def test_the_panel_lists_findings_with_badges_for_entities_and_fields(client, flawed, hx):
    response = client.get(url("review", "demo"), **hx)
    text = html.unescape(response.content.decode())
    assert "fk-unindexed" in text and "fk-no-on-delete" in text
    badges = _badges(response)
    todos = flawed.entities.get(name="todos")
    user_id = todos.fields.get(name="user_id")
    assert str(todos.id) in badges["entities"]
    assert {item["severity"] for item in badges["columns"][str(user_id.id)]} == {"warning"}
    assert 'id="review-count" hx-swap-oob="true"' in text


def test_a_one_click_fix_removes_its_finding(client, flawed, hx):
    finding = next(f for f in _open(flawed) if f.rule == "fk-unindexed")
    response = client.post(
        url("review_fix", "demo"),
        {"rule": finding.rule, "target": finding.target.key, "choice": 0},
        **hx,
    )
    assert response.status_code == 200
    triggers = json.loads(response["HX-Trigger-After-Swap"])
    assert set(triggers) == {"schemaChanged", "reviewFixed"}
    assert "fk-unindexed" not in {f.rule for f in _open(flawed)}
    assert flawed.entities.get(name="todos").indexes.count() == 1


def test_a_stale_fix_is_refused_plainly(client, flawed, hx):
    response = client.post(
        url("review_fix", "demo"),
        {"rule": "fk-unindexed", "target": "table=nope", "choice": 0},
        **hx,
    )
    assert "That finding is gone" in response.content.decode()


def test_a_fix_without_javascript_redirects_to_the_review_page(client, flawed):
    finding = next(f for f in _open(flawed) if f.rule == "fk-no-on-delete")
    response = client.post(
        url("review_fix", "demo"), {"rule": finding.rule, "target": finding.target.key, "choice": 0}
    )
    assert response.status_code == 302 and response["Location"] == url("review", "demo")
    page = client.get(response["Location"])
    assert "Fixed:" in page.content.decode()
    assert flawed.relationships.get().on_delete != "NO ACTION"


def test_suppressing_needs_a_reason_and_shows_it(client, flawed, hx):
    finding = next(f for f in _open(flawed) if f.rule == "fk-no-on-delete")
    data = {"rule": finding.rule, "target": finding.target.key, "reason": ""}
    response = client.post(url("review_suppress", "demo"), data, **hx)
    assert "Say why" in response.content.decode()
    data["reason"] = "Deletes go through the API, which removes todos first."
    response = client.post(url("review_suppress", "demo"), data, **hx)
    text = html.unescape(response.content.decode())
    assert "Accepted because: Deletes go through the API" in text
    assert "fk-no-on-delete" not in {f.rule for f in _open(flawed)}
    assert flawed.suppressions.get().reason.startswith("Deletes go through the API")
    data = {"rule": finding.rule, "target": finding.target.key}
    client.post(url("review_unsuppress", "demo"), data, **hx)
    assert "fk-no-on-delete" in {f.rule for f in _open(flawed)}


def test_the_command_uses_the_projects_profile_and_suppressions(flawed):
    from io import StringIO

    from django.core.management import call_command

    finding = next(f for f in _open(flawed) if f.rule == "fk-no-on-delete")
    change(flawed, Suppress(finding.rule, finding.target.key, "on purpose"))
    out = StringIO()
    call_command("lint_schema", "demo", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    entries = {item["rule"]: item for item in data["findings"]}
    assert entries["fk-no-on-delete"]["suppressed"] == {"reason": "on purpose"}
    assert data["profile"] == "strict"


def test_a_broken_saved_query_links_to_its_page(client, demo, hx):
    from designer.operations import AddQuery

    change(demo, AddQuery(name="Old <list>", sql="SELECT emial FROM users"))
    query = schema_of(demo).queries[-1]
    response = client.get(url("review", "demo"), **hx)
    text = response.content.decode()
    assert "query-broken" in text and "Old &lt;list&gt;" in text
    assert f'href="{url("query", "demo", query.id)}"' in text
    assert "<h3>Saved queries</h3>" in text and "Enum types" not in text
