"""No bad input gives a 500: each of the issue's inputs comes back as a page (status 200)
with a clear message beside the input it is about, what was typed kept, nothing saved.

Marked ``store``: ``make test`` runs these again with the store on PostgreSQL, which
refuses what SQLite would keep (NUL characters, values longer than their columns)."""

from __future__ import annotations

import copy
import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from designer import models
from designer.demo import demo_schema
from designer.schema.design_file import dump
from designer.services.review import review
from designer.store import current_schema
from tests.views.test_review import make_flawed

pytestmark = [pytest.mark.store, pytest.mark.django_db]

DEEP_SUM = " + ".join(["1"] * 200)
DEEP = "nested too deeply"


def url(name, *args):
    return reverse(f"designer:{name}", args=args)


def error_beside(response, input_id: str) -> str:
    """The error shown with the input ``input_id`` (which says it is invalid), as text."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    position = page.index(f'id="{input_id}"')
    tag = page[page.rindex("<", 0, position) : page.index(">", position) + 1]
    assert 'aria-invalid="true"' in tag, tag
    block = page[page.rindex('<div class="fld', 0, position) : page.index("</div>", position)]
    errors = re.search(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', block, re.S)
    assert errors, block
    return html.unescape(re.sub(r"<[^>]+>", "", errors.group(1)))


def field_data(**values):
    data = {"name": "notes", "data_type": "text", "nullable": "on"}
    data.update(values)
    return data


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"default": DEEP_SUM}, "default", DEEP),
        ({"default": "+".join(["1"] * 5000)}, "default", DEEP),
        ({"default": "(" * 5001 + "1" + ")" * 5001}, "default", "at most 10,000 are allowed"),
        ({"check_expression": "abs(" * 300 + "1) > 0" + ")" * 299}, "check_expression", DEEP),
        ({"data_type": "integer", "ge": "nan"}, "ge", "The minimum 'nan' is not a finite"),
        ({"data_type": "integer", "le": "1e999999999"}, "le", "'1e999999999' is not a finite"),
        ({"pattern": r"(a)\1"}, "pattern", "Pydantic cannot use this regular expression"),
        ({"pattern": "^(?=x)"}, "pattern", "look-around"),
        # The model's bound; on PostgreSQL the form's own check of the column comes first.
        (
            {"min_length": str(10**15)},
            "min_length",
            "(must be at most 2,147,483,647|less than or equal to 2147483647)",
        ),
        ({"description": "d" * 10_001}, "description", "10,001 characters long"),
    ],
)
def test_a_bad_field_is_explained_beside_its_input(client, demo, todos, hx, values, field, message):
    response = client.post(url("field_create", "demo", todos.id), field_data(**values), **hx)
    assert re.search(message, error_beside(response, f"new-field-{field}"))
    assert not todos.fields.filter(name="notes").exists()


def test_a_number_the_database_cannot_hold_is_explained_too(client, demo, todos, hx):
    response = client.post(
        url("field_create", "demo", todos.id), field_data(min_length=str(10**30)), **hx
    )
    assert error_beside(response, "new-field-min_length")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"keys": f"({DEEP_SUM})"}, "keys", DEEP),
        ({"keys": "(" + "abs(" * 5000 + "1" + ")" * 5001}, "keys", "characters long"),
        ({"keys": "title", "where": f"{DEEP_SUM} > 0"}, "where", DEEP),
        ({"keys": "title", "rationale": "r" * 10_001}, "rationale", "10,001 characters long"),
    ],
)
def test_a_bad_index_is_explained_beside_its_input(client, demo, todos, hx, data, field, message):
    indexes = todos.indexes.count()
    data = {"method": "btree", **data}
    response = client.post(url("index_create", "demo", todos.id), data, **hx)
    assert message in error_beside(response, f"new-index-{field}")
    assert todos.indexes.count() == indexes


def test_a_deep_check_is_explained_beside_its_input(client, demo, todos, hx):
    data = {"expression": f"title <> '' AND {DEEP_SUM} > 0", "name": ""}
    response = client.post(url("check_create", "demo", todos.id), data, **hx)
    assert DEEP in error_beside(response, "new-check-expression")
    assert not todos.check_constraints.exists()


def test_long_descriptions_are_explained_beside_their_inputs(client, demo, todos, hx):
    long = "d" * 10_001
    response = client.post(
        url("entity_edit", "demo", todos.id),
        {"name": "todos", "schema_name": "public", "description": long, "timestamps": "on"},
        **hx,
    )
    assert "10,001 characters long" in error_beside(response, "entity-description")
    response = client.post(
        url("entity_create", "demo"), {"name": "notes", "description": long}, **hx
    )
    assert "at most 10,000" in error_beside(response, "new-entity-description")
    response = client.post(
        url("enum_create", "demo"),
        {"name": "mood", "values_text": "happy\nsad", "description": long},
        **hx,
    )
    assert "at most 10,000" in error_beside(response, "new-enum-description")
    assert current_schema(demo).tables[1].description == todos.description
    assert not demo.entities.filter(name="notes").exists() and not demo.enum_types.exists()


def test_a_project_description_of_fifteen_megabytes_is_refused(client, demo, hx):
    project = {"name": "Big", "pg_version": "15", "key_strategy": "uuid"}
    response = client.post(
        url("project_list"), {**project, "slug": "big", "description": "x" * 15_000_000}
    )
    assert "15,000,000 characters long; at most 50,000" in error_beside(
        response, "new-project-description"
    )
    assert not models.Project.objects.filter(slug="big").exists()
    settings = {
        "name": "Todo app (demo)",
        "description": "x" * 50_001,
        "pg_version": "15",
        "key_strategy": "uuid",
        "timestamps_default": "on",
        "review_profile": "strict",
        "extensions_text": "",
    }
    response = client.post(url("project_settings", "demo"), settings, **hx)
    page = response.content.decode()
    assert response.status_code == 200 and "50,001 characters long" in html.unescape(page)
    demo.refresh_from_db()
    assert demo.description == demo_schema().description


def test_an_accepted_findings_reason_is_bounded(client, demo, hx):
    flawed = make_flawed(demo)
    finding = next(f for f in review(flawed).open if f.rule == "fk-no-on-delete")
    data = {"rule": finding.rule, "target": finding.target.key, "reason": "r" * 10_001}
    response = client.post(url("review_suppress", "demo"), data, **hx)
    assert response.status_code == 200
    assert '<p class="errorlist" role="alert">The reason is 10,001 characters long' in (
        html.unescape(response.content.decode())
    )
    assert not flawed.suppressions.exists()


# -- the Import page ----------------------------------------------------------------------


def _upload(client, content: bytes, name="design.json"):
    data = {"source": "file", "target": "new", "file": SimpleUploadedFile(name, content)}
    return client.post(url("import"), data)


def _import_error(response) -> str:
    assert response.status_code == 200, response.status_code
    errors = re.search(
        r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    assert errors, response.content.decode()[:3000]
    return html.unescape(re.sub(r"<[^>]+>", "", errors.group(1)))


def _design(change) -> bytes:
    data = copy.deepcopy(dump(demo_schema()))
    change(data)
    return json.dumps(data).encode()


def _email(data):
    return data["tables"][0]["columns"][1]


DESIGN_FILES = {
    "nested 5,000 levels": (
        b'{"format": "pg-schema-designer", "a": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        "nested too deeply",
    ),
    "a 5,000-digit integer": (
        _design(lambda d: None).replace(b'"pg_version": 15', b'"pg_version": ' + b"9" * 5000),
        "more than 4,300 digits",
    ),
    "min_length of 10**30": (
        _design(lambda d: _email(d)["validation"].update(min_length=10**30)),
        "must be at most 2,147,483,647",
    ),
    "pg_version -1": (_design(lambda d: d["project"].update(pg_version=-1)), "from 13 to 18"),
    "pg_version 10**6": (
        _design(lambda d: d["project"].update(pg_version=10**6)),
        "from 13 to 18",
    ),
    "a lone surrogate": (
        _design(lambda d: d["tables"][0].update(name="users\ud800")),
        "table users\\ud800: the table name contains an invalid character",
    ),
    "a NUL character": (
        _design(lambda d: _email(d).update(description="a\x00b")),
        "the description contains a NUL character",
    ),
    "a NUL in an enum value": (
        _design(
            lambda d: d["enums"].append(
                {
                    "id": "9e0f8d4e-0000-4000-8000-000000000000",
                    "schema": "public",
                    "name": "mood",
                    "values": ["ok\x00"],
                    "description": "",
                }
            )
        ),
        "contains a NUL character",
    ),
    "a name longer than its column": (
        _design(lambda d: d["project"].update(name="n" * 201)),
        "the project name is 201 characters long",
    ),
    "ge of nan": (
        _design(lambda d: _email(d)["validation"].update(ge="nan")),
        "is not a finite number",
    ),
    "an invalid pattern": (
        _design(lambda d: _email(d)["validation"].update(pattern="[")),
        "not a valid regular expression",
    ),
    "a deep default": (_design(lambda d: _email(d).update(default=DEEP_SUM)), DEEP),
}


@pytest.mark.parametrize("case", list(DESIGN_FILES))
def test_a_design_file_that_cannot_be_stored_is_refused_on_the_import_page(client, case):
    content, message = DESIGN_FILES[case]
    assert message in _import_error(_upload(client, content))
    assert not models.Project.objects.exists() and not models.ImportDraft.objects.exists()


def _paste(client, sql: str):
    return client.post(url("import"), {"source": "paste", "target": "new", "sql": sql})


def test_sql_the_model_refuses_is_shown_in_the_preview_and_the_rest_imports(client):
    sql = (
        "CREATE TABLE t (id int PRIMARY KEY, n int, huge varchar(10485761), at timestamp(7));\n"
        "CREATE INDEX t_n ON t USING gin (n);\n"
        "CREATE TABLE empty ();\n"
        "CREATE TABLE a (id uuid PRIMARY KEY);\n"
        "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id), CHECK (a.id > 0));\n"
    )
    response = _paste(client, sql)
    assert response.status_code == 302
    preview = client.get(response["Location"])
    text = html.unescape(preview.content.decode())
    for line in (
        "skipped: 1 table: empty (a table needs at least one column)",
        "skipped: 1 column: t.huge (the length of varchar must be between 1 and 10485760)",
        "skipped: 1 index: t_n on t (a gin index cannot cover n",
        "skipped: 1 foreign key: b(a_id) (b.a_id cannot reference a.id",
        "skipped: 1 check constraint: check on b.id (check: it reads 'a', not its own table",
        "warning: t.at: timestamp(7) reduced to timestamp(6), as PostgreSQL does",
    ):
        assert line in text
    done = client.post(response["Location"], {"slug": "fitted"})
    assert done.status_code == 302
    schema = current_schema(models.Project.objects.get(slug="fitted"))
    assert [table.name for table in schema.tables] == ["t", "a", "b"]


def test_sql_nested_too_deeply_to_read_is_refused_with_its_line(client):
    sql = "CREATE TABLE ok (a int);\nCREATE TABLE t (a int CHECK (" + "+".join(["a"] * 5000)
    response = _paste(client, sql + " > 0));")
    assert "the statement at line 2 nests an expression too deeply" in _import_error(response)
    assert not models.ImportDraft.objects.exists()


def test_sql_that_leaves_nothing_to_import_is_refused(client):
    response = _paste(client, "CREATE TABLE nothing ();")
    assert "nothing in the file can be imported" in _import_error(response)


def test_a_preview_that_can_no_longer_be_saved_says_so(client):
    response = _paste(client, "CREATE TABLE t (id int PRIMARY KEY);")
    draft = models.ImportDraft.objects.get()
    draft.design["project"]["description"] = "x" * 50_001  # staged before the bound existed
    draft.save()
    confirm = client.post(response["Location"], {"slug": "stale"})
    assert "The description is 50,001 characters long; at most 50,000" in _import_error(confirm)
    assert not models.Project.objects.exists()
