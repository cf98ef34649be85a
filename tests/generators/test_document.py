"""The schema document: its exact text for the demo, its structure for any schema, the
Markdown it renders to, and every SQL statement in it run on a real PostgreSQL."""

from __future__ import annotations

import re
from dataclasses import replace

import markdown
import pytest
from hypothesis import given, settings
from pglast import split

from designer.demo import demo_schema
from designer.generators import ddl, mermaid, migration, sample_data, sqlmodel
from designer.generators.document import SECTIONS, DocumentOptions, generate
from designer.generators.document.index_strategy import rationale
from designer.generators.document.markdown import code, fence, text
from designer.generators.queries import examples
from designer.schema.model import (
    Column,
    ColumnType,
    Index,
    IndexElement,
    IndexMethod,
    QName,
    Schema,
    Table,
)
from designer.schema.naming import assign_names
from tests.generators.test_queries import run_example
from tests.strategies import schemas
from tests.support.golden import assert_matches_golden
from tests.support.postgres import one_database_per_test

HEADINGS = [
    "# Database Schema Design",
    "## 1. Overview",
    "## 2. Tables",
    "## 3. Entity Relationship Diagram",
    "## 4. SQLModel Classes",
    "## 5. Index Strategy",
    "## 6. Sample Data",
    "## 7. Migration Strategy",
    "## 8. Data Integrity Rules",
    "## 9. Query Examples",
    "## 10. Maintenance Recommendations",
]
# What the rendered document may contain as HTML: nothing a user typed can add to it.
ALLOWED_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "strong", "em", "code", "pre"}
ALLOWED_TAGS |= {"table", "thead", "tbody", "tr", "th", "td"}
HOSTILE = (
    'It\'s "quoted" <script>alert(1)</script> <b>bold</b> &copy; | pipe ``` fence\n'
    "# not a heading\r\n* not a list | [link](http://example.com) `tick` \\ back\\slash"
)
_FENCE = re.compile(r"^(`{3,})([\w-]*)$")


def blocks(document: str) -> list[tuple[str, str, str]]:
    """(section heading, language, text) of every fenced block, in order."""
    found, section, lines = [], "", document.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("## "):
            section = line
        opening = _FENCE.match(line)
        if opening:
            end = lines.index(opening.group(1), index + 1)
            found.append((section, opening.group(2), "\n".join(lines[index + 1 : end])))
            index = end
        index += 1
    return found


def outside_fences(document: str) -> list[str]:
    """The lines of the document that are not inside a fenced block."""
    kept, fence_ = [], None
    for line in document.splitlines():
        if fence_ is None:
            match = _FENCE.match(line)
            if match:
                fence_ = match.group(1)
            else:
                kept.append(line)
        elif line == fence_:
            fence_ = None
    return kept


def _sql(document: str, section: str) -> list[str]:
    return [body for heading, language, body in blocks(document) if heading.startswith(section)
            and language == "sql"]  # fmt: skip


_EXAMPLES = "\n### Examples generated from the design\n"


def _saved_and_examples(document: str) -> tuple[list[str], list[str]]:
    """Section 9's SQL blocks: those of the saved queries (their SQL and the indexes
    suggested for them), and those of the generated examples."""
    section_9 = _sql(document, "## 9.")
    if _EXAMPLES not in document:
        return [], section_9
    after = document.split(_EXAMPLES, 1)[1]
    later = [body for heading, language, body in blocks(after) if not heading and language == "sql"]
    return section_9[: len(section_9) - len(later)], later


def _label(qname: QName) -> str:
    return str(qname)


# --- text ---------------------------------------------------------------------------------


def test_the_demo_matches_the_golden_file():
    document = generate(demo_schema())
    assert_matches_golden("DATABASE_SCHEMA.md", document)


def test_the_headings_are_the_seeds_ten_sections_in_order():
    document = generate(demo_schema())
    top = [line for line in outside_fences(document) if re.match(r"#{1,2} ", line)]
    assert top == HEADINGS
    assert [f"## {heading}" for heading, _ in SECTIONS] == HEADINGS[1:]


def test_the_demo_document_holds_each_generators_own_text():
    schema = demo_schema()
    document = generate(schema)
    found = blocks(document)
    assert (
        "## 3. Entity Relationship Diagram",
        "mermaid",
        mermaid.generate(schema).rstrip("\n"),
    ) in found
    assert ("## 4. SQLModel Classes", "python", sqlmodel.generate(schema).rstrip("\n")) in found
    assert ("## 6. Sample Data", "sql", sample_data.generate(schema).rstrip("\n")) in found
    section_7 = _sql(document, "## 7.")
    assert migration.up(schema).rstrip("\n") in section_7
    assert migration.down(schema).rstrip("\n") in section_7
    plan = ddl.creation_plan(schema)
    section_2 = _sql(document, "## 2.")
    assert section_2[1:] == [ddl.table_block(schema, t, plan) for t in plan.tables]
    saved, section_9 = _saved_and_examples(document)
    assert [e.sql for e in examples(schema)] == section_9[1:]
    shown = [body for body in saved if not body.startswith("CREATE")]  # not the suggestions
    assert [query.sql for query in schema.queries] == shown


def test_the_demo_reads_like_an_expert_deliverable():
    document = generate(demo_schema())
    assert "**Purpose:** People who sign in and own todo items." in document
    assert (
        "| `email` | `varchar(255)` | NO | — | Sign-in address; unique across users. |" in document
    )
    assert (
        "| `fk_todos_user_id` | FOREIGN KEY | `(user_id) REFERENCES users (id) ON DELETE CASCADE` |"
        in document
    )
    assert (
        "`users.password_hash` is never returned by the API | Application | left out of `UserRead`"
        in document
    )
    assert "`UserBase.email`: `Field(pattern=...)`" in document
    assert "Every foreign key is covered by an index." in document
    assert "**High-churn tables:** `todos`, `users`" in document


@given(schemas())
def test_any_schema_gets_the_ten_sections_and_a_heading_per_table(schema):
    document = generate(schema)
    lines = outside_fences(document)
    assert [line for line in lines if re.match(r"#{1,2} ", line)] == HEADINGS
    start, end = lines.index("## 2. Tables"), lines.index("## 3. Entity Relationship Diagram")
    tables = [line for line in lines[start:end] if line.startswith("### ")]
    expected = [f"### {text(_label(t.qname))}" for t in ddl.creation_plan(schema).tables]
    assert tables == expected
    assert generate(schema) == document


@settings(max_examples=25)  # Python-Markdown takes a good part of a second per document
@given(schemas())
def test_any_schema_renders_without_html_from_user_text(schema):
    html = markdown.markdown(generate(schema), extensions=["tables", "fenced_code"])
    assert set(re.findall(r"<(\w+)", html)) <= ALLOWED_TAGS
    for table in re.findall(r"<table>.*?</table>", html, flags=re.S):
        header = len(re.findall(r"<th>", table))
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]:
            assert len(re.findall(r"<td>", row)) == header


def test_hostile_text_stays_text():
    users, todos = demo_schema().tables
    hostile_column = replace(users.columns[1], description=HOSTILE)
    users = replace(users, description=HOSTILE, columns=(users.columns[0], hostile_column,
                                                          *users.columns[2:]))  # fmt: skip
    index = replace(todos.indexes[0], rationale=HOSTILE)
    todos = replace(todos, indexes=(index,))
    schema = replace(demo_schema(), name=HOSTILE, description=HOSTILE, tables=(users, todos))
    document = generate(schema)
    html = markdown.markdown(document, extensions=["tables", "fenced_code"])
    assert "<script>" not in html and "<b>" not in html
    assert set(re.findall(r"<(\w+)", html)) <= ALLOWED_TAGS
    assert html.count("<h2>") == 10  # no heading smuggled in, none broken
    assert html.count("<pre>") == len(blocks(document))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[link](http://example.com)" in html  # shown, not a link


def test_markdown_pieces_hold_any_text():
    assert code("a`b") == "``a`b``"
    assert code("`x") == "`` `x ``"
    assert fence("```\nx", "sql") == "````sql\n```\nx\n````"
    assert text("a|b <c> *d* snake_case _e_") == r"a\|b &lt;c&gt; \*d\* snake_case \_e\_"


# --- index rationales ---------------------------------------------------------------------


def _indexed(index: Index, *columns: Column) -> tuple[Schema, Table]:
    table = Table("t-events", "events", columns)
    table = replace(table, indexes=(index,))
    return Schema(tables=(table,)), table


def test_an_index_without_a_rationale_says_why_it_exists():
    payload = Column("c-payload", "payload", ColumnType("jsonb"))
    email = Column("c-email", "email", ColumnType("varchar", length=255))
    gin = Index("i-gin", (IndexElement(column="payload"),), method=IndexMethod.GIN)
    lower = Index("i-lower", (IndexElement(expression="lower(email)"),), where="email IS NOT NULL")
    schema, table = _indexed(gin, payload, email)
    why = rationale(schema, table, gin, assign_names(schema))
    assert why.startswith(
        "GIN index for containment and key-existence queries on the jsonb payload"
    )
    schema, table = _indexed(lower, payload, email)
    why = rationale(schema, table, lower, assign_names(schema))
    assert why.startswith("Serves case-insensitive lookups")
    assert "Partial: only rows where email IS NOT NULL are indexed" in why


def test_an_index_on_a_foreign_key_says_which_key_it_covers():
    schema = demo_schema()
    users, todos = schema.tables
    bare = replace(todos.indexes[0], rationale="")
    todos = replace(todos, indexes=(bare,))
    schema = replace(schema, tables=(users, todos))
    why = rationale(schema, todos, bare, assign_names(schema))
    assert why.startswith("Covers the foreign key todos.user_id → users:")
    assert "the ON DELETE CASCADE that deletes them with it" in why
    document = generate(schema)
    assert "Covers the foreign key todos.user_id → users" in document


def test_the_options_choose_the_sample_rows():
    document = generate(demo_schema(), DocumentOptions(sample_rows=3, seed=7))
    assert "3 rows per table (6 in all)" in document
    assert sample_data.generate(demo_schema(), sample_data.SampleDataOptions(3, 7)) in document


# --- on a real PostgreSQL -------------------------------------------------------------------


def _run_statements(conn, body: str) -> None:
    """Each statement of a block; one that reads pg_stat_statements is planned (EXPLAIN):
    its data needs the library preloaded, which a test server does not do."""
    for statement in split(body):
        if "FROM pg_stat_statements" in statement:
            conn.execute(f"EXPLAIN {statement}")
        else:
            conn.execute(statement)


def _extensions(pg_db) -> list[tuple]:
    return pg_db.query("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1")


def _drop_extensions(pg_db) -> None:
    for (name,) in _extensions(pg_db):
        pg_db.run(f'DROP EXTENSION "{name}" CASCADE')


def run_every_block(pg_db, schema: Schema) -> None:
    """Run every SQL block of the document, in the order a reader would."""
    document = generate(schema)
    section_2 = _sql(document, "## 2.")
    pg_db.run("BEGIN;\n" + "\n\n".join(section_2) + "\nCOMMIT;")
    from_document = pg_db.catalog(), _extensions(pg_db)
    _drop_extensions(pg_db)
    pg_db.reset()
    pg_db.run(ddl.generate(schema))
    # Section 2, in order, is the whole DDL.
    assert (pg_db.catalog(), _extensions(pg_db)) == from_document
    with pg_db.connect() as conn:
        for body in _sql(document, "## 5."):  # suggested indexes, if any
            _run_statements(conn, body)
    (data,) = _sql(document, "## 6.")
    pg_db.run(data)
    saved, section_9 = _saved_and_examples(document)
    queries = {query.sql for query in schema.queries}
    with pg_db.connect() as conn:
        # The saved queries are planned against the design (their names and types), and
        # the indexes suggested for them are created.
        for number, body in enumerate(saved):
            if body in queries:
                conn.execute(f"PREPARE saved_{number} AS {body}")
                conn.execute(f"DEALLOCATE saved_{number}")
            else:
                _run_statements(conn, body)
        if section_9 and section_9[0].startswith("PREPARE"):
            _run_statements(conn, section_9[0])
        shown = {example.sql: example for example in examples(schema)}
        for number, body in enumerate(section_9[1:] if section_9 else []):
            run_example(conn, shown[body], f"shown_{number}")
        for body in _sql(document, "## 10."):
            _run_statements(conn, body)
    up, down, verify = _sql(document, "## 7.")
    pg_db.reset()
    pg_db.run(up)
    with pg_db.connect() as conn:
        assert all(found == expected for _, found, expected in conn.execute(verify))
    pg_db.run(down)
    with pg_db.connect() as conn:
        assert all(found == 0 for _, found, _ in conn.execute(verify))


@pytest.mark.postgres
def test_every_sql_statement_of_the_demo_document_runs(pg_db):
    document = generate(demo_schema())
    sections = {heading for heading, language, _ in blocks(document) if language == "sql"}
    assert {"## 2. Tables", "## 6. Sample Data", "## 7. Migration Strategy"} <= sections
    assert {"## 9. Query Examples", "## 10. Maintenance Recommendations"} <= sections
    run_every_block(pg_db, demo_schema())


@pytest.mark.postgres
@one_database_per_test(max_examples=30)
@given(schema=schemas())
def test_every_sql_statement_of_any_document_runs(pg_db, schema):
    _drop_extensions(pg_db)  # reset() empties the schemas, not the extensions
    pg_db.reset()
    run_every_block(pg_db, schema)


def _section_7(document: str) -> str:
    return document.split("## 7. Migration Strategy", 1)[1].split("## 8.", 1)[0]


def test_section_7_shows_the_migration_from_the_previous_version():
    from designer.generators.migration_sql import UP, migration
    from designer.operations import DeleteField, EditField, run

    v1 = demo_schema()
    users = v1.table(QName("public", "users"))
    todos = v1.table(QName("public", "todos"))
    now = run(
        v1,
        [
            EditField(users.column("email").id, {"name": "mail"}),
            DeleteField(todos.column("description").id),
        ],
    ).after
    section = _section_7(generate(now, DocumentOptions(previous=("v1", v1))))
    assert section.index("### From version `v1` to this design") < section.index(
        "### Initial migration"
    )
    assert "renamed column users.email to users.mail — ACCESS EXCLUSIVE lock on users" in section
    assert "removed column todos.description (**destructive, irreversible**)" in section
    assert fence(migration(v1, now).sql(UP), "sql") in section
    assert "ALTER TABLE users RENAME COLUMN mail TO email;" in section  # the down
    # without a previous version, the section is as before
    assert "From version" not in _section_7(generate(now))


def test_section_7_says_when_nothing_changed_since_the_previous_version():
    section = _section_7(generate(demo_schema(), DocumentOptions(previous=("v2", demo_schema()))))
    assert "No change since `v2`" in section
