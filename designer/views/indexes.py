"""Indexes and table-level unique and check constraints."""

from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from ..access import get_check, get_entity, get_index, get_project, get_unique
from ..forms import CheckConstraintForm, IndexForm, UniqueConstraintForm
from ..models import Index, IndexColumn, UniqueConstraint, UniqueConstraintColumn
from .editor import done, section


def _next(rows) -> int:
    highest = rows.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


@require_POST
def index_create(request, slug: str, entity_id) -> HttpResponse:
    project = get_project(request, slug)
    entity = get_entity(project, entity_id)
    form = IndexForm(request.POST, entity=entity, auto_id="new-index-%s")
    if not form.is_valid():
        return section(request, entity, "indexes_section", index_form=form)
    data = form.cleaned_data
    with transaction.atomic():
        index = Index.objects.create(
            entity=entity,
            name=data["name"],
            unique=data["unique"],
            method=data["method"],
            where=data["where"],
            rationale=data["rationale"].strip(),
            position=_next(entity.indexes.all()),
        )
        keys = [
            IndexColumn(
                index=index,
                field=form.field_names.get(element.column) if element.column else None,
                expression=element.expression or "",
                descending=element.descending,
                nulls=element.nulls.value,
                opclass=element.opclass or "",
                position=position,
            )
            for position, element in enumerate(data["keys"])
        ]
        keys += [
            IndexColumn(
                index=index, field=form.field_names[name], included=True, position=len(keys) + n
            )
            for n, name in enumerate(data["include"])
        ]
        IndexColumn.objects.bulk_create(keys)
    return done(request, entity, "indexes_section", "Added the index.")


@require_POST
def index_delete(request, slug: str, index_id) -> HttpResponse:
    index = get_index(get_project(request, slug), index_id)
    entity = index.entity
    index.delete()
    return done(request, entity, "indexes_section", "Deleted the index.")


@require_POST
def unique_create(request, slug: str, entity_id) -> HttpResponse:
    project = get_project(request, slug)
    entity = get_entity(project, entity_id)
    form = UniqueConstraintForm(request.POST, entity=entity, auto_id="new-unique-%s")
    if not form.is_valid():
        return section(request, entity, "constraints_section", unique_form=form)
    fields = {field.name: field for field in entity.fields.all()}
    with transaction.atomic():
        unique = UniqueConstraint.objects.create(
            entity=entity,
            name=form.cleaned_data["name"],
            nulls_not_distinct=form.cleaned_data["nulls_not_distinct"],
            position=_next(entity.unique_constraints.all()),
        )
        UniqueConstraintColumn.objects.bulk_create(
            UniqueConstraintColumn(constraint=unique, field=fields[name], position=position)
            for position, name in enumerate(form.cleaned_data["columns"])
        )
    return done(request, entity, "constraints_section", "Added the unique constraint.")


@require_POST
def unique_delete(request, slug: str, unique_id) -> HttpResponse:
    unique = get_unique(get_project(request, slug), unique_id)
    entity = unique.entity
    unique.delete()
    return done(request, entity, "constraints_section", "Deleted the unique constraint.")


@require_POST
def check_create(request, slug: str, entity_id) -> HttpResponse:
    project = get_project(request, slug)
    entity = get_entity(project, entity_id)
    form = CheckConstraintForm(request.POST, entity=entity, auto_id="new-check-%s")
    if not form.is_valid():
        return section(request, entity, "constraints_section", check_form=form)
    check = form.save(commit=False)
    check.entity = entity
    check.position = _next(entity.check_constraints.all())
    check.save()
    return done(request, entity, "constraints_section", "Added the check constraint.")


@require_POST
def check_delete(request, slug: str, check_id) -> HttpResponse:
    check = get_check(get_project(request, slug), check_id)
    entity = check.entity
    check.delete()
    return done(request, entity, "constraints_section", "Deleted the check constraint.")
