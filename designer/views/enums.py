"""Enum types with their ordered values."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from ..access import EDIT, READ, get_enum, get_project, shareable
from ..forms import EnumTypeForm
from ..operations import DeleteEnum
from ..redirects import back_to
from .changes import apply_form, apply_posted
from .editor import page_context, whole_page


def _enum_list(request, project, status_message: str = "", **overrides) -> HttpResponse:
    context = page_context(request, project, None, enum_message=status_message, **overrides)
    return render(request, "designer/editor.html#enum_list", context)


def _back(request, project):
    return back_to(request, project.get_absolute_url())


@shareable
@require_GET
def enum_list(request, slug: str) -> HttpResponse:
    return _enum_list(request, get_project(request, slug, need=READ))


@require_POST
def enum_create(request, slug: str) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    form = EnumTypeForm(request.POST, project=project, auto_id="new-enum-%s")
    if not (form.is_valid() and apply_form(request, project, form)):
        if request.htmx:
            return _enum_list(request, project, enum_form=form)
        return whole_page(request, project, None, enum_form=form)
    if request.htmx:
        return trigger_client_event(_enum_list(request, project), "schemaChanged")
    messages.success(request, f"Added the enum type {form.cleaned_data['name']}.")
    return _back(request, project)


@require_http_methods(["GET", "POST"])
def enum_edit(request, slug: str, enum_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    enum = get_enum(project, enum_id)
    auto_id = f"enum-{enum.id}-%s"
    if request.method == "GET":
        form = EnumTypeForm(instance=enum, project=project, auto_id=auto_id)
    else:
        form = EnumTypeForm(request.POST, instance=enum, project=project, auto_id=auto_id)
        if form.is_valid() and apply_form(request, project, form):
            if request.htmx:
                return trigger_client_event(_enum_list(request, project), "schemaChanged")
            messages.success(request, f"Saved the enum type {form.cleaned_data['name']}.")
            return _back(request, project)
        enum = get_enum(project, enum_id)
    if request.htmx:
        return _enum_list(request, project, editing_enum=enum.id, edit_enum_form=form)
    return whole_page(request, project, None, editing_enum=enum.id, edit_enum_form=form)


@require_POST
def enum_delete(request, slug: str, enum_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    enum = get_enum(project, enum_id)
    applied, problem = apply_posted(request, project, [DeleteEnum(str(enum.id))])
    if not applied:
        if request.htmx:
            return _enum_list(request, project, problem)
        messages.error(request, problem)
        return _back(request, project)
    if request.htmx:
        return trigger_client_event(_enum_list(request, project), "schemaChanged")
    messages.success(request, f"Deleted the enum type {enum.name}.")
    return _back(request, project)
