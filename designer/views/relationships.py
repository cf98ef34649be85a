"""Relationships: add (creating the foreign-key column, or a junction for many-to-many),
change the actions and names, delete."""

from django.http import HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from ..access import get_entity, get_project, get_relationship
from ..forms import RelationshipEditForm, RelationshipForm
from ..models import Relationship
from ..services.relationships import NewRelationship, create_many_to_many, create_relationship
from .editor import done, section


@require_POST
def relationship_create(request, slug: str, entity_id) -> HttpResponse:
    project = get_project(request, slug)
    entity = get_entity(project, entity_id)
    form = RelationshipForm(request.POST, entity=entity, auto_id="new-rel-%s")
    if not form.is_valid():
        return section(request, entity, "entity_panel", relationship_form=form)
    data = form.cleaned_data
    target = data["to_entity"]
    if data["kind"] == Relationship.Kind.MANY_TO_MANY:
        create_many_to_many(
            left=entity,
            right=target,
            junction_name=data["junction_name"],
            left_attribute=data["from_attribute"],
            right_attribute=data["to_attribute"],
        )
        message = f"Linked {entity.name} and {target.name} through {data['junction_name']}."
    else:
        create_relationship(
            NewRelationship(
                from_entity=entity,
                to_entity=target,
                kind=data["kind"],
                on_delete=data["on_delete"],
                on_update=data["on_update"],
                required=data["required"],
                existing_field=data["existing_field"],
                column_name=data["column_name"],
                from_attribute=data["from_attribute"],
                to_attribute=data["to_attribute"],
                name=data["name"],
                add_index=data["add_index"],
            )
        )
        message = f"{entity.name} now references {target.name}."
    # A relationship adds columns and an index: the whole panel changes.
    return done(request, entity, "entity_panel", message)


@require_POST
def relationship_edit(request, slug: str, relationship_id) -> HttpResponse:
    project = get_project(request, slug)
    relationship = get_relationship(project, relationship_id)
    entity = get_entity(project, request.POST.get("entity") or relationship.from_entity_id)
    form = RelationshipEditForm(
        request.POST, instance=relationship, auto_id=f"rel-{relationship.id}-%s"
    )
    if not form.is_valid():
        return section(
            request, entity, "relationships_section", edit_relationship_form=form,
            editing_relationship=relationship.id,
        )  # fmt: skip
    form.save()
    return done(request, entity, "relationships_section", "Saved the relationship.")


@require_http_methods(["POST"])
def relationship_delete(request, slug: str, relationship_id) -> HttpResponse:
    project = get_project(request, slug)
    relationship = get_relationship(project, relationship_id)
    entity = get_entity(project, request.POST.get("entity") or relationship.from_entity_id)
    relationship.delete()
    return done(request, entity, "entity_panel", "Deleted the relationship.")
