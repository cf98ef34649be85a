"""The live side panel: the ERD's Mermaid text and the highlighted DDL / SQLModel previews."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PostgresLexer, PythonLexer

from ..access import get_project
from ..generators import ddl, mermaid, sqlmodel
from ..schema.model import Schema, Table
from ..store import current_schema

_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)


def _table(schema: Schema, table_id: str | None) -> Table | None:
    return next((table for table in schema.tables if table.id == table_id), None)


@require_GET
def erd(request: HttpRequest, slug: str) -> HttpResponse:
    """The diagram's Mermaid text, whole or around the current entity (focus mode)."""
    project = get_project(request, slug)
    schema = current_schema(project)
    focused = _table(schema, request.GET.get("entity")) if request.GET.get("focus") else None
    options = mermaid.MermaidOptions(focus=focused.qname if focused else None)
    ids = mermaid.entity_ids(schema)
    links = {
        ids[table.qname]: reverse("designer:entity", args=[project.slug, table.id])
        for table in schema.tables
    }
    context = {
        "project": project,
        "text": mermaid.generate(schema, options),
        "links": links,
        "focused": focused,
        "table_count": len(schema.tables),
    }
    return render(request, "designer/partials/erd_source.html", context)


@require_GET
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The DDL or SQLModel code of the current entity or of the whole schema, highlighted."""
    project = get_project(request, slug)
    schema = current_schema(project)
    language = "sqlmodel" if request.GET.get("format") == "sqlmodel" else "ddl"
    table = (
        _table(schema, request.GET.get("entity")) if request.GET.get("scope") != "schema" else None
    )
    if language == "ddl":
        text = ddl.table_block(schema, table) if table else ddl.generate(schema)
        lexer = PostgresLexer()
    else:
        text = sqlmodel.entity_source(schema, table) if table else sqlmodel.generate(schema)
        lexer = PythonLexer()
    context = {
        "project": project,
        "text": text,
        "html": highlight(text, lexer, _FORMATTER),
        "language": language,
        "table": table,
    }
    return render(request, "designer/partials/preview.html", context)
