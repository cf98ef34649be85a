"""The design review in the editor: the findings panel, one-click fixes, suppressions."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from ..access import EDIT, READ, get_project, shareable
from ..models import Project
from ..operations import ApplyFix, Suppress, Unsuppress
from ..services.review import review
from .changes import apply_posted

PANEL = "designer/partials/review_panel.html"


def _context(project: Project, **extra) -> dict:
    current = review(project)
    entity_urls = {
        table.id: reverse("designer:entity", args=[project.slug, table.id])
        for table in current.schema.tables
    }
    groups: dict[str, list] = defaultdict(list)
    badges_by_entity: dict[str, Counter] = defaultdict(Counter)
    badges_by_column: dict[str, list[dict]] = defaultdict(list)
    for finding in current.open:
        target = finding.target
        anchor = f"#field-{target.columns[0]}" if target.columns else ""
        if target.table:
            url = entity_urls.get(target.table, "") + anchor
        elif target.query:
            url = reverse("designer:query", args=[project.slug, target.query])
        else:
            url = ""
        group = finding.table or ("Saved queries" if target.query else "Enum types")
        groups[group].append(
            {
                "finding": finding,
                "url": url,
                "fixes": [(n, item.label) for n, item in enumerate(finding.auto_fixes)],
            }
        )
        if target.table:
            badges_by_entity[target.table][finding.severity.value] += 1
        for column in target.columns:
            badges_by_column[column].append(
                {"severity": finding.severity.value, "message": finding.message}
            )
    suppressed = [{"finding": finding} for finding in current.suppressed]
    counts = Counter(finding.severity.value for finding in current.open)
    return {
        "project": project,
        "profile": current.schema.review_profile,
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


@shareable
@require_GET
def review_panel(request: HttpRequest, slug: str) -> HttpResponse:
    """The findings: the side panel's partial for htmx, a page of its own otherwise."""
    project = get_project(request, slug, need=READ)
    if request.htmx:
        return render(request, f"{PANEL}#panel", _context(project))
    return render(request, "designer/review.html", _context(project))


def _after(request: HttpRequest, project: Project, message: str, *events: str) -> HttpResponse:
    """The fresh panel with ``message``; the other panels hear ``events`` once it is in.

    After the swap, not on receipt: on receipt the panel being replaced would hear
    ``schemaChanged`` too and fetch itself again, and that answer, arriving when the
    panel is gone, would find no ``#review-count`` (htmx:oobErrorNoTarget)."""
    if request.htmx:
        response = render(request, f"{PANEL}#panel", _context(project, notice=message))
        for event in events:
            trigger_client_event(response, event, after="swap")
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
    project = get_project(request, slug, need=EDIT)
    try:
        choice = int(request.POST.get("choice", "0"))
    except ValueError:
        return _problem(request, project, "That fix is not offered for this finding.")
    rule, target = request.POST.get("rule", ""), request.POST.get("target", "")
    applied, problem = apply_posted(request, project, [ApplyFix(rule, target, choice)])
    if not applied:
        return _problem(request, project, problem)
    return _after(request, project, f"{applied.summary}.", "schemaChanged", "reviewFixed")


@require_POST
def review_suppress(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    rule, target = request.POST.get("rule", ""), request.POST.get("target", "")
    reason = request.POST.get("reason", "")
    applied, problem = apply_posted(request, project, [Suppress(rule, target, reason)])
    if not applied:
        return _problem(request, project, problem)
    message = "Suppressed; the reason shows in the review."
    return _after(request, project, message, "reviewChanged", "schemaChanged")


@require_POST
def review_unsuppress(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    rule, target = request.POST.get("rule", ""), request.POST.get("target", "")
    applied, problem = apply_posted(request, project, [Unsuppress(rule, target)])
    if not applied:
        return _problem(request, project, problem)
    return _after(request, project, "The finding is open again.", "reviewChanged", "schemaChanged")
