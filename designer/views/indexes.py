"""Indexes and table-level unique and check constraints."""

from django.http import HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from ..access import EDIT, get_check, get_entity, get_index, get_project, get_unique
from ..forms import CheckConstraintForm, IndexForm, UniqueConstraintForm
from ..index_forms import IndexEditForm
from ..operations import DeleteConstraint
from .changes import apply_form, apply_posted
from .editor import done, section, whole_page


@require_POST
def index_create(request, slug: str, entity_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    entity = get_entity(project, entity_id)
    form = IndexForm(request.POST, entity=entity, auto_id="new-index-%s")
    if not (form.is_valid() and apply_form(request, project, form)):
        return section(request, entity, "indexes_section", index_form=form)
    return done(request, entity, "indexes_section", "Added the index.")


@require_http_methods(["GET", "POST"])
def index_edit(request, slug: str, index_id) -> HttpResponse:
    """The index as an inline form in the Indexes section (GET; ``cancel`` closes it),
    and its change (POST) as one step: its id is kept, so comments on it stay."""
    project = get_project(request, slug, need=EDIT)
    index = get_index(project, index_id)
    entity = get_entity(project, index.entity_id)
    index.entity = entity
    auto_id = f"index-{index.id}-%s"
    if request.method == "GET":
        if "cancel" in request.GET:
            return section(request, entity, "indexes_section")
        return _editing_index(request, index, IndexEditForm(index=index, auto_id=auto_id))
    form = IndexEditForm(request.POST, index=index, auto_id=auto_id)
    if not (form.is_valid() and apply_form(request, project, form)):
        return _editing_index(request, index, form)
    return done(request, entity, "indexes_section", "Saved the index.")


def _editing_index(request, index, form: IndexEditForm) -> HttpResponse:
    """The Indexes section with ``index`` as a form (as typed, with what went wrong)."""
    overrides = {"editing_index": index.id, "index_edit_form": form}
    if request.htmx:
        return section(request, index.entity, "indexes_section", **overrides)
    return whole_page(request, index.entity.project, index.entity, **overrides)


@require_POST
def unique_create(request, slug: str, entity_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    entity = get_entity(project, entity_id)
    form = UniqueConstraintForm(request.POST, entity=entity, auto_id="new-unique-%s")
    if not (form.is_valid() and apply_form(request, project, form)):
        return section(request, entity, "constraints_section", unique_form=form)
    return done(request, entity, "constraints_section", "Added the unique constraint.")


@require_POST
def check_create(request, slug: str, entity_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    entity = get_entity(project, entity_id)
    form = CheckConstraintForm(request.POST, entity=entity, auto_id="new-check-%s")
    if not (form.is_valid() and apply_form(request, project, form)):
        return section(request, entity, "constraints_section", check_form=form)
    return done(request, entity, "constraints_section", "Added the check constraint.")


def _delete(request, project, item, part: str, name: str, what: str) -> HttpResponse:
    entity = get_entity(project, item.entity_id)
    applied, problem = apply_posted(request, project, [DeleteConstraint(part, str(item.id))])
    if not applied:
        return section(request, entity, name, problem=problem)
    return done(request, entity, name, f"Deleted the {what}.")


@require_POST
def index_delete(request, slug: str, index_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    return _delete(request, project, get_index(project, index_id), "index", "indexes_section",
                   "index")  # fmt: skip


@require_POST
def unique_delete(request, slug: str, unique_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    unique = get_unique(project, unique_id)
    return _delete(request, project, unique, "unique", "constraints_section", "unique constraint")


@require_POST
def check_delete(request, slug: str, check_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    check = get_check(project, check_id)
    return _delete(request, project, check, "check", "constraints_section", "check constraint")
