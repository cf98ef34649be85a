"""What PostgreSQL would refuse, the editor refuses: beside the input it is about, with
what was typed kept, and nothing saved (the mistakes of issue 12 that used to reach
the DDL). The rules are the model's (``designer.schema.validation``); the forms only
show them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from designer import models

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"designer:{name}", args=args)


def _refused(client, demo, path, data, form_name, hx) -> dict[str, list[str]]:
    """Post the form; it comes back with errors (status 200) and nothing changed."""
    before = models.Project.objects.get(pk=demo.pk).revision
    response = client.post(path, {"base_revision": before, **data}, **hx)
    assert response.status_code == 200
    assert models.Project.objects.get(pk=demo.pk).revision == before
    form = response.context[form_name]
    for name, value in data.items():
        if name in form.fields and isinstance(value, str) and value != "on":
            assert form[name].value() == value  # what was typed is kept
    return {name: list(errors) for name, errors in form.errors.items()}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"keys": "email", "name": "todos"},
            "name",
            "The index todos on users cannot be named 'todos': the table todos has that name",
        ),
        (
            {"keys": 'email "my ""ops"""'},
            "keys",
            "PostgreSQL has no operator class 'my \"ops\"' for btree indexes",
        ),
        ({"keys": "(random())"}, "keys", "random() is not immutable"),
        ({"keys": "email", "where": "created_at > now()"}, "where", "now() is not immutable"),
        ({"keys": "(created_at::date)"}, "keys", "the cast of timestamptz to date depends"),
        ({"keys": "email", "method": "gin"}, "method", "A gin index cannot cover email"),
    ],
)
def test_an_index_postgresql_would_refuse_is_refused_beside_its_input(
    client, demo, users, hx, data, field, message
):
    path = url("index_create", "demo", users.id)
    errors = _refused(client, demo, path, {"method": "btree", **data}, "index_form", hx)
    assert any(message in error for error in errors[field]), errors


def test_a_unique_constraint_named_like_the_primary_key_is_refused_at_its_name(
    client, demo, users, hx
):
    data = {"columns": "email", "name": "pk_users"}
    errors = _refused(client, demo, url("unique_create", "demo", users.id), data, "unique_form", hx)
    assert errors["name"] == [
        "The unique constraint pk_users cannot be named 'pk_users': the convention gives that "
        "name to the primary key of users (leave the name empty, or choose another)."
    ]


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("'x'", "'x' is not true or false"),
        ("1", "must be true or false, not of type integer"),
        ("char_length(created_at) > 0", "PostgreSQL has no function char_length(timestamptz)"),
    ],
)
def test_a_check_postgresql_would_refuse_is_refused_at_its_expression(
    client, demo, users, hx, expression, message
):
    data = {"expression": expression}
    errors = _refused(client, demo, url("check_create", "demo", users.id), data, "check_form", hx)
    assert any(message in error for error in errors["expression"]), errors


def test_a_default_of_another_type_is_refused_at_the_default(client, demo, users, hx):
    data = {"name": "visits", "data_type": "integer", "nullable": "on", "default": "now()"}
    errors = _refused(client, demo, url("field_create", "demo", users.id), data, "field_form", hx)
    assert errors["default"] == [
        "Default: it is of type timestamptz, which PostgreSQL does not store in a column of "
        "type integer."
    ]


def test_a_primary_key_named_like_a_table_is_refused_at_the_key_name(client, demo, users, hx):
    data = {"name": "users", "schema_name": "public", "description": "", "pk_name": "todos"}
    errors = _refused(client, demo, url("entity_edit", "demo", users.id), data, "entity_form", hx)
    assert "The primary key of users cannot be named 'todos'" in errors["pk_name"][0]


def test_an_extension_that_does_not_come_with_postgresql_is_refused_at_the_list(client, demo):
    data = {
        "name": demo.name,
        "description": "",
        "pg_version": 15,
        "key_strategy": demo.key_strategy,
        "review_profile": "strict",
        "extensions_text": "pg_trgm, postgis",
    }
    errors = _refused(client, demo, url("project_settings", "demo"), data, "form", {})
    assert (
        "The extension 'postgis' is not one that comes with PostgreSQL"
        in (errors["extensions_text"][0])
    )
