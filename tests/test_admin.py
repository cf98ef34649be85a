"""The Django admin shows the schema records and changes none of them: a change there
would skip the model's validation (a default or a check never checked), the revision,
the history and undo. The editor is the one way in (``designer.services.edits``)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from designer.admin import ReadOnly
from designer.demo import demo_schema
from designer.services.edits import create_project

pytestmark = [pytest.mark.store, pytest.mark.django_db]

DESIGNER_MODELS = list(apps.get_app_config("designer").get_models())


@pytest.fixture
def superuser_client(client):
    user = User.objects.create_superuser("root", "root@example.com", "secret")
    client.force_login(user)
    return client


def test_every_designer_record_in_the_admin_is_read_only():
    registered = {
        model: admin.site._registry[model]
        for model in DESIGNER_MODELS
        if model in admin.site._registry
    }
    assert {model.__name__ for model in registered} >= {
        "Project", "EnumType", "Entity", "Field", "Relationship", "Index",
        "UniqueConstraint", "CheckConstraint", "Suppression", "Change",
    }  # fmt: skip
    for model_admin in registered.values():
        assert isinstance(model_admin, ReadOnly), model_admin
        for inline in model_admin.inlines:
            assert issubclass(inline, ReadOnly), inline


def _admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:designer_{model._meta.model_name}_{action}", args=args)


def test_a_superuser_can_look_but_not_add_change_or_delete(superuser_client):
    demo = create_project(name="Demo", slug="demo", schema=demo_schema())
    todos = demo.entities.get(name="todos")
    field = todos.fields.get(name="title")
    before = (field.name, field.default, field.check_expression)
    Field = type(field)
    page = superuser_client.get(_admin_url(Field, "change", field.pk))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # a view page, no form to save
    changed = superuser_client.post(
        _admin_url(Field, "change", field.pk),
        {"name": "headline", "default": "0; DROP TABLE users", "check_expression": "(select 1)"},
    )
    assert changed.status_code == 403
    assert superuser_client.get(_admin_url(Field, "add")).status_code == 403
    assert (
        superuser_client.post(_admin_url(Field, "delete", field.pk), {"post": "yes"}).status_code
        == 403
    )
    field.refresh_from_db()
    assert (field.name, field.default, field.check_expression) == before
    listing = superuser_client.post(
        _admin_url(Field, "changelist"),
        {"action": "delete_selected", "_selected_action": [field.pk], "post": "yes"},
    )
    assert listing.status_code in {200, 302}  # no such action: nothing happens
    assert todos.fields.filter(pk=field.pk).exists()
    demo.refresh_from_db()
    assert demo.revision == 1
