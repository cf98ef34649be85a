"""Proposals: a version reviewed against a base, approved and merged.

The proposal's page shows what the compare page shows of its base → its version (the
changes, the diagram, the migration, the review's delta: ``partials/diff.html``), with
the threads of the proposal, the verdicts and what a merge waits for. The forms shown
depend on the role (``access``); the server refuses anyway. A refusal the person can
act on (a merge that waits for approvals, a verdict on one's own proposal) is the page
again with the reason and HTTP 409, never a silent no-op.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..access import APPROVE, EDIT, MERGE, READ, Access, project_access
from ..models import Project, Proposal
from ..review_forms import NO_BASE, CommentForm, ProposalForm, ReviewForm
from ..services import proposals as service
from ..services.migrations import CompareError
from ..services.versions import versions_of
from .compare import shown
from .document import render_markdown
from .threads import _threads, _with_comments, thread_cards

CONFLICT = 409


@require_GET
def proposals(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's proposals: open ones first, then merged and closed."""
    project = project_access(request, slug, need=READ).project
    listed = list(
        Proposal.objects.filter(project=project)
        .select_related("author", "version")
        .annotate(open_threads=Count("threads", filter=Q(threads__resolved_at__isnull=True)))
        .order_by("-number")[:300]
    )
    rows = []
    for item in listed:
        item.project = project
        rows.append((item, service.merge_status(item)))
    groups = [
        (state.label, [row for row in rows if row[0].state == state.value])
        for state in Proposal.State
    ]
    return render(request, "designer/proposals.html", {"project": project, "groups": groups})


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Open a proposal: the working copy, saved now as a version, against a base."""
    project = project_access(request, slug, need=EDIT).project
    versions = {version.name: version for version in versions_of(project)[:200]}
    base = service.default_base(project)
    form = ProposalForm(
        request.POST if request.method == "POST" else None,
        names=list(versions),
        initial={"base": base.name if base else NO_BASE},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                opened = service.open_proposal(
                    project,
                    title=data["title"],
                    description=data["description"],
                    base=versions.get(data["base"]),
                    actor=request.user,
                )
            except service.ProposalError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    f"Opened proposal #{opened.number}: the working copy is saved as the "
                    f"version {opened.version.name}, reviewed against "
                    f"{opened.base.name if opened.base else 'an empty design'}.",
                )
                return redirect(opened.get_absolute_url())
        status = 400
    return render(
        request,
        "designer/proposal_form.html",
        {"project": project, "form": form, "has_versions": bool(versions)},
        status=status,
    )


@require_GET
def proposal(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access = project_access(request, slug, need=READ)
    return _page(request, access, _proposal(access.project, number))


@require_POST
def proposal_review(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Approve, or request changes (with an optional comment)."""
    access = project_access(request, slug, need=APPROVE)
    item = _proposal(access.project, number)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _page(request, access, item, review_form=form, status=400)
    try:
        service.review_proposal(
            item,
            actor=request.user,
            verdict=form.cleaned_data["verdict"],
            body=form.cleaned_data["body"],
        )
    except service.ProposalError as error:
        messages.error(request, error.message)
        return _page(request, access, item, review_form=form, status=CONFLICT)
    approved = form.cleaned_data["verdict"] == "approve"
    messages.success(request, "You approved it." if approved else "You requested changes.")
    return redirect(item.get_absolute_url())


@require_POST
def proposal_update(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The author saves the working copy as the proposal's new version."""
    access = project_access(request, slug, need=EDIT)
    item = _proposal(access.project, number)
    if not service.is_author(item, request.user):
        raise PermissionDenied("Only the proposal's author can update it.")
    try:
        update = service.update_proposal(
            item, actor=request.user, note=request.POST.get("note", "")
        )
    except service.ProposalError as error:
        messages.error(request, error.message)
        return _page(request, access, item, status=CONFLICT)
    messages.success(
        request,
        f"Updated: the working copy is saved as {update.version.name}; "
        "approvals given before are stale.",
    )
    return redirect(item.get_absolute_url())


@require_POST
def proposal_merge(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Mark the proposal merged: its version becomes the base of the next proposals."""
    access = project_access(request, slug, need=MERGE)
    item = _proposal(access.project, number)
    try:
        service.merge_proposal(item, actor=request.user)
    except service.ProposalError as error:
        messages.error(request, error.message)
        return _page(request, access, item, status=CONFLICT)
    messages.success(
        request,
        f"Merged: {item.version.name} is now the project's base version. "
        "The working copy is not changed.",
    )
    return redirect(item.get_absolute_url())


@require_POST
def proposal_close(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Close without merging: the author (an editor) or an owner."""
    access = project_access(request, slug, need=READ)
    item = _proposal(access.project, number)
    if not _may_close(access, item):
        raise PermissionDenied("Only the proposal's author or an owner can close it.")
    try:
        service.close_proposal(item, actor=request.user)
    except service.ProposalError as error:
        messages.error(request, error.message)
        return _page(request, access, item, status=CONFLICT)
    messages.success(request, f"Closed proposal #{item.number}.")
    return redirect(item.get_absolute_url())


# --- the page ------------------------------------------------------------------------------


def _proposal(project: Project, number: int) -> Proposal:
    item = get_object_or_404(
        Proposal.objects.select_related("author", "base", "version", "merged_by"),
        project=project,
        number=number,
    )
    item.project = project
    return item


def _may_close(access: Access, item: Proposal) -> bool:
    return access.can_manage or (access.can_edit and service.is_author(item, access.user))


def _page(
    request: HttpRequest,
    access: Access,
    item: Proposal,
    *,
    review_form: ReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    project = access.project
    verdicts = service.verdicts(item)
    threads = list(_with_comments(_threads(project).filter(proposal=item)))
    cards = thread_cards(project, threads)
    context = {
        "project": project,
        "proposal": item,
        "description": mark_safe(render_markdown(item.description)),  # sanitised (nh3)
        "updates": item.updates.select_related("version", "author"),
        "verdicts": verdicts,
        "status": service.merge_status(item, verdicts),
        "cards": cards,
        "is_author": service.is_author(item, request.user),
        "may_close": item.state == Proposal.State.OPEN and _may_close(access, item),
        "review_form": review_form or ReviewForm(),
        "comment_form": CommentForm(initial={"proposal": item.number}),
        "base_is_current": item.base_id is not None and item.base_id == project.base_version_id,
    }
    context.update(_comparison(request, item, cards))
    return render(request, "designer/proposal.html", context, status=status)


def _comparison(request: HttpRequest, item: Proposal, cards) -> dict:
    """The diff page's context for base → version, each change with its threads."""
    try:
        comparison = service.comparison(item)
    except CompareError as error:
        messages.error(request, error.message)
        return {"comparison": None}
    download = ""
    query: dict = {}
    if item.base is not None:
        query = {"from": item.base.name, "to": item.version.name, "literal": []}
        download = reverse("designer:compare_migration", args=[item.project.slug])
        download += "?" + urlencode({"from": item.base.name, "to": item.version.name})
    context = shown(comparison, download, query)
    per_change: dict[str, int] = {}
    for card in cards:
        if card.open:
            key = card.thread.change_key or str(card.thread.object_id or "")
            per_change[key] = per_change.get(key, 0) + 1
    for group in context["groups"]:
        for change in group["changes"]:
            change["threads"] = per_change.get(change["key"], 0) + (
                per_change.get(change["object_id"], 0) if change["object_id"] else 0
            )
    return context


P = "projects/<slug:slug>/"
urlpatterns = [
    path(f"{P}proposals/", proposals, name="proposals"),
    path(f"{P}proposals/new/", proposal_create, name="proposal_create"),
    path(f"{P}proposals/<int:number>/", proposal, name="proposal"),
    path(
        "projects/<slug:slug>/proposals/<int:number>/update/",
        proposal_update,
        name="proposal_update",
    ),
    path(
        "projects/<slug:slug>/proposals/<int:number>/review/",
        proposal_review,
        name="proposal_review",
    ),
    path(
        "projects/<slug:slug>/proposals/<int:number>/merge/", proposal_merge, name="proposal_merge"
    ),
    path(
        "projects/<slug:slug>/proposals/<int:number>/close/", proposal_close, name="proposal_close"
    ),
]
