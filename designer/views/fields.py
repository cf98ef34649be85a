"""Fields: the inline-editable table of an entity."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from .. import models
from ..access import EDIT, READ, get_entity, get_field, get_project, shareable
from ..forms import FieldForm, QuickAddForm
from ..operations import DeleteField, MoveField
from ..services import quick_add
from ..services.dependents import field_dependents
from .changes import apply_form, apply_posted
from .editor import PANEL, done, row_context, section, whole_page


@require_POST
def field_create(request, slug: str, entity_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    entity = get_entity(project, entity_id)
    form = FieldForm(request.POST, entity=entity, auto_id="new-field-%s")
    if not (form.is_valid() and apply_form(request, project, form)):
        return section(request, entity, "fields_section", field_form=form)
    if request.htmx:
        return section(request, entity, "fields_section", changed=True, focus_new=True)
    name = form.cleaned_data["name"]
    return done(request, entity, "fields_section", f"Added the field {name}.")


@require_POST
def field_quick_add(request, slug: str, entity_id) -> HttpResponse:
    """The quick-add line (``designer.schema.quick_add``): every item as one change, or
    nothing and the line kept, with the item that is wrong and why. After a change the
    panel comes back with the line empty and focused, for the next one."""
    project = get_project(request, slug, need=EDIT)
    entity = get_entity(project, entity_id)
    form = QuickAddForm(request.POST, entity=entity, auto_id="%s-add")
    operations = None
    if form.is_valid():
        try:
            operations = quick_add.operations(project, entity.id, form.cleaned_data["quick"])
        except quick_add.QuickAddError as error:
            form.add_error("quick", str(error))
    if operations is None or not apply_form(request, project, form, operations):
        entity = get_entity(project, entity.id)
        return section(request, entity, "entity_panel", quick_form=form, focus_quick=True)
    entity = get_entity(project, entity.id)
    if request.htmx:
        return section(request, entity, "entity_panel", changed=True, focus_quick=True)
    return done(request, entity, "entity_panel", "Added what the line says.")


@shareable
@require_GET
def field_row(request, slug: str, field_id) -> HttpResponse:
    """One field's row as displayed (Escape on an inline edit comes back here)."""
    field = get_field(get_project(request, slug, need=READ), field_id)
    return render(request, f"{PANEL}#field_row", row_context(field, autofocus=True))


@require_http_methods(["GET", "POST"])
def field_edit(request, slug: str, field_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    field = get_field(project, field_id)
    auto_id = f"field-{field.id}-%s"
    if request.method == "GET":
        form = FieldForm(instance=field, entity=field.entity, auto_id=auto_id)
        return _editing(request, project, field, form)
    form = FieldForm(request.POST, instance=field, entity=field.entity, auto_id=auto_id)
    if not (form.is_valid() and apply_form(request, project, form)):
        # Refused: show the form as typed, on the field as it is now (or as it was, when
        # someone deleted it meanwhile: the form says so).
        current = models.Field.objects.filter(pk=field.pk).select_related("entity").first()
        if current is not None:
            current.entity.project = project
        return _editing(request, project, current or field, form)
    field = get_field(project, field_id)
    if request.htmx:
        response = render(request, f"{PANEL}#field_row", row_context(field, autofocus=True))
        return trigger_client_event(response, "schemaChanged")
    return done(request, field.entity, "fields_section", f"Saved the field {field.name}.")


def _editing(request, project, field, form) -> HttpResponse:
    """The field's row as a form (with what was typed and what went wrong)."""
    if request.htmx:
        return render(request, f"{PANEL}#field_edit_row", row_context(field, form=form))
    return whole_page(request, project, field.entity, editing_id=field.id, edit_form=form)


@require_POST
def field_move(request, slug: str, field_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    field = get_field(project, field_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    applied, problem = apply_posted(request, project, [MoveField(str(field.id), offset)])
    return section(
        request, field.entity, "fields_section", changed=bool(applied and applied.change),
        moved_id=field.id, moved_direction=request.POST.get("direction"), problem=problem,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def field_delete(request, slug: str, field_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    field = get_field(project, field_id)
    problem = ""
    if request.method == "POST":
        applied, problem = apply_posted(request, project, [DeleteField(str(field.id))])
        if applied:
            return done(request, field.entity, "entity_panel", f"Deleted the field {field.name}.")
    dependents = field_dependents(project, field.id)
    if request.htmx:
        context = row_context(field, dependents=dependents, problem=problem)
        return render(request, f"{PANEL}#field_delete_row", context)
    return whole_page(
        request, project, field.entity, deleting_id=field.id, dependents=dependents,
        problem=problem,
    )  # fmt: skip
