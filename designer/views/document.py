"""The schema document as a page: the Markdown deliverable rendered for review and print.

The Markdown comes from ``designer.generators.document`` (the same text as the
``DATABASE_SCHEMA.md`` download); Python-Markdown renders it, Pygments highlights the
SQL and Python, the Mermaid block becomes a diagram the vendored Mermaid draws, and the
resulting HTML is sanitised (nh3) so that nothing a user typed can become markup. The
HTML of a revision is made once per process (``designer.artifact_cache``).
"""

from __future__ import annotations

import re
from html import escape

import markdown
import nh3
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from ..access import get_project
from ..artifact_cache import findings, generated
from ..generators import document
from ..models import Project
from ..schema.model import Schema

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


def _page(project: Project, schema: Schema) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The document's title and sections as HTML (what the page shows of a revision)."""
    options = document.DocumentOptions(findings=findings(project, schema))
    built = document.build(schema, options)
    sections = tuple(
        (heading, render_markdown(f"## {heading}\n\n{body}")) for heading, body in built.sections
    )
    return render_markdown(built.title), sections


@require_GET
def document_page(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug)
    title, sections = generated(project, "document-page", lambda schema: _page(project, schema))
    # render_markdown's HTML has been through nh3: only the allowed tags and attributes.
    context = {
        "project": project,
        "title": mark_safe(title),
        "sections": [(heading, mark_safe(html)) for heading, html in sections],
    }
    return render(request, "designer/document.html", context)
