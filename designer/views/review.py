"""The design review in the editor: the findings panel, one-click fixes, suppressions."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from ..access import get_project
from ..models import Project, Suppression
from ..services.review import ReviewError, fix, review, suppress

PANEL = "designer/partials/review_panel.html"


def _context(project: Project, **extra) -> dict:
    current = review(project)
    entity_urls = {
        table.id: reverse("designer:entity", args=[project.slug, table.id])
        for table in current.schema.tables
    }
    groups: dict[str | None, list] = defaultdict(list)
    badges_by_entity: dict[str, Counter] = defaultdict(Counter)
    badges_by_column: dict[str, list[dict]] = defaultdict(list)
    for finding in current.open:
        target = finding.target
        anchor = f"#field-{target.columns[0]}" if target.columns else ""
        groups[finding.table].append(
            {
                "finding": finding,
                "url": entity_urls.get(target.table, "") + anchor if target.table else "",
                "fixes": [(n, item.label) for n, item in enumerate(finding.auto_fixes)],
            }
        )
        if target.table:
            badges_by_entity[target.table][finding.severity.value] += 1
        for column in target.columns:
            badges_by_column[column].append(
                {"severity": finding.severity.value, "message": finding.message}
            )
    records = {(s.rule, s.target): s for s in project.suppressions.all()}
    suppressed = [
        {"finding": finding, "record": records.get(finding.key)} for finding in current.suppressed
    ]
    counts = Counter(finding.severity.value for finding in current.open)
    return {
        "project": project,
        "groups": list(groups.items()),
        "suppressed": suppressed,
        "counts": counts,
        "open_count": len(current.open),
        "badges": {
            "entities": {key: dict(value) for key, value in badges_by_entity.items()},
            "columns": dict(badges_by_column),
        },
        **extra,
    }


@require_GET
def review_panel(request: HttpRequest, slug: str) -> HttpResponse:
    """The findings: the side panel's partial for htmx, a page of its own otherwise."""
    project = get_project(request, slug)
    if request.htmx:
        return render(request, f"{PANEL}#panel", _context(project))
    return render(request, "designer/review.html", _context(project))


def _after(request: HttpRequest, project: Project, message: str, *events: str) -> HttpResponse:
    if request.htmx:
        response = render(request, f"{PANEL}#panel", _context(project, notice=message))
        for event in events:
            trigger_client_event(response, event)
        return response
    messages.success(request, message)
    return redirect("designer:review", slug=project.slug)


def _problem(request: HttpRequest, project: Project, problem: str) -> HttpResponse:
    if request.htmx:
        return render(request, f"{PANEL}#panel", _context(project, problem=problem))
    messages.error(request, problem)
    return redirect("designer:review", slug=project.slug)


@require_POST
def review_fix(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug)
    try:
        choice = int(request.POST.get("choice", "0"))
        finding = fix(project, request.POST.get("rule", ""), request.POST.get("target", ""), choice)
    except (ValueError, ReviewError) as error:
        return _problem(request, project, str(error))
    label = finding.auto_fixes[choice].label
    return _after(request, project, f"Fixed: {label}.", "schemaChanged", "reviewFixed")


@require_POST
def review_suppress(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        return _problem(request, project, "Say why this finding is accepted.")
    try:
        suppress(project, request.POST.get("rule", ""), request.POST.get("target", ""), reason)
    except ReviewError as error:
        return _problem(request, project, str(error))
    return _after(request, project, "Suppressed; the reason shows in the review.", "reviewChanged")


@require_POST
def review_unsuppress(request: HttpRequest, slug: str, suppression_id) -> HttpResponse:
    project = get_project(request, slug)
    get_object_or_404(Suppression, project=project, pk=suppression_id).delete()
    return _after(request, project, "The finding is open again.", "reviewChanged")
