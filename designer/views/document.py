"""The schema document as a page: the Markdown deliverable rendered for review and print.

The Markdown comes from ``designer.generators.document`` (the same text as the
``DATABASE_SCHEMA.md`` download); Python-Markdown renders it, Pygments highlights the
SQL and Python, the Mermaid block becomes a diagram the vendored Mermaid draws, and the
resulting HTML is sanitised (nh3) so that nothing a user typed can become markup. The
HTML of a revision is made once per process (``designer.artifact_cache``).
``render_document`` draws the page of the project's design and of a saved version's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from html import escape
from typing import Any

import markdown
import nh3
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from ..access import READ, get_project, shareable
from ..artifact_cache import findings, generated
from ..generators import document
from ..lint.findings import Finding
from ..models import Version
from ..schema.model import Schema
from ..services.migrations import previous_design, previous_version

# The fence may be longer than three backticks when the diagram holds a run of them.
_MERMAID = re.compile(r"^(`{3,})mermaid\n(.*?)\n\1$", re.MULTILINE | re.DOTALL)
_EXTENSIONS = ["tables", "fenced_code", "codehilite", "toc", "sane_lists"]
_EXTENSION_CONFIGS = {
    "codehilite": {"css_class": "highlight", "guess_lang": False},
    "toc": {"permalink": False},
}
_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr",
    "th", "td", "pre", "code", "span", "div", "strong", "em", "a", "br", "hr",
    "blockquote",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"class", "id"},
    "a": {"href", "title"},
    "th": {"align", "style"},
    "td": {"align", "style"},
}


def render_markdown(text: str) -> str:
    """Markdown as safe HTML, with Mermaid blocks kept for the browser to draw."""
    diagrams: list[str] = []

    def keep(match: re.Match) -> str:
        diagrams.append(match.group(2))
        return f"\n\nMERMAID-DIAGRAM-{len(diagrams) - 1}\n\n"

    source = _MERMAID.sub(keep, text)
    html = markdown.markdown(
        source, extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS, output_format="html"
    )
    html = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, link_rel=None)
    for number, diagram in enumerate(diagrams):
        block = (
            f'<div class="doc-diagram"><pre class="mermaid-source">{escape(diagram)}</pre>'
            '<div class="doc-diagram-canvas"></div></div>'
        )
        html = html.replace(f"<p>MERMAID-DIAGRAM-{number}</p>", block)
    return html


# --- a long document in parts --------------------------------------------------------------
#
# The document grows with the design (a 500-table design writes 20 MB of HTML, which took
# 11 s to render), so the page is bounded: a document of up to PART_CHARACTERS of
# Markdown is one page, as before; a longer one is shown in parts of about that size,
# each rendered on its own (and kept per revision), with the contents of the whole and
# links from part to part. The download is always the whole document.

PART_CHARACTERS = 60_000  # of Markdown, cut at a heading: about 1 MB of HTML at most
_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")


@dataclass(frozen=True)
class Part:
    """A piece of the document shown on one page: (part of) one section."""

    section: int  # 1-based
    heading: str
    markdown: str  # with its heading ("## Tables", or "## Tables (continued)")


@dataclass(frozen=True)
class Outline:
    title: str  # Markdown
    parts: tuple[Part, ...]

    @property
    def sections(self) -> list[tuple[int, str, int]]:
        """(section number, heading, number of its first part), in order."""
        firsts: dict[int, tuple[str, int]] = {}
        for number, part in enumerate(self.parts, start=1):
            firsts.setdefault(part.section, (part.heading, number))
        return [(section, heading, first) for section, (heading, first) in firsts.items()]


def split_markdown(text: str, budget: int) -> list[str]:
    """``text`` in pieces of about ``budget`` characters: cut before a heading (a table's
    part of the document starts with its own), else between blocks once a piece is
    twice the budget; a code block or a table three times the budget is cut too (the
    fence closed and opened again, the table's header repeated). A Mermaid block is
    never cut (a cut diagram does not draw): one longer than the budget is replaced by
    a note."""
    pieces: list[str] = []
    lines: list[str] = []
    size = 0
    fence: tuple[str, str] | None = None  # (the fence, its info string) while inside one
    table_header: list[str] = []

    def cut(reopen: list[str]) -> None:
        nonlocal lines, size
        if lines:
            pieces.append("\n".join(lines))
        lines = list(reopen)
        size = sum(len(line) + 1 for line in lines)

    for line in _without_huge_diagrams(text, budget).split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = (match.group(1), match.group(2))
        elif fence is not None and line.strip() == fence[0]:
            fence = None
        elif fence is not None and size > 3 * budget and fence[1].strip() != "mermaid":
            lines.append(fence[0])
            cut([fence[0] + fence[1]])
        elif fence is None:
            if line.startswith("|"):
                if not table_header or not (lines and lines[-1].startswith("|")):
                    table_header = [line]
                elif len(table_header) == 1:
                    table_header.append(line)
                elif size > 3 * budget:
                    cut(table_header)
            elif line.startswith("#") and size >= budget:
                cut([])
            elif not line.strip() and size >= 2 * budget:
                cut([])
                continue
        lines.append(line)
        size += len(line) + 1
    cut([])
    return [piece for piece in pieces if piece.strip()] or [""]


def _without_huge_diagrams(text: str, budget: int) -> str:
    def keep(match: re.Match) -> str:
        if len(match.group(0)) <= budget:
            return match.group(0)
        return (
            "*The diagram is too large to draw on this page: the editor's diagram shows it "
            "with a focus on one entity, and the Export menu downloads it (`erd.mmd`).*"
        )

    return _MERMAID.sub(keep, text)


def _outline(schema: Schema, reviewed: tuple[Finding, ...], previous) -> Outline:
    """The document cut into parts of about ``PART_CHARACTERS`` each."""
    options = document.DocumentOptions(findings=reviewed, previous=previous)
    built = document.build(schema, options)
    parts = []
    for number, (heading, body) in enumerate(built.sections, start=1):
        for piece, text in enumerate(split_markdown(body, PART_CHARACTERS)):
            shown = heading if piece == 0 else f"{heading} (continued)"
            parts.append(Part(number, heading, f"## {shown}\n\n{text}"))
    return Outline(built.title, tuple(parts))


def _part_number(request: HttpRequest, count: int) -> int | None:
    """The part the request asks for (1 when none); None when there is no such part."""
    raw = request.GET.get("part", "1")
    if not raw.isdigit() or len(raw) > 6:
        return None
    number = int(raw)
    return number if 1 <= number <= count else None


# (kind, make, *options) -> make(schema) of one design, kept by its revision: the
# project's (artifact_cache.generated) or a version's (artifact_cache.generated_at).
Generate = Callable[..., Any]


@shareable
@require_GET
def document_page(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug, need=READ)
    return render_document(
        request,
        partial(generated, project),
        partial(findings, project),
        {"project": project, "download": reverse("designer:export", args=[slug, "markdown"])},
        previous_version(project, project.revision),
    )


def render_document(
    request: HttpRequest,
    generate: Generate,
    review: Callable[[Schema], tuple[Finding, ...]],
    context: dict[str, Any],
    prior: Version | None = None,
) -> HttpResponse:
    """The document page of one design: the project's or a version's. ``generate`` makes
    and keeps what the page shows for the design's revision, ``review`` gives the design
    review of its schema; ``context`` holds the project, the Markdown download's URL and,
    for a version, the version; ``prior`` is the version the design migrates from
    (section 7 shows that migration)."""
    key = prior.name if prior else ""
    outline = generate(
        "document-outline",
        lambda schema: _outline(schema, review(schema), previous_design(prior)),
        key,
    )
    context = {**context, "sections": outline.sections}
    if sum(len(part.markdown) for part in outline.parts) <= PART_CHARACTERS:
        context["parts"] = [
            (part.section, mark_safe(html))  # through nh3 (render_markdown)
            for part, html in zip(
                outline.parts,
                generate("document-page", lambda _: _rendered(outline.parts), key),
                strict=True,
            )
        ]
    else:
        number = _part_number(request, len(outline.parts))
        if number is None:
            raise Http404("The document has no such part.")
        part = outline.parts[number - 1]
        html = generate("document-part", lambda _: _rendered([part])[0], number, key)
        context |= {
            "parts": [(part.section, mark_safe(html))],
            "part": number,
            "part_count": len(outline.parts),
            "shown_section": part.section,
        }
    context["title"] = mark_safe(render_markdown(outline.title))
    return render(request, "designer/document.html", context)


def _rendered(parts) -> tuple[str, ...]:
    return tuple(render_markdown(part.markdown) for part in parts)
