"""The schema document as a page, and the design review inside the document."""

import pytest
from django.urls import reverse

from designer.operations import EditEntity, Suppress
from designer.services.review import review
from designer.views.document import render_markdown
from tests.support.edits import change
from tests.views.test_review import make_flawed

pytestmark = pytest.mark.django_db


def test_the_document_page_shows_the_ten_sections(client, demo):
    response = client.get(reverse("designer:document", args=["demo"]))
    assert response.status_code == 200
    text = response.content.decode()
    for number in range(1, 11):
        assert f'id="section-{number}"' in text
    assert "<table>" in text and 'class="highlight"' in text
    assert 'class="doc-diagram"' in text and "erDiagram" in text
    assert "Design review" in text and "no open finding" in text


def test_user_text_cannot_inject_markup(client, demo):
    users = demo.entities.get(name="users")
    description = '<img src=x onerror="alert(1)"> | **bold** `code` ```'
    change(demo, EditEntity(str(users.id), {"description": description}))
    text = client.get(reverse("designer:document", args=["demo"])).content.decode()
    assert "<img" not in text  # shown as text, never as an element
    assert '&lt;img src=x onerror="alert(1)"&gt;' in text


def test_raw_html_in_markdown_is_sanitised():
    html = render_markdown('<script>alert(1)</script>\n\n<a href="javascript:alert(1)">x</a>')
    assert "<script" not in html and "javascript:" not in html


def test_a_longer_fence_still_draws_the_diagram():
    html = render_markdown("````mermaid\nerDiagram\n    a { text `x` }\n````\n")
    assert 'class="doc-diagram"' in html and "erDiagram" in html


def test_the_document_lists_open_and_suppressed_findings(client, demo):
    make_flawed(demo)
    finding = next(f for f in review(demo).open if f.rule == "fk-no-on-delete")
    change(demo, Suppress(finding.rule, finding.target.key, "Handled by the API"))
    markdown = client.get(reverse("designer:export", args=["demo", "markdown"])).content.decode()
    review_part = markdown.split("### Design review", 1)[1]
    assert "`fk-unindexed`" in review_part
    assert "Handled by the API" in review_part and "Accepted on purpose (1)" in review_part
