"""The live side panel: the ERD's Mermaid text and the highlighted DDL / SQLModel previews.

Both are made once per revision, entity and option in each process
(``designer.artifact_cache``): the panel refreshes after every change, in every open
editor.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PostgresLexer, PythonLexer

from ..access import READ, get_project, shareable
from ..artifact_cache import generated
from ..generators import ddl, mermaid, sqlmodel
from ..schema.model import Schema, Table

_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)


def _table(schema: Schema, table_id: str | None) -> Table | None:
    return next((table for table in schema.tables if table.id == table_id), None)


def _entity(request: HttpRequest) -> str | None:
    """The ``entity`` asked for, when it is an id (it is part of a cache key)."""
    try:
        return str(uuid.UUID(request.GET.get("entity", "")))
    except ValueError:
        return None


def _diagram(schema: Schema, entity_id: str | None, entities_url: str) -> dict:
    """The diagram's Mermaid text, whole or around one entity, and where each entity leads."""
    focused = _table(schema, entity_id) if entity_id else None
    options = mermaid.MermaidOptions(focus=focused.qname if focused else None)
    ids = mermaid.entity_ids(schema)
    return {
        "text": mermaid.generate(schema, options),
        "links": {ids[table.qname]: f"{entities_url}{table.id}/" for table in schema.tables},
        "focused": focused.name if focused else "",
        "table_count": len(schema.tables),
    }


@shareable
@require_GET
def erd(request: HttpRequest, slug: str) -> HttpResponse:
    """The diagram's Mermaid text, whole or around the current entity (focus mode)."""
    project = get_project(request, slug, need=READ)
    entity_id = _entity(request) if request.GET.get("focus") else None
    entities_url = reverse("designer:entity_list", args=[project.slug])
    diagram = generated(
        project, "erd", lambda schema: _diagram(schema, entity_id, entities_url),
        entity_id, entities_url,
    )  # fmt: skip
    return render(request, "designer/partials/erd_source.html", {"project": project, **diagram})


def _code(schema: Schema, language: str, table_id: str | None) -> dict:
    table = _table(schema, table_id) if table_id else None
    if language == "ddl":
        text = ddl.table_block(schema, table) if table else ddl.generate(schema)
        lexer = PostgresLexer()
    else:
        text = sqlmodel.entity_source(schema, table) if table else sqlmodel.generate(schema)
        lexer = PythonLexer()
    return {
        "text": text,
        "html": highlight(text, lexer, _FORMATTER),
        "table": table.name if table else "",
    }


@shareable
@require_GET
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The DDL or SQLModel code of the current entity or of the whole schema, highlighted."""
    project = get_project(request, slug, need=READ)
    language = "sqlmodel" if request.GET.get("format") == "sqlmodel" else "ddl"
    table_id = _entity(request) if request.GET.get("scope") != "schema" else None
    code = generated(
        project, "preview", lambda schema: _code(schema, language, table_id), language, table_id
    )
    context = {"project": project, "language": language, **code}
    return render(request, "designer/partials/preview.html", context)
