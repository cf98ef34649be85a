"""The schema document as a page, and the design review inside the document."""

import html
import re

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.operations import EditEntity, Suppress
from designer.services.review import review
from designer.views import document as document_view
from designer.views.document import render_markdown, split_markdown
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


# -- a long document is shown in parts ------------------------------------------------------


def _blocks():
    paragraph = st.text("abc xyz", min_size=1, max_size=80).map(lambda t: t.strip() or "p")
    code = st.lists(st.text("sel ct;", min_size=0, max_size=40), max_size=30).map(
        lambda lines: "```sql\n" + "\n".join(lines) + "\n```"
    )
    diagram = st.integers(1, 30).map(
        lambda n: (
            "```mermaid\nerDiagram\n" + "\n".join(f"    t{i} {{ }}" for i in range(n)) + "\n```"
        )
    )
    table = st.integers(1, 40).map(
        lambda rows: "| a | b |\n|---|---|\n" + "\n".join(f"| {r} | x |" for r in range(rows))
    )
    heading = st.text("abc", min_size=1, max_size=10).map(lambda t: f"### {t}")
    return st.lists(st.one_of(paragraph, code, diagram, table, heading), max_size=40)


def _fences_balanced(piece: str) -> bool:
    return sum(1 for line in piece.split("\n") if line.startswith("```")) % 2 == 0


@settings(max_examples=150, deadline=None)
@given(blocks=_blocks(), budget=st.integers(40, 400))
def test_a_long_text_is_cut_between_blocks_into_pieces_that_render_alone(blocks, budget):
    text = "\n\n".join(blocks)
    pieces = split_markdown(text, budget)
    for piece in pieces:
        assert _fences_balanced(piece)
        diagrams = piece.count("```mermaid")
        assert diagrams == 0 or "erDiagram" in piece
        # At most three budgets (a block that could not be cut sooner), plus one line.
        longest_line = max(len(line) for line in _diagrams_kept(text, budget).split("\n"))
        assert len(piece) <= 4 * budget + longest_line + 10 or "```mermaid" in piece
    # Nothing is lost: every line is in some piece, in order (cuts add fence and table
    # header lines, and drop the blank line they are made at).
    kept = [line for piece in pieces for line in piece.split("\n") if line.strip()]
    wanted = [line for line in _diagrams_kept(text, budget).split("\n") if line.strip()]
    iterator = iter(kept)
    assert all(any(line == got for got in iterator) for line in wanted)


def _diagrams_kept(text: str, budget: int) -> str:
    from designer.views.document import _without_huge_diagrams

    return _without_huge_diagrams(text, budget)


def test_a_long_code_block_is_closed_and_opened_again():
    text = "```sql\n" + "\n".join(f"SELECT {n};" for n in range(200)) + "\n```"
    pieces = split_markdown(text, 100)
    assert len(pieces) > 3
    assert all(p.startswith("```sql") and p.endswith("```") for p in pieces)


def test_a_long_table_repeats_its_header():
    text = "| column | type |\n|---|---|\n" + "\n".join(f"| c{n} | text |" for n in range(300))
    pieces = split_markdown(text, 200)
    assert len(pieces) > 3
    assert all(p.startswith("| column | type |\n|---|---|\n") for p in pieces)


def test_a_diagram_longer_than_a_part_is_replaced_by_a_note():
    diagram = "```mermaid\nerDiagram\n" + "\n".join(f"    t{n} {{ }}" for n in range(100)) + "\n```"
    (piece,) = split_markdown(f"Intro.\n\n{diagram}\n\nAfter.", 200)
    assert "erDiagram" not in piece and "too large to draw" in piece and "After." in piece


def test_a_long_document_is_shown_in_parts_that_hold_all_of_it(client, demo, monkeypatch):
    monkeypatch.setattr(document_view, "PART_CHARACTERS", 2_000)
    page = client.get(reverse("designer:document", args=["demo"]))
    text = page.content.decode()
    count = int(re.search(r"shown in (\d+) parts", text).group(1))
    assert count > 5 and 'rel="next" href="?part=2"' in text and 'rel="prev"' not in text
    for number in range(1, 11):  # the contents name every section, wherever it is
        assert f'#section-{number}"' in text
    whole = ""
    for number in range(1, count + 1):
        response = client.get(reverse("designer:document", args=["demo"]), {"part": number})
        assert response.status_code == 200
        whole += response.content.decode()
    assert f"Part {count} of {count}" in whole
    shown = html.unescape(re.sub(r"<[^>]+>", "", whole))  # (highlighting splits the code)
    for text in ("CREATE TABLE users", "CREATE TABLE todos", "class Todo(", "Design review"):
        assert text in shown


@pytest.mark.parametrize("part", ["0", "-1", "x", "99999", "1" * 50, ""])
def test_a_part_that_does_not_exist_is_not_found(client, demo, monkeypatch, part):
    monkeypatch.setattr(document_view, "PART_CHARACTERS", 2_000)
    response = client.get(reverse("designer:document", args=["demo"]), {"part": part})
    assert response.status_code == 404
