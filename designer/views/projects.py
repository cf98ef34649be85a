"""Projects: the list (create, rename, duplicate, delete) and the settings page."""

from django.contrib import messages
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from ..access import (
    ADMINISTRATOR,
    DOWNLOAD,
    EDIT,
    MANAGE,
    PERMISSIONS,
    get_project,
    project_access,
    projects_for,
)
from ..forms import (
    DuplicateProjectForm,
    ProjectForm,
    ProjectSettingsForm,
    RenameProjectForm,
    posted,
)
from ..models import Membership, Project
from ..operations import OperationError
from ..services.edits import create_project
from ..services.projects import delete_project, duplicate_project
from .changes import apply_form


def _projects(user) -> list[Project]:
    """The projects ``user`` is a member of (every one for a site administrator), each
    with the user's role in it and whether they may rename and delete it (one query)."""
    role = Membership.objects.filter(project=OuterRef("pk"), user=user).values("role")[:1]
    projects = (
        projects_for(user)
        .annotate(entity_count=Count("entities", distinct=True), member_role=Subquery(role))
        .order_by("name", "slug")
    )
    for project in projects:
        _mark_role(project, project.member_role or ADMINISTRATOR, user.is_superuser)
    return list(projects)


def _mark_role(project: Project, role: str, administrator: bool) -> Project:
    """Says on ``project`` what the project list shows: the role, and the owner's buttons."""
    project.role_label = role
    project.can_manage = administrator or MANAGE in PERMISSIONS.get(role, ())
    return project


@require_http_methods(["GET", "POST"])
def project_list(request) -> HttpResponse:
    """The list of projects with the form that creates one."""
    form = ProjectForm(posted(request), auto_id="new-project-%s")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = create_project(
                name=data["name"], slug=data["slug"], settings=form.settings(), actor=request.user
            )
        except OperationError as error:
            for message, field in error.errors:
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, f"Created the project {project.name}.")
            return redirect(project.get_absolute_url())
    return render(
        request, "designer/project_list.html", {"projects": _projects(request.user), "form": form}
    )


@require_http_methods(["GET", "POST"])
def project_rename(request, slug: str) -> HttpResponse:
    access = project_access(request, slug, need=MANAGE)
    project = _mark_role(access.project, access.role, True)
    form = RenameProjectForm(posted(request), instance=project, auto_id=f"rename-{project.id}-%s")
    if request.method == "POST" and form.is_valid() and apply_form(request, project, form):
        if request.htmx:
            context = {"project": _mark_role(project, access.role, True)}
            return render(request, "designer/project_list.html#project_card", context)
        messages.success(request, f"Renamed the project to {project.name}.")
        return redirect("designer:project_list")
    if request.method == "POST":
        project = _mark_role(get_project(request, slug, need=MANAGE), access.role, True)
    context = {"project": project, "rename_form": form}
    if request.htmx:
        return render(request, "designer/project_list.html#project_card", context)
    return render(request, "designer/project_rename.html", context)


@require_http_methods(["GET", "POST"])
def project_duplicate(request, slug: str) -> HttpResponse:
    project = get_project(request, slug, need=DOWNLOAD)
    initial = {"name": f"{project.name} (copy)", "slug": f"{project.slug}-copy"}
    form = DuplicateProjectForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            copy = duplicate_project(project, **form.cleaned_data, actor=request.user)
        except OperationError as error:
            form.add_error("slug", error.message)
        else:
            messages.success(request, f"Created {copy.name}, a copy of {project.name}.")
            return redirect(copy.get_absolute_url())
    return render(request, "designer/project_duplicate.html", {"project": project, "form": form})


@require_http_methods(["GET", "POST"])
def project_delete(request, slug: str) -> HttpResponse:
    project = get_project(request, slug, need=MANAGE)
    if request.method == "POST":
        delete_project(project)
        messages.success(request, f"Deleted the project {project.name}.")
        if request.htmx:
            return HttpResponseClientRedirect("/")
        return redirect("designer:project_list")
    return render(request, "designer/project_delete.html", {"project": project})


@require_http_methods(["GET", "POST"])
def project_settings(request, slug: str) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    form = ProjectSettingsForm(posted(request), instance=project)
    if request.method == "POST" and form.is_valid() and apply_form(request, project, form):
        messages.success(request, "Saved the project settings.")
        return redirect("designer:project_settings", slug=project.slug)
    if request.method == "POST":
        project = get_project(request, slug, need=EDIT)
    return render(request, "designer/project_settings.html", {"project": project, "form": form})
