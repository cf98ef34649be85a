"""Entities: add, edit the header (name, schema, purpose, timestamps), delete."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from ..access import EDIT, get_entity, get_project
from ..forms import EntityForm, NewEntityForm
from ..operations import DeleteEntity, OperationError
from ..services import quick_add
from ..services.dependents import entity_dependents
from .changes import apply_form, apply_posted
from .editor import PANEL, done, entity_url, page_context, section, whole_page


@require_POST
def entity_create(request, slug: str) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    form = NewEntityForm(request.POST, project=project, auto_id="new-entity-%s")
    operations = _new_entity_operations(project, form) if form.is_valid() else None
    if operations is None or not apply_form(request, project, form, operations):
        if request.htmx:
            context = page_context(request, project, None, new_entity_form=form)
            return render(request, "designer/editor.html#new_entity", context)
        return whole_page(request, project, None, new_entity_form=form)
    entity = get_entity(project, operations[0].id)
    url = entity_url(project, entity)
    if request.htmx:
        # The list, the panel and the diagram all change: load the entity's page.
        return trigger_client_event(HttpResponseClientRedirect(url), "schemaChanged")
    messages.success(request, f"Added the entity {entity.name}.")
    return redirect(url)


def _new_entity_operations(project, form: NewEntityForm) -> list | None:
    """The new entity, and what its name's quick-add line adds to it (``orders: ->
    customers``), as one change; None with the reason on the form, the text kept."""
    operations = form.operations()
    if not form.quick_line:
        return operations
    try:
        return operations + quick_add.entity_operations(project, operations[0], form.quick_line)
    except quick_add.QuickAddError as error:
        form.add_error("name", str(error))
    except OperationError as error:
        form.add_error("name", error.message)
    return None


@require_POST
def entity_edit(request, slug: str, entity_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    entity = get_entity(project, entity_id)
    form = EntityForm(request.POST, instance=entity, project=project, auto_id="entity-%s")
    if not (form.is_valid() and apply_form(request, project, form)):
        entity = get_entity(project, entity_id)
        return section(request, entity, "entity_panel", entity_form=form)
    entity = get_entity(project, entity_id)
    if request.htmx:
        # Fields may have been added (timestamps) and the list shows the name.
        response = section(request, entity, "entity_panel", changed=True)
        return trigger_client_event(response, "entityRenamed")
    return done(request, entity, "entity_panel", f"Saved {entity.name}.")


@require_http_methods(["GET", "POST"])
def entity_delete(request, slug: str, entity_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    entity = get_entity(project, entity_id)
    if request.method == "POST":
        applied, problem = apply_posted(request, project, [DeleteEntity(str(entity.id))])
        if applied:
            url = entity_url(project, None)
            if request.htmx:
                return trigger_client_event(HttpResponseClientRedirect(url), "schemaChanged")
            messages.success(request, f"Deleted the entity {entity.name}.")
            return redirect(url)
    else:
        problem = ""
    context = {
        "project": project,
        "entity": entity,
        "dependents": entity_dependents(project, entity.id),
        "problem": problem,
    }
    if request.htmx:
        return render(request, f"{PANEL}#entity_delete_confirm", context)
    return render(request, "designer/entity_delete.html", context)
