"""Projects: the list (create, rename, duplicate, delete) and the settings page."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from ..access import get_project
from ..forms import (
    DuplicateProjectForm,
    ProjectForm,
    ProjectSettingsForm,
    RenameProjectForm,
    posted,
)
from ..models import Project
from ..operations import OperationError
from ..services.edits import create_project
from ..services.projects import delete_project, duplicate_project
from .changes import apply_form


def _projects():
    return Project.objects.annotate(entity_count=Count("entities")).order_by("name", "slug")


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
    return render(request, "designer/project_list.html", {"projects": _projects(), "form": form})


@require_http_methods(["GET", "POST"])
def project_rename(request, slug: str) -> HttpResponse:
    project = get_project(request, slug)
    form = RenameProjectForm(posted(request), instance=project, auto_id=f"rename-{project.id}-%s")
    if request.method == "POST" and form.is_valid() and apply_form(request, project, form):
        if request.htmx:
            return render(request, "designer/project_list.html#project_card", {"project": project})
        messages.success(request, f"Renamed the project to {project.name}.")
        return redirect("designer:project_list")
    if request.method == "POST":
        project = get_project(request, slug)
    context = {"project": project, "rename_form": form}
    if request.htmx:
        return render(request, "designer/project_list.html#project_card", context)
    return render(request, "designer/project_rename.html", context)


@require_http_methods(["GET", "POST"])
def project_duplicate(request, slug: str) -> HttpResponse:
    project = get_project(request, slug)
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
    project = get_project(request, slug)
    if request.method == "POST":
        delete_project(project)
        messages.success(request, f"Deleted the project {project.name}.")
        if request.htmx:
            return HttpResponseClientRedirect("/")
        return redirect("designer:project_list")
    return render(request, "designer/project_delete.html", {"project": project})


@require_http_methods(["GET", "POST"])
def project_settings(request, slug: str) -> HttpResponse:
    project = get_project(request, slug)
    form = ProjectSettingsForm(posted(request), instance=project)
    if request.method == "POST" and form.is_valid() and apply_form(request, project, form):
        messages.success(request, "Saved the project settings.")
        return redirect("designer:project_settings", slug=project.slug)
    if request.method == "POST":
        project = get_project(request, slug)
    return render(request, "designer/project_settings.html", {"project": project, "form": form})
