"""The project list and a project's overview."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from ..models import Project
from ..schema.model import Schema
from ..schema.sqltext import type_sql
from ..store import load_schema


def project_list(request):
    projects = Project.objects.annotate(entity_count=Count("entities")).order_by("name")
    return render(request, "designer/project_list.html", {"projects": projects})


def _table_rows(schema: Schema) -> list[dict]:
    """What the overview shows of each table, computed here rather than in the template."""
    foreign = {(rel.from_table, name) for rel in schema.relationships for name in rel.from_columns}
    tables = []
    for table in schema.tables:
        primary = set(table.primary_key.columns) if table.primary_key else set()
        columns = []
        for column in table.columns:
            keys = [
                label
                for label, present in (
                    ("PK", column.name in primary),
                    ("FK", (table.qname, column.name) in foreign),
                    ("UK", column.unique),
                )
                if present
            ]
            columns.append(
                {
                    "name": column.name,
                    "type": type_sql(column.type),
                    "nullable": column.nullable,
                    "default": column.default,
                    "keys": " ".join(keys),
                    "description": column.description,
                }
            )
        tables.append(
            {
                "name": table.name,
                "label": str(table.qname),
                "description": table.description,
                "columns": columns,
            }
        )
    return tables


def project_detail(request, slug: str):
    project = get_object_or_404(Project, slug=slug)
    schema = load_schema(project)
    context = {"project": project, "schema": schema, "tables": _table_rows(schema)}
    return render(request, "designer/project_detail.html", context)
