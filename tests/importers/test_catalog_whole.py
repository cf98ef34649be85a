"""The whole-catalog comparison sees every kind of object it claims to, one line each.

Two databases are built from the same script but for one change; ``differences`` must
name that change in the part of the catalog it belongs to (and nothing else). And the
same script applied twice reads as the same catalog, for every corpus schema: nothing
read depends on object ids or creation order.
"""

from __future__ import annotations

import pytest

from tests.importers.roundtrip import differences
from tests.support.corpus import CORPUS_NAMES, corpus_sql

pytestmark = pytest.mark.postgres

BASE = "CREATE TABLE t (id integer PRIMARY KEY, a text, b integer);\n"
TRIGGER_FUNCTION = (
    "CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';\n"
)
ROW = "ON t FOR EACH ROW EXECUTE FUNCTION tf();"

# (id, what A adds to BASE, what B adds instead, the parts the difference shows in)
CASES = [
    (
        "view definition",
        "CREATE VIEW v AS SELECT id FROM t;",
        "CREATE VIEW v AS SELECT id, a FROM t;",
        {"views", "view columns"},
    ),
    (
        "view comment",
        "CREATE VIEW v AS SELECT id FROM t; COMMENT ON VIEW v IS 'x';",
        "CREATE VIEW v AS SELECT id FROM t; COMMENT ON VIEW v IS 'y';",
        {"other comments"},
    ),
    (
        "materialized view index",
        "CREATE MATERIALIZED VIEW m AS SELECT id FROM t; CREATE INDEX m_id ON m (id);",
        "CREATE MATERIALIZED VIEW m AS SELECT id FROM t;",
        {"indexes"},
    ),
    (
        "materialized view left unpopulated",
        "CREATE MATERIALIZED VIEW m AS SELECT id FROM t;",
        "CREATE MATERIALIZED VIEW m AS SELECT id FROM t WITH NO DATA;",
        {"views"},
    ),
    (
        "function volatility",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql STABLE AS 'SELECT 1';",
        {"routines"},
    ),
    (
        "function security and strictness",
        "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x';",
        "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql STRICT SECURITY DEFINER AS 'SELECT x';",
        {"routines"},
    ),
    (
        "function arguments",
        "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT 1';",
        "CREATE FUNCTION f(x bigint) RETURNS int LANGUAGE sql AS 'SELECT 1';",
        {"routines"},
    ),
    (
        "function comment",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';"
        "COMMENT ON FUNCTION f() IS 'x';",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
        {"other comments"},
    ),
    (
        "procedure body",
        "CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';",
        "CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 2';",
        {"routines"},
    ),
    (
        "aggregate",
        "CREATE AGGREGATE ag(int) (SFUNC = int4pl, STYPE = int);",
        "CREATE AGGREGATE ag(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0');",
        {"routines"},
    ),
    (
        "trigger timing",
        TRIGGER_FUNCTION + f"CREATE TRIGGER tr BEFORE INSERT {ROW}",
        TRIGGER_FUNCTION + f"CREATE TRIGGER tr AFTER INSERT {ROW}",
        {"triggers"},
    ),
    (
        "trigger name",
        TRIGGER_FUNCTION + f"CREATE TRIGGER tr BEFORE INSERT {ROW}",
        TRIGGER_FUNCTION + f"CREATE TRIGGER tr2 BEFORE INSERT {ROW}",
        {"triggers"},
    ),
    (
        "disabled trigger",
        TRIGGER_FUNCTION + f"CREATE TRIGGER tr BEFORE INSERT {ROW}",
        TRIGGER_FUNCTION + f"CREATE TRIGGER tr BEFORE INSERT {ROW}"
        "ALTER TABLE t DISABLE TRIGGER tr;",
        {"triggers"},
    ),
    (
        "sequence options",
        "CREATE SEQUENCE s START 5 CACHE 10;",
        "CREATE SEQUENCE s START 5 CACHE 10 CYCLE;",
        {"sequences"},
    ),
    (
        "sequence type",
        "CREATE SEQUENCE s AS integer;",
        "CREATE SEQUENCE s;",
        {"sequences"},
    ),
    (
        "sequence owner",
        "CREATE SEQUENCE s; ALTER SEQUENCE s OWNED BY t.b;",
        "CREATE SEQUENCE s;",
        {"sequences"},
    ),
    (
        "sequence comment",
        "CREATE SEQUENCE s; COMMENT ON SEQUENCE s IS 'x';",
        "CREATE SEQUENCE s;",
        {"other comments"},
    ),
    (
        "domain check",
        "CREATE DOMAIN d AS int CONSTRAINT positive CHECK (VALUE > 0);",
        "CREATE DOMAIN d AS int CONSTRAINT positive CHECK (VALUE >= 0);",
        {"domains"},
    ),
    (
        "domain check name",
        "CREATE DOMAIN d AS int CONSTRAINT positive CHECK (VALUE > 0);",
        "CREATE DOMAIN d AS int CONSTRAINT above_zero CHECK (VALUE > 0);",
        {"domain check"},
    ),
    (
        "domain default and not null",
        "CREATE DOMAIN d AS int;",
        "CREATE DOMAIN d AS int DEFAULT 1 NOT NULL;",
        {"domains"},
    ),
    (
        "domain comment",
        "CREATE DOMAIN d AS int; COMMENT ON DOMAIN d IS 'x';",
        "CREATE DOMAIN d AS int;",
        {"other comments"},
    ),
    (
        "partition bound",
        "CREATE TABLE p (k int) PARTITION BY RANGE (k);"
        "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);",
        "CREATE TABLE p (k int) PARTITION BY RANGE (k);"
        "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (20);",
        {"partitioning"},
    ),
    (
        "partition key",
        "CREATE TABLE p (k int) PARTITION BY RANGE (k);",
        "CREATE TABLE p (k int) PARTITION BY LIST (k);",
        {"partitioning"},
    ),
    (
        "not valid",
        "ALTER TABLE t ADD CONSTRAINT c CHECK (b > 0) NOT VALID;",
        "ALTER TABLE t ADD CONSTRAINT c CHECK (b > 0);",
        {"constraints"},
    ),
    (
        "schema comment",
        "COMMENT ON SCHEMA public IS 'x';",
        "COMMENT ON SCHEMA public IS 'y';",
        {"other comments"},
    ),
    (
        "schema",
        "CREATE SCHEMA s2;",
        "",
        {"schemas"},
    ),
    (
        "statistics target",
        "ALTER TABLE t ALTER COLUMN b SET STATISTICS 500;",
        "",
        {"column options"},
    ),
    (
        "storage",
        "ALTER TABLE t ALTER COLUMN a SET STORAGE EXTERNAL;",
        "",
        {"column options"},
    ),
    (
        "attribute options",
        "ALTER TABLE t ALTER COLUMN b SET (n_distinct = 100);",
        "ALTER TABLE t ALTER COLUMN b SET (n_distinct = -1);",
        {"column options"},
    ),
    (
        "collation",
        'ALTER TABLE t ALTER COLUMN a TYPE text COLLATE "C";',
        "",
        {"column options"},
    ),
    (
        "cluster on",
        "CREATE INDEX t_b ON t (b); ALTER TABLE t CLUSTER ON t_b;",
        "CREATE INDEX t_b ON t (b);",
        {"table options"},
    ),
    (
        "row security",
        "ALTER TABLE t ENABLE ROW LEVEL SECURITY;",
        "",
        {"table options"},
    ),
    (
        "policy",
        "CREATE POLICY pol ON t USING (b > 0);",
        "CREATE POLICY pol ON t USING (b > 1);",
        {"policies"},
    ),
    (
        "rule",
        "CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING;",
        "",
        {"rules"},
    ),
    (
        "composite type",
        "CREATE TYPE ct AS (x int, y text);",
        "CREATE TYPE ct AS (x int);",
        {"types"},
    ),
    (
        "range type",
        "CREATE TYPE rt AS RANGE (subtype = int4);",
        "CREATE TYPE rt AS RANGE (subtype = int8);",
        {"types"},
    ),
]


@pytest.fixture
def databases(pg_server):
    pair = (pg_server.create_database("a"), pg_server.create_database("b"))
    try:
        yield pair
    finally:
        for database in pair:
            database.drop()


def _part(line: str) -> str:
    for part in (
        "view columns",
        "other comments",
        "column options",
        "table options",
        "domain check",
    ):
        if line.startswith(part):
            return part
    return line.split(" ")[0].rstrip(":")


@pytest.mark.parametrize(("change", "a_sql", "b_sql", "parts"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_object_is_compared(change, a_sql, b_sql, parts, databases):
    a, b = databases
    a.run(BASE + a_sql)
    b.run(BASE + b_sql)
    lines = differences(a.catalog(), b.catalog())
    assert lines, f"{change}: no difference seen"
    assert {_part(line) for line in lines} == parts, "\n".join(lines)
    assert not differences(a.catalog(), a.catalog())


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_the_same_script_reads_as_the_same_catalog(name, databases):
    a, b = databases
    sql = corpus_sql(name)
    a.run(sql)
    b.run(sql)
    assert differences(a.catalog(), b.catalog()) == []
