"""Relationships: add (creating the foreign-key column, or a junction for many-to-many),
change the actions and names, delete."""

from django.http import HttpResponse
from django.views.decorators.http import require_POST

from ..access import EDIT, get_entity, get_project, get_relationship
from ..forms import RelationshipEditForm, RelationshipForm
from ..operations import DeleteRelationship
from .changes import apply_form, apply_posted
from .editor import done, section


@require_POST
def relationship_create(request, slug: str, entity_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    entity = get_entity(project, entity_id)
    form = RelationshipForm(request.POST, entity=entity, auto_id="new-rel-%s")
    if not (form.is_valid() and apply_form(request, project, form)):
        return section(request, entity, "entity_panel", relationship_form=form)
    target = form.cleaned_data["to_entity"]
    if form.cleaned_data["kind"] == "many_to_many":
        junction = form.cleaned_data["junction_name"] or f"{entity.name}_{target.name}"
        message = f"Linked {entity.name} and {target.name} through {junction}."
    else:
        message = f"{entity.name} now references {target.name}."
    # A relationship adds columns and an index: the whole panel changes.
    return done(request, entity, "entity_panel", message)


@require_POST
def relationship_edit(request, slug: str, relationship_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    relationship = get_relationship(project, relationship_id)
    entity = get_entity(project, request.POST.get("entity") or relationship.from_entity_id)
    form = RelationshipEditForm(
        request.POST, instance=relationship, project=project, auto_id=f"rel-{relationship.id}-%s"
    )
    if not (form.is_valid() and apply_form(request, project, form)):
        return section(
            request, entity, "relationships_section", edit_relationship_form=form,
            editing_relationship=relationship.id,
        )  # fmt: skip
    return done(request, entity, "relationships_section", "Saved the relationship.")


@require_POST
def relationship_delete(request, slug: str, relationship_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    relationship = get_relationship(project, relationship_id)
    entity = get_entity(project, request.POST.get("entity") or relationship.from_entity_id)
    applied, problem = apply_posted(request, project, [DeleteRelationship(str(relationship.id))])
    if not applied:
        return section(request, entity, "entity_panel", problem=problem)
    return done(request, entity, "entity_panel", "Deleted the relationship.")
