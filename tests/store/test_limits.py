"""The bounds of ``designer.schema.limits`` fit the store's columns: a design holding a
value at every bound is kept and read back exactly (on SQLite, and on PostgreSQL in
``make test``, where a value longer than its column is an error), and one beyond a
bound is refused before the store sees it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer.demo import demo_schema
from designer.operations import Invalid, ReplaceSchema
from designer.schema.limits import (
    MAX_ATTRIBUTE_LENGTH,
    MAX_COUNT,
    MAX_DESCRIPTION_LENGTH,
    MAX_EXPRESSION_LENGTH,
    MAX_NUMBER_LENGTH,
    MAX_PATTERN_LENGTH,
    MAX_PROJECT_DESCRIPTION_LENGTH,
    MAX_PROJECT_NAME_LENGTH,
    MAX_RULE_LENGTH,
    MAX_TARGET_LENGTH,
    PG_VERSIONS,
)
from designer.schema.model import Suppression, Validation
from designer.services.edits import apply, create_project
from designer.store import load_schema, schema_cache

pytestmark = [pytest.mark.store, pytest.mark.django_db]


def _at_every_bound():
    schema = demo_schema()
    users, todos = schema.tables
    email = replace(
        users.columns[1],
        description="é" * MAX_DESCRIPTION_LENGTH,
        check="email <> '" + "x" * (MAX_EXPRESSION_LENGTH - 12) + "'",
        validation=Validation(
            min_length=0,
            max_length=MAX_COUNT,
            pattern="^" + "a?" * ((MAX_PATTERN_LENGTH - 2) // 2) + "$",
        ),
    )
    completed = todos.columns[4]
    amount = replace(
        todos.columns[5],
        validation=Validation(ge="-" + "9" * (MAX_NUMBER_LENGTH - 1), le="9" * MAX_NUMBER_LENGTH),
    )
    users = replace(
        users,
        description="u" * MAX_DESCRIPTION_LENGTH,
        columns=(users.columns[0], email, *users.columns[2:]),
    )
    todos = replace(todos, columns=(*todos.columns[:4], completed, amount, *todos.columns[6:]))
    relationship = replace(
        schema.relationships[0],
        from_attribute="f" * MAX_ATTRIBUTE_LENGTH,
        to_attribute="t" * MAX_ATTRIBUTE_LENGTH,
    )
    return replace(
        schema,
        name="n" * MAX_PROJECT_NAME_LENGTH,
        description="p" * MAX_PROJECT_DESCRIPTION_LENGTH,
        pg_version=PG_VERSIONS[-1],
        tables=(users, todos),
        relationships=(relationship,),
        suppressions=(
            Suppression(
                "r" * MAX_RULE_LENGTH, "t" * MAX_TARGET_LENGTH, "w" * MAX_DESCRIPTION_LENGTH
            ),
        ),
    )


def test_a_design_at_every_bound_is_kept_and_read_back():
    schema = _at_every_bound()
    project = create_project(name=schema.name, slug="bounds", schema=schema)
    schema_cache.clear()
    loaded = load_schema(project)
    assert replace(loaded, name=schema.name) == schema
    project.refresh_from_db()
    assert project.name == schema.name and len(project.description) == len(schema.description)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: replace(s, description=s.description + "\x00"), "NUL character"),
        (lambda s: replace(s, description="p" * (MAX_PROJECT_DESCRIPTION_LENGTH + 1)), "50,001"),
        (lambda s: replace(s, pg_version=PG_VERSIONS[-1] + 1), "from 13 to 18"),
    ],
)
def test_beyond_a_bound_nothing_reaches_the_store(change, message):
    project = create_project(name="Bounds", slug="bounds", schema=demo_schema())
    revision = project.revision
    with pytest.raises(Invalid, match=message):
        apply(project, [ReplaceSchema(change(demo_schema()))])
    project.refresh_from_db()
    assert project.revision == revision
