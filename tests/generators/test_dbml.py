"""The DBML export: a golden file, pydbml reads every export, and round trips —
DBML → design → DBML, the corpus's SQL → design → DBML → design, random designs — keep
every table, column, reference, index, enum and note DBML can carry.

What DBML cannot carry is listed once, in ``tests.support.dbml_compare.DBML_LIMITS``,
and is the only thing the comparisons leave out.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings

from designer.demo import demo_schema
from designer.generators.dbml import generate, name, string
from designer.importers.dbml import import_dbml
from designer.importers.sql import import_sql
from designer.schema.model import Generated, Schema
from tests.strategies import schemas
from tests.support.corpus import CORPUS_NAMES, corpus_sql
from tests.support.dbml_compare import DBML_LIMITS, comparable
from tests.support.examples import examples
from tests.support.golden import assert_matches_golden

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from pydbml import PyDBML

DBML_FILES = Path(__file__).resolve().parents[1] / "importers" / "dbml"


def _pydbml(text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return PyDBML.parse(text)


def _structure(text: str) -> dict:
    """What pydbml reads in a DBML text, as plain data (not the text)."""
    database = _pydbml(text)

    def subject(item) -> str:
        return getattr(item, "name", None) or f"`{item.text}`"

    return {
        "tables": {
            f"{t.schema}.{t.name}": (
                [
                    (c.name, str(c.type), c.pk, c.not_null, c.unique, c.autoinc, repr(c.default),
                     c.note.text)
                    for c in t.columns
                ],
                t.note.text,
                [
                    ([subject(s) for s in i.subjects], i.name, i.unique, i.type, i.pk, i.note.text)
                    for i in t.indexes
                ],
            )
            for t in database.tables
        },
        "refs": sorted(
            (
                r.type,
                [f"{c.table.schema}.{c.table.name}.{c.name}" for c in r.col1],
                [f"{c.table.schema}.{c.table.name}.{c.name}" for c in r.col2],
                r.name,
                r.on_delete,
                r.on_update,
            )
            for r in database.refs
        ),
        "enums": {
            f"{e.schema}.{e.name}": ([i.name for i in e.items], e.comment) for e in database.enums
        },
        "project": (database.project.name, database.project.items, database.project.note.text),
    }  # fmt: skip


def test_the_demo_matches_the_golden_file():
    assert_matches_golden("dbml/demo.dbml", generate(demo_schema()))


def test_pydbml_reads_the_demo_export():
    structure = _structure(generate(demo_schema()))
    assert set(structure["tables"]) == {"public.users", "public.todos"}
    assert structure["refs"] == [
        (">", ["public.todos.user_id"], ["public.users.id"], None, "cascade", None)
    ]


def test_a_dbml_file_comes_back_as_it_was_written():
    """roundtrip.dbml holds only what both DBML and a design carry, in the exporter's
    spelling: DBML → design → DBML gives the same text, and pydbml reads the same."""
    text = (DBML_FILES / "roundtrip.dbml").read_text()
    exported = generate(import_dbml(text).schema)
    assert _structure(exported) == _structure(text)
    assert exported == text


def test_the_shop_keeps_every_table_column_reference_index_enum_and_note():
    """shop.dbml uses every construct (inline refs, ``<``, ``<>``, TableGroup...): its
    design, written as DBML and read again, is the same design."""
    first = import_dbml((DBML_FILES / "shop.dbml").read_text()).schema
    text = generate(first)
    second = import_dbml(text).schema
    assert comparable(second) == comparable(first)
    assert generate(second) == text  # and the text is stable
    structure = _structure(text)
    assert len(structure["tables"]) == len(first.tables)
    assert len(structure["refs"]) == len(first.relationships)
    assert sum(len(t[2]) for t in structure["tables"].values()) == sum(
        len(t.indexes) + (t.primary_key is not None and len(t.primary_key.columns) > 1)
        for t in first.tables
    )


@pytest.mark.parametrize("corpus", CORPUS_NAMES)
def test_the_corpus_exported_to_dbml_reads_back_as_the_same_design(corpus):
    original = import_sql(corpus_sql(corpus)).schema
    text = generate(original)
    _pydbml(text)  # the real component reads it
    back = import_dbml(text)
    expected, found = comparable(original), comparable(back.schema)
    assert found["tables"].keys() == expected["tables"].keys()
    for table in expected["tables"]:
        assert found["tables"][table] == expected["tables"][table], table
    assert found == expected
    assert not [line for line in back.lines() if line.startswith("skipped:")]


def test_what_dbml_cannot_say_is_written_as_comments():
    schema = import_sql(
        """
        CREATE TABLE t (
            id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            n int CHECK (n > 0),
            m int,
            CONSTRAINT m_small CHECK (m < 10)
        );
        CREATE TABLE u (
            id int PRIMARY KEY,
            t_id int REFERENCES t DEFERRABLE INITIALLY DEFERRED,
            deleted boolean
        );
        CREATE UNIQUE INDEX u_live ON u (t_id) WHERE NOT deleted;
        """
    ).schema
    text = generate(schema)
    assert "n integer // check n > 0 (not in DBML)" in text
    assert "// check m_small: m < 10 (DBML has no checks)" in text
    assert "// generated always (not in DBML)" in text
    partial = (
        "// index t_id [unique, name: 'u_live'] WHERE NOT deleted (DBML has no partial indexes)"
    )
    assert partial in text
    assert "// deferred (not in DBML)" in text
    back = import_dbml(text).schema
    assert back.table(schema.tables[0].qname).checks == ()
    assert back.table(schema.tables[1].qname).indexes == ()
    assert set(DBML_LIMITS) >= {"check constraints", "partial indexes and INCLUDE columns"}


@pytest.mark.parametrize(
    "text",
    ["plain", "it's", "back\\slash", "two\nlines", "tab\there", 'a "quote"', "\\n", "a\r\nb"],
)
def test_strings_read_back_as_written(text):
    database = _pydbml(f"Table t {{\n  id int [note: {string(text)}]\n}}\n")
    assert database.tables[0].columns[0].note.text == text


@pytest.mark.parametrize("word", ["users", "my table", "café", "1st", "with-dash", "Ωmega"])
def test_names_read_back_as_written(word):
    database = _pydbml(f"Table {name(word)} {{\n  {name(word)} int\n}}\n")
    assert (database.tables[0].name, database.tables[0].columns[0].name) == (word, word)


def _carried(schema: Schema) -> bool:
    """Designs whose every name and enum value DBML can write (it has no escape for a
    double quote inside a name)."""
    words = [t.name for t in schema.tables] + [t.schema for t in schema.tables]
    words += [c.name for t in schema.tables for c in t.columns]
    words += [e.name for e in schema.enums] + [v for e in schema.enums for v in e.values]
    words += [i.name or "" for t in schema.tables for i in t.indexes]
    words += [r.name or "" for r in schema.relationships]
    return not any('"' in word or "`" in word for word in words) and not any(
        "`" in (c.default or "") for t in schema.tables for c in t.columns
    )


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(schemas())
def test_any_design_exported_to_dbml_reads_back_the_same(schema):
    assume(_carried(schema))
    text = generate(schema)
    _pydbml(text)
    back = import_dbml(text).schema
    assert comparable(back) == comparable(schema)


def test_identity_always_is_the_one_identity_dbml_lacks():
    schema = import_sql("CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY);").schema
    back = import_dbml(generate(schema)).schema
    assert back.tables[0].columns[0].generated is Generated.IDENTITY_BY_DEFAULT
    assert re.search(r"id integer \[pk, increment\]", generate(schema))


def test_comments_stay_on_one_line_whatever_the_sql_holds():
    schema = import_sql(
        "CREATE TABLE t (\n  id int PRIMARY KEY,\n  n int CHECK (n >\n 0),\n  d boolean\n);\n"
        "CREATE INDEX t_live ON t (n) WHERE\n  NOT d;\n"
    ).schema
    schema = replace(schema, name="two\nlines", description="first\nsecond")
    text = generate(schema)
    _pydbml(text)
    back = import_dbml(text).schema
    assert back.name == "two lines" and back.description == "first\nsecond"
    assert back.tables[0].column_names == ("id", "n", "d")
