"""Threads of comments: on a proposal, an object of the design or a change.

A thread is begun from a link that says what it is about (``?proposal=3&object=<id>``,
``?proposal=3&change=<key>``): the object is looked up by its id in the proposal's
version (or its base, for an object the proposal removes), else in the working copy; a
change in the proposal's diff. What the thread is about is read from the server's
design, never from the query. Replying, resolving and reopening swap the thread's
partial when htmx posts, and redirect back otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import store
from ..access import COMMENT, READ, project_access
from ..models import Project, Proposal, Thread
from ..redirects import back_to, safe_target
from ..review_forms import CommentForm
from ..schema.model import Schema
from ..services import comments as service
from ..services import proposals as proposal_service
from ..services.versions import VersionError, version_schema


@dataclass
class ThreadCard:
    """A thread as a page shows it: what it is about now, where that is, its comments."""

    thread: Thread
    label: service.Label
    link: str  # the object in the editor ("" when removed or not an object)
    comments: list[tuple[Any, str]]  # (comment, its safe HTML)

    @property
    def open(self) -> bool:
        return self.thread.resolved_at is None


def thread_cards(project: Project, threads, with_comments: bool = True) -> list[ThreadCard]:
    """``threads`` ready to show; each read against its proposal's current version or
    the working copy (each design read once)."""
    schemas: dict[Any, Schema] = {}

    def schema_of(thread: Thread) -> Schema:
        key = thread.proposal.version_id if thread.proposal_id else None
        if key not in schemas:
            schemas[key] = _schema(project, thread.proposal.version if key else None)
        return schemas[key]

    members = service.member_names(project) if with_comments else set()
    cards = []
    for thread in threads:
        thread.project = project
        label = service.label_of(thread, schema_of(thread))
        shown = []
        if with_comments:
            shown = [
                (comment, mark_safe(service.render_comment(comment.body, members)))  # nh3
                for comment in thread.comments.all()
            ]
        cards.append(ThreadCard(thread, label, _object_link(project, thread, label), shown))
    return cards


def _schema(project: Project, version) -> Schema:
    """A proposal's version's design (the working copy's when it cannot be read: a
    label is still better than an error page)."""
    if version is not None:
        try:
            return version_schema(version)
        except VersionError:
            pass
    return store.current_schema(project)


def _object_link(project: Project, thread: Thread, label: service.Label) -> str:
    if thread.anchor != Thread.Anchor.OBJECT or label.removed:
        return ""
    if label.table_id:
        url = reverse("designer:entity", args=[project.slug, label.table_id])
        return url + (f"#field-{thread.object_id}" if label.kind == "field" else "")
    if label.kind == "enum":
        return reverse("designer:enum_list", args=[project.slug])
    if label.kind in ("domain", "sequence", "object"):
        page = reverse("designer:objects", args=[project.slug])
        return f"{page}#object-{thread.object_id}"
    return ""


def _threads(project: Project):
    return Thread.objects.filter(project=project).select_related(
        "proposal__version", "created_by", "resolved_by"
    )


def _with_comments(queryset):
    return queryset.prefetch_related("comments__author")


def _card(project: Project, thread_id) -> ThreadCard:
    thread = get_object_or_404(_with_comments(_threads(project)), pk=thread_id)
    return thread_cards(project, [thread])[0]


# --- the Comments tab and the thread page -------------------------------------------------


@require_GET
def comments(request: HttpRequest, slug: str) -> HttpResponse:
    """The editor's Comments tab: the project's open threads, newest activity first."""
    project = project_access(request, slug, need=READ).project
    threads = list(service.open_threads(project)[:200])
    cards = thread_cards(project, threads, with_comments=False)
    return render(
        request, "designer/partials/comments_tab.html", {"project": project, "cards": cards}
    )


@require_GET
def thread(request: HttpRequest, slug: str, thread_id) -> HttpResponse:
    project = project_access(request, slug, need=READ).project
    card = _card(project, thread_id)
    back = reverse("designer:thread", args=[project.slug, thread_id])
    return render(
        request,
        "designer/thread.html",
        {"project": project, "card": card, "form": CommentForm(), "back": back},
    )


# --- beginning a thread -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    """A new thread: on a proposal, on an object (by id) or on a change of a proposal."""
    project = project_access(request, slug, need=COMMENT).project
    data = request.POST if request.method == "POST" else request.GET
    form = CommentForm(request.POST if request.method == "POST" else None, initial=data.dict())
    proposal, found, change = _anchor(project, data)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                thread = service.start_thread(
                    project,
                    form.cleaned_data["body"],
                    actor=request.user,
                    proposal=proposal,
                    anchor_object=found,
                    change=change,
                )
            except service.CommentError as error:
                form.add_error("body" if error.field == "body" else None, error.message)
            else:
                messages.success(request, "Comment posted.")
                if proposal is not None:
                    return redirect(proposal.get_absolute_url() + f"#thread-{thread.pk}")
                return redirect("designer:thread", slug=project.slug, thread_id=thread.pk)
        status = 400
    about = found.label if found else change[1] if change else str(proposal)
    context = {
        "project": project,
        "form": form,
        "proposal": proposal,
        "object": found,
        "change": change,
        "about": about,
    }
    return render(request, "designer/thread_form.html", context, status=status)


def _anchor(project: Project, data) -> tuple:
    """(proposal, object, change) named by ``data``; a 404 for a proposal, an object or a
    change that is not there."""
    proposal = None
    number = data.get("proposal", "")
    if number:
        if not number.isdigit():
            raise Http404("No such proposal.")
        proposal = get_object_or_404(
            Proposal.objects.select_related("version", "base"), project=project, number=number
        )
        proposal.project = project
    found = change = None
    if data.get("object"):
        found = _find(project, proposal, data["object"])
    elif data.get("change"):
        if proposal is None:
            raise Http404("A change is one of a proposal's.")
        change = _find_change(proposal, data["change"])
    elif proposal is None:
        raise Http404("Say what the thread is about.")
    return proposal, found, change


def _find(project: Project, proposal: Proposal | None, object_id: str) -> service.DesignObject:
    schemas = []
    if proposal is not None:
        schemas.append(lambda: version_schema(proposal.version))
        if proposal.base is not None:
            schemas.append(lambda: version_schema(proposal.base))
    else:
        schemas.append(lambda: store.current_schema(project))
    for schema in schemas:
        found = service.find_object(schema(), object_id)
        if found is not None:
            return found
    raise Http404("No such object in the design.")


def _find_change(proposal: Proposal, key: str) -> tuple[str, str]:
    for change in proposal_service.comparison(proposal).diff.changes:
        if proposal_service.change_key(change) == key:
            return key, change.describe()
    raise Http404("No such change in the proposal.")


# --- replying, resolving, reopening -------------------------------------------------------


@require_POST
def thread_reply(request: HttpRequest, slug: str, thread_id) -> HttpResponse:
    project = project_access(request, slug, need=COMMENT).project
    thread_record = get_object_or_404(_threads(project), pk=thread_id)
    thread_record.project = project
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            service.reply(thread_record, form.cleaned_data["body"], actor=request.user)
        except service.CommentError as error:
            form.add_error("body", error.message)
        else:
            return _done(request, project, thread_id, "Reply posted.")
    return _shown(request, project, thread_id, form, status=400)


@require_POST
def thread_resolve(request: HttpRequest, slug: str, thread_id) -> HttpResponse:
    return _set_state(request, slug, thread_id, service.resolve, "Thread resolved.")


@require_POST
def thread_reopen(request: HttpRequest, slug: str, thread_id) -> HttpResponse:
    return _set_state(request, slug, thread_id, service.reopen, "Thread reopened.")


def _set_state(request, slug, thread_id, change, message: str) -> HttpResponse:
    project = project_access(request, slug, need=COMMENT).project
    thread_record = get_object_or_404(_threads(project), pk=thread_id)
    thread_record.project = project
    change(thread_record, actor=request.user)
    return _done(request, project, thread_id, message)


def _done(request: HttpRequest, project: Project, thread_id, message: str) -> HttpResponse:
    """The thread's partial for htmx; else back where the form was (checked), or the
    thread's page."""
    if request.htmx:
        return _shown(request, project, thread_id, CommentForm())
    messages.success(request, message)
    thread_page = reverse("designer:thread", args=[project.slug, thread_id])
    return back_to(request, thread_page)


def _shown(request, project, thread_id, form, status: int = 200) -> HttpResponse:
    card = _card(project, thread_id)
    thread_page = reverse("designer:thread", args=[project.slug, thread_id])
    back = safe_target(request, request.POST.get("next", "").split("#")[0], thread_page)
    context = {"project": project, "card": card, "form": form, "back": back}
    if request.htmx:  # htmx swaps only a 2xx answer: the errors are in the partial
        return render(request, "designer/partials/thread.html", context)
    return render(request, "designer/thread.html", context, status=status)


P = "projects/<slug:slug>/"
urlpatterns = [
    path(f"{P}comments/", comments, name="comments"),
    path(f"{P}threads/new/", thread_create, name="thread_create"),
    path(f"{P}threads/<uuid:thread_id>/", thread, name="thread"),
    path(f"{P}threads/<uuid:thread_id>/reply/", thread_reply, name="thread_reply"),
    path(
        "projects/<slug:slug>/threads/<uuid:thread_id>/resolve/",
        thread_resolve,
        name="thread_resolve",
    ),
    path(
        "projects/<slug:slug>/threads/<uuid:thread_id>/reopen/", thread_reopen, name="thread_reopen"
    ),
]
