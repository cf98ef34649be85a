"""What PostgreSQL's parser takes but the designer's model refuses: the importer leaves
out the smallest part each problem is about and lists it, repairs what PostgreSQL
repairs, and refuses the whole import when that cannot settle it (``fitting``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.generators.ddl import generate
from designer.importers.sql import import_sql
from designer.importers.summary import ImportFailure
from designer.schema.validation import validate


def _imported(sql: str):
    result = import_sql(sql)
    assert validate(result.schema) == []
    return result


def _lines(result) -> list[str]:
    return result.summary.lines()


CASES = {
    "a gin index on int": (
        "CREATE TABLE t (id int PRIMARY KEY, n int); CREATE INDEX t_n ON t USING gin (n);",
        "skipped: 1 index: t_n on t (a gin index cannot cover n: PostgreSQL has no default "
        "operator class for its type)",
    ),
    "an empty table beside another": (
        "CREATE TABLE t (); CREATE TABLE u (id int PRIMARY KEY);",
        "skipped: 1 table: t (a table needs at least one column)",
    ),
    "varchar(10485761)": (
        "CREATE TABLE t (id int PRIMARY KEY, huge varchar(10485761), note text);"
        "CREATE INDEX t_huge ON t (huge);",
        "skipped: 1 column: t.huge (the length of varchar must be between 1 and 10485760)",
    ),
    "a foreign key between types that cannot be compared": (
        "CREATE TABLE a (id uuid PRIMARY KEY);"
        "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));",
        "skipped: 1 foreign key: b(a_id) (b.a_id cannot reference a.id: PostgreSQL cannot "
        "compare their types)",
    ),
    "a check that reads another table": (
        "CREATE TABLE a (id int PRIMARY KEY);"
        "CREATE TABLE b (id int PRIMARY KEY, n int, CONSTRAINT b_n CHECK (a.id > n));",
        "skipped: 1 check constraint: b.b_n (check 'a.id > n': it reads 'a', not its own "
        "table 'b')",
    ),
    "numeric(2,5), which PostgreSQL 15 takes": (
        "CREATE TABLE t (id int PRIMARY KEY, ratio numeric(2,5));",
        "skipped: 1 column: t.ratio (the scale of numeric must be between 0 and its precision)",
    ),
    "an enum type without values": (
        "CREATE TYPE mood AS ENUM (); CREATE TABLE t (id int PRIMARY KEY, m mood);",
        "skipped: 1 type: mood (an enum type needs at least one value)",
    ),
    "a key on a type without equality": (
        "CREATE TABLE t (id int PRIMARY KEY, doc json UNIQUE);",
        "skipped: 1 unique constraint: t.doc (doc cannot be part of a key or unique "
        "constraint: PostgreSQL has no equality operator for its type)",
    ),
    "a comment of 10,001 characters": (
        f"CREATE TABLE t (id int PRIMARY KEY, a text);COMMENT ON COLUMN t.a IS '{'x' * 10_001}';",
        "skipped: 1 comment (description): t.a (the description is 10,001 characters long; "
        "at most 10,000 are allowed)",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_what_the_model_refuses_is_left_out_and_listed(case):
    sql, line = CASES[case]
    result = _imported(sql)
    assert line in _lines(result)
    assert not any(line.startswith("warning") for line in _lines(result))


def test_a_column_left_out_takes_what_reads_it_and_the_rest_of_the_table_stays():
    result = _imported(CASES["varchar(10485761)"][0])
    (table,) = result.schema.tables
    assert table.column_names == ("id", "note")
    assert table.indexes == ()
    assert "skipped: 1 index: t_huge on t (the index names the unknown column 'huge')" in (
        _lines(result)
    )


def test_columns_of_an_enum_type_left_out_go_with_it():
    result = _imported(CASES["an enum type without values"][0])
    assert result.schema.enums == ()
    assert result.schema.tables[0].column_names == ("id",)
    assert "skipped: 1 column: t.m (the enum type mood does not exist)" in _lines(result)


def test_timestamp_7_is_reduced_to_6_as_postgresql_does():
    result = _imported("CREATE TABLE t (id int PRIMARY KEY, at timestamptz(7), day time(9));")
    types = {column.name: column.type.precision for column in result.schema.tables[0].columns}
    assert types == {"id": None, "at": 6, "day": 6}
    assert "warning: t.at: timestamptz(7) reduced to timestamptz(6), as PostgreSQL does" in (
        _lines(result)
    )


def test_an_extension_postgresql_does_not_ship_is_left_out_with_what_uses_it():
    result = _imported(
        "CREATE EXTENSION IF NOT EXISTS postgis;"
        "CREATE EXTENSION IF NOT EXISTS citext;"
        "CREATE TABLE places (id int PRIMARY KEY, name text, shape geometry);"
    )
    assert result.schema.extensions == ("citext",)
    assert result.schema.tables[0].column_names == ("id", "name")
    lines = _lines(result)
    assert "skipped: 1 extension: postgis (it does not come with PostgreSQL)" in lines


def test_an_extension_comes_after_those_it_needs_which_are_added_when_missing():
    result = _imported("CREATE EXTENSION earthdistance; CREATE TABLE t (id int PRIMARY KEY);")
    assert result.schema.extensions == ("cube", "earthdistance")
    assert "warning: extension cube added: earthdistance needs it" in _lines(result)


def test_a_file_with_nothing_the_model_can_hold_is_refused():
    with pytest.raises(ImportFailure, match=r"nothing in the file can be imported \(skipped: 1 "):
        import_sql("CREATE TABLE t ();")


def test_what_leaving_parts_out_cannot_settle_refuses_the_whole_import():
    # An index named like another table: PostgreSQL refuses the script too.
    with pytest.raises(ImportFailure, match=r"^the designer cannot hold this schema: .*\ba\b"):
        import_sql("CREATE TABLE a (id int); CREATE TABLE b (id int); CREATE INDEX a ON b (id);")


def test_a_sound_script_is_untouched():
    result = _imported(
        "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(320) NOT NULL UNIQUE);"
        "CREATE INDEX users_lower_email ON users (lower(email));"
    )
    assert _lines(result)[1:] == []


@pytest.mark.postgres
def test_what_is_kept_applies_on_postgresql(pg_db):
    script = "\n".join(sql for sql, _ in CASES.values() if "CREATE TABLE t (" not in sql)
    result = _imported(script)
    pg_db.run(generate(result.schema))
    tables = pg_db.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    assert tables == [(len(result.schema.tables),)]


# -- expressions nested deeper than anything the designer keeps ---------------------------

PLACES = {
    "default": "CREATE TABLE t (a int, b int DEFAULT {constant});",
    "column check": "CREATE TABLE t (a int CHECK ({e} > 0));",
    "table check": "CREATE TABLE t (a int, CHECK ({e} > 0));",
    "added check": "CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT c CHECK ({e} > 0);",
    "index key": "CREATE TABLE t (a int);\nCREATE INDEX i ON t (({e}));",
    "index predicate": "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a) WHERE {e} > 0;",
    "domain check": "CREATE DOMAIN d AS int CHECK ({value} > 0);\nCREATE TABLE t (a d);",
    "view": "CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT {e} AS x FROM t;",
    "generated column": "CREATE TABLE t (a int, b int GENERATED ALWAYS AS ({e}) STORED);",
    "policy": "CREATE TABLE t (a int);\nCREATE POLICY p ON t USING ({e} > 0);",
    "set default": "CREATE TABLE t (a int, b int);\nALTER TABLE t ALTER b SET DEFAULT {constant};",
}
NESTINGS = {
    "sum": lambda n, leaf: " + ".join([leaf] * n),
    "calls": lambda n, leaf: "abs(" * n + leaf + ")" * n,
}


def _script(place: str, nesting: str, depth: int) -> str:
    make = NESTINGS[nesting]
    return PLACES[place].format(
        e=make(depth, "a"), constant=make(depth, "1"), value=make(depth, "VALUE")
    )


@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("nesting", list(NESTINGS))
@pytest.mark.parametrize("depth", [150, 400, 5000])
def test_a_deeply_nested_expression_is_left_out_or_refused_never_an_error(place, nesting, depth):
    try:
        result = import_sql(_script(place, nesting, depth))
    except ImportFailure as refused:
        assert "too deeply" in str(refused) or "memory exhausted" in str(refused)
        return
    assert validate(result.schema) == []
    assert result.schema.tables  # the table stays; the expression is left out and listed
    assert _lines(result)


def test_a_statement_too_deep_to_read_is_named_by_its_line():
    script = "CREATE TABLE ok (a int);\n\n" + _script("table check", "sum", 5000)
    with pytest.raises(ImportFailure, match="the statement at line 3 nests an expression too"):
        import_sql(script)


FRAGMENTS = [
    *(sql for sql, _ in CASES.values()),
    "CREATE TABLE ok (id int PRIMARY KEY, at timestamp(7));",
    "CREATE TABLE t2 (a int CHECK (" + " + ".join(["a"] * 200) + " > 0));",
    "CREATE TABLE t3 (a int); CREATE INDEX t3_a ON t3 USING hash (a, a);",
    "CREATE TABLE t4 (a int PRIMARY KEY); CREATE TABLE t5 (b text REFERENCES t4 (a));",
    'CREATE TABLE "t6 " (a int);',
]


@settings(max_examples=40)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5))
def test_any_mix_is_imported_valid_or_refused_with_a_message(fragments):
    try:
        result = import_sql("\n".join(fragments))
    except ImportFailure as refused:
        assert str(refused)
    else:
        assert validate(result.schema) == []
