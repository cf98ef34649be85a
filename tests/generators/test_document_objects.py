"""The document of a schema with issue 16's objects: domains, sequences, partitions,
NOT VALID constraints and the objects kept as SQL (a view, a materialized view,
functions, a trigger, a table option) — its exact text, where each object is said, that
user text in them cannot break the Markdown, and that its SQL runs on PostgreSQL."""

from __future__ import annotations

import re
from dataclasses import replace

import markdown
import pytest
from pglast import split

from designer.generators import ddl
from designer.generators.document import generate
from designer.generators.document.markdown import text
from designer.generators.document.objects import kind_word
from designer.generators.queries import examples
from designer.schema.model import (
    CheckConstraint,
    Column,
    ColumnType,
    Domain,
    ObjectKind,
    SqlObject,
)
from tests.generators.objects_schema import FILMS, every_kind_schema, objects_schema
from tests.generators.test_document import (
    ALLOWED_TAGS,
    HEADINGS,
    HOSTILE,
    _run_statements,
    _sql,
    blocks,
    outside_fences,
)
from tests.generators.test_queries import run_example
from tests.support.golden import assert_matches_golden


def _section(document: str, number: int) -> str:
    return document.split(f"## {number}. ", 1)[1].split(f"## {number + 1}. ", 1)[0]


def test_the_objects_document_matches_the_golden_file():
    assert_matches_golden("DATABASE_SCHEMA_objects.md", generate(objects_schema()))


def test_the_ten_sections_stay_the_ten_sections():
    document = generate(objects_schema())
    top = [line for line in outside_fences(document) if re.match(r"#{1,2} ", line)]
    assert top == HEADINGS


def _with_timestamps():
    """The objects schema with films keeping updated_at by the trigger (whose function
    comes after the objects created before the tables)."""
    schema = objects_schema()
    stamps = tuple(
        Column(f"c-films-{name}", name, ColumnType("timestamptz"), False, default="now()")
        for name in ("created_at", "updated_at")
    )
    films = schema.table(FILMS)
    films = replace(films, columns=films.columns + stamps, timestamps=True)
    return replace(schema, tables=tuple(films if t.id == films.id else t for t in schema.tables))


def _domain_calling_a_function():
    """A second domain whose check calls the function kept as SQL: the DDL creates it
    after that function."""
    schema = _with_timestamps()
    recent = Domain(
        "d-recent",
        "recent_year",
        ColumnType("integer"),
        checks=(
            CheckConstraint(
                "d-recent-ck", "VALUE <= date_part('year', last_day(now()))", "recent_check"
            ),
        ),
    )
    return replace(schema, domains=(*schema.domains, recent))


_every_kind = every_kind_schema  # one object of every kind


BUILDS = [objects_schema, _with_timestamps, _domain_calling_a_function, _every_kind]


def test_every_kind_of_object_has_its_part():
    schema = _every_kind()
    tables = _section(generate(schema), 2)
    assert {item.kind for item in schema.sql_objects} == set(ObjectKind)
    for item in schema.sql_objects:
        assert f"### {text(item.name)} ({kind_word(item.kind)})" in tables
        assert f"```sql\n{item.sql}\n```" in tables
    assert "**Purpose:** Empties the notes once they are archived." in tables
    overview = _section(generate(schema), 1)
    assert "| Row-level security policies (kept as SQL) | 1 |" in overview


@pytest.mark.parametrize("build", BUILDS)
def test_section_2_in_order_is_the_whole_ddl(build):
    schema = build()
    document = generate(schema)
    written = [s.strip() for body in _sql(document, "## 2.") for s in split(body)]
    script = [s.strip() for s in split(ddl.generate(schema))]
    assert script[0] == "SET check_function_bodies = false"
    assert [s for s in script if s not in ("BEGIN", "COMMIT")] == written


def test_each_object_is_said_where_it_belongs():
    schema = objects_schema()
    document = generate(schema)
    tables = _section(document, 2)
    # A domain: base type, checks, description and the columns of the type.
    assert (
        "| `year` | `integer` | YES | — | `VALUE >= 1901 AND VALUE <= 2155` | A calendar year "
        "a film can be released in. | `films.release_year` |"
    ) in tables
    # A column's type is its domain's name.
    assert "| `release_year` | `year` | YES | — | Year of release. |" in tables
    # A sequence: options, owner and the defaults that use it.
    assert (
        "| `ticket_number_seq` | START WITH 1000 CACHE 20 | — | `films.ticket_number` "
        "| Ticket numbers, shared by the box office application. |"
    ) in tables
    # The partitioned table and its partitions, with their bounds.
    assert "**Partitioned** by `RANGE (paid_at)`" in tables
    assert "`payments_default` `DEFAULT`" in tables
    assert "**Partition of** `payments`: the rows of the parent that no other partition" in tables
    # NOT VALID constraints are marked.
    assert "| `ck_films_title` | CHECK, NOT VALID | `(char_length(title) > 0)` |" in tables
    assert "| `fk_film_notes_film_id` | FOREIGN KEY, NOT VALID |" in tables
    # Each verbatim object: a heading, its description, what it depends on and reads.
    for item in schema.sql_objects:
        assert f"### {text(item.name)} ({item.kind.value})" in tables
    assert "**Purpose:** Films as the shop lists them." in tables
    assert "Created after `films`. Reads `films`. Mentions `film_id`, `title`," in tables
    overview = _section(document, 1)
    assert "| Partitions (of the tables above) | 2 |" in overview
    assert "| Functions (kept as SQL) | 2 |" in overview
    assert "1 view, 1 materialized view, 2 functions, 1 trigger, 1 table option" in overview
    integrity = _section(document, 8)
    assert "| `films.release_year`: `VALUE >= 1901 AND VALUE <= 2155` | Database |" in integrity
    assert "payments_2022_01" not in integrity.split("stored in the partition")[0]
    maintenance = _section(document, 10)
    assert "ALTER TABLE film_notes VALIDATE CONSTRAINT fk_film_notes_film_id;" in maintenance
    assert "REFRESH MATERIALIZED VIEW sales_by_film;" in maintenance


def test_user_text_in_an_object_cannot_break_the_document():
    hostile = SqlObject(
        "o-hostile",
        ObjectKind.VIEW,
        "odd <b>view</b> | `x`",
        "CREATE VIEW odd AS SELECT '```\n## 11. Not a section\n<script>x</script>' AS t;",
        depends_on=(FILMS,),
        reads=(FILMS,),
        columns=("title",),
        description=HOSTILE,
    )
    schema = replace(objects_schema(), sql_objects=(hostile,))
    document = generate(schema)
    top = [line for line in outside_fences(document) if re.match(r"#{1,2} ", line)]
    assert top == HEADINGS
    # The SQL is one block, exactly as kept.
    assert ("## 2. Tables", "sql", hostile.sql) in blocks(document)
    html = markdown.markdown(document, extensions=["tables", "fenced_code"])
    assert set(re.findall(r"<([a-z0-9]+)[\s>]", html)) <= ALLOWED_TAGS


@pytest.mark.postgres
@pytest.mark.parametrize("build", BUILDS)
def test_the_sql_of_sections_2_9_and_10_runs(pg_db, build):
    schema = build()
    document = generate(schema)
    pg_db.run("BEGIN;\n" + "\n\n".join(_sql(document, "## 2.")) + "\nCOMMIT;")
    from_document = pg_db.catalog()
    pg_db.reset()
    pg_db.run(ddl.generate(schema))
    assert pg_db.catalog() == from_document
    with pg_db.connect() as conn:
        conn.execute("INSERT INTO films (title, release_year) VALUES ('Alien', 1979)")
        conn.execute("INSERT INTO payments VALUES (1, 1, 9.99, '2022-01-15'), (2, 1, 5, now())")
        shown = {example.sql: example for example in examples(schema)}
        for number, body in enumerate(_sql(document, "## 9.")[1:]):
            run_example(conn, shown[body], f"shown_{number}")
        for body in _sql(document, "## 10."):
            _run_statements(conn, body)
        placed = conn.execute(
            "SELECT tableoid::regclass::text, payment_id FROM payments ORDER BY 2"
        ).fetchall()
    assert placed == [("payments_2022_01", 1), ("payments_default", 2)]
