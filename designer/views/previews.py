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

try:  # the saved diagram views (designer.schema.diagram_views), when they are there
    from ..schema.diagram_views import subset as view_subset
except ImportError:  # pragma: no cover - before the diagram views exist
    view_subset = None

MAX_VIEW_ID = 100  # characters of a diagram view's id kept (it is part of a cache key)

_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)


def _table(schema: Schema, table_id: str | None) -> Table | None:
    return next((table for table in schema.tables if table.id == table_id), None)


def _entity(request: HttpRequest) -> str | None:
    """The ``entity`` asked for, when it is an id (it is part of a cache key)."""
    try:
        return str(uuid.UUID(request.GET.get("entity", "")))
    except ValueError:
        return None


def _detail(request: HttpRequest) -> str:
    """The detail level asked for; anything else is all columns."""
    detail = request.GET.get("detail", "")
    return detail if detail in mermaid.DETAIL_LEVELS else "all"


def _drawn(schema: Schema, view_id: str) -> Schema:
    """The schema reduced to a saved diagram view's tables (the whole of it without a
    view, or for a view that is not there)."""
    if not view_id or view_subset is None:
        return schema
    reduced = view_subset(schema, view_id)
    return schema if reduced is None else reduced


def _diagram(
    schema: Schema, entity_id: str | None, entities_url: str, detail: str, view_id: str
) -> dict:
    """The diagram's Mermaid text -- whole, of a saved view, or around one entity (in the
    view) -- where each entity leads, and the names the diagram's search box offers.

    The search offers every entity of the schema: one that is not drawn (outside the
    view) has no Mermaid id and is only opened in the panel."""
    drawn = _drawn(schema, view_id)
    focused = _table(drawn, entity_id) if entity_id else None
    options = mermaid.MermaidOptions(focus=focused.qname if focused else None, detail=detail)
    ids = mermaid.entity_ids(drawn)
    return {
        "text": mermaid.generate(drawn, options),
        "links": {ids[table.qname]: f"{entities_url}{table.id}/" for table in drawn.tables},
        "names": [_search_entry(table, ids, entities_url) for table in schema.tables],
        "focused": focused.name if focused else "",
        "table_count": len(drawn.tables),
    }


def _search_entry(table: Table, ids: dict, entities_url: str) -> dict:
    """What the diagram's search box knows of an entity: its name, its Mermaid id (empty
    when it is not drawn) and its URL."""
    url = f"{entities_url}{table.id}/"
    return {"name": str(table.qname), "entity": ids.get(table.qname, ""), "url": url}


@shareable
@require_GET
def erd(request: HttpRequest, slug: str) -> HttpResponse:
    """The diagram's Mermaid text: whole or of a saved view (``view``), around the current
    entity or not (``focus``), with all columns, the keys or the names (``detail``)."""
    project = get_project(request, slug, need=READ)
    entity_id = _entity(request) if request.GET.get("focus") else None
    entities_url = reverse("designer:entity_list", args=[project.slug])
    detail = _detail(request)
    view_id = request.GET.get("view", "")[:MAX_VIEW_ID] if view_subset is not None else ""
    diagram = generated(
        project, "erd", lambda schema: _diagram(schema, entity_id, entities_url, detail, view_id),
        entity_id, entities_url, detail, view_id,
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
