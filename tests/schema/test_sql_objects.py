"""``describe``: what one object's SQL text is, and what it refuses."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.schema.model import Column, ColumnType, ObjectKind, QName, Schema, Table
from designer.schema.sql_objects import SqlObjectError, describe
from tests.support.examples import examples


def q(name: str, schema: str = "public") -> QName:
    return QName(schema, name)


def names(items) -> list[str]:
    return [str(item) for item in items]


def test_a_view_depends_on_what_it_selects_from_and_names_its_columns():
    view = describe(
        """
        CREATE VIEW public.film_list AS
            WITH recent AS (SELECT film_id FROM public.rental)
            SELECT film.film_id AS fid, film.title, public.group_concat(actor.first_name)
            FROM public.film JOIN sales.actor ON true JOIN recent USING (film_id);
        COMMENT ON VIEW public.film_list IS 'Films';
        COMMENT ON COLUMN public.film_list.fid IS 'The film';
        """,
        id="v1",
    )
    assert (view.id, view.kind, view.name, view.schema) == (
        "v1",
        ObjectKind.VIEW,
        "film_list",
        "public",
    )
    # (the CTE is not a table; the aggregate of the schema is named as written)
    assert names(view.depends_on) == ["film", "group_concat", "rental", "sales.actor"]
    assert names(view.reads) == ["film", "rental", "sales.actor"]
    assert {"film_id", "title", "first_name"} <= set(view.columns)
    assert view.description == "Films"
    assert view.sql.count(";") == 3 and view.sql.endswith("IS 'The film';")


def test_a_function_is_named_with_its_argument_types_and_its_body_is_read():
    function = describe(
        """
        CREATE FUNCTION public.film_in_stock(p_film_id integer, p_store_id int4,
            OUT p_film_count integer) RETURNS SETOF integer LANGUAGE sql AS $_$
            SELECT inventory_id FROM inventory WHERE film_id = $1 AND store_id = $2;
        $_$;
        ALTER FUNCTION public.film_in_stock(integer, integer) SET search_path = public;
        """
    )
    assert function.kind is ObjectKind.FUNCTION
    assert function.name == "film_in_stock(integer, integer)"
    assert function.depends_on == ()  # its body is read when it runs
    assert names(function.reads) == ["inventory"]
    assert {"inventory_id", "film_id", "store_id"} <= set(function.columns)


def test_a_plpgsql_body_is_read_statements_dynamic_sql_and_row_types_included():
    function = describe(
        """
        CREATE FUNCTION public.rewards(min integer) RETURNS SETOF public.customer
        LANGUAGE plpgsql AS $_$
        DECLARE rr RECORD; sql TEXT;
        BEGIN
            sql := 'INSERT INTO tmp (id) SELECT p.customer_id FROM payment AS p';
            EXECUTE sql;
            UPDATE film SET last_update = now() WHERE film.film_id = min;
            IF min > (SELECT count(*) FROM rental) THEN RETURN; END IF;
            FOR rr IN EXECUTE 'SELECT c.* FROM customer AS c' LOOP RETURN NEXT rr; END LOOP;
        END $_$;
        """
    )
    assert function.name == "rewards(integer)"
    assert names(function.depends_on) == ["customer"]  # the row type it returns
    assert {"customer", "film", "payment", "rental"} <= set(names(function.reads))


def test_what_cannot_be_parsed_is_matched_against_the_known_tables():
    known = Schema(
        tables=(
            Table("t1", "orders", (Column("c1", "total", ColumnType("numeric")),)),
            Table("t2", "unused", (Column("c2", "x", ColumnType("integer")),)),
        )
    )
    function = describe(
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpython3u AS $$ plpy.execute('select total"
        " from orders') $$;",
        known=known,
    )
    assert names(function.reads) == ["orders"] and function.columns == ("total",)


def test_a_trigger_depends_on_its_table_and_its_function():
    trigger = describe(
        """
        CREATE TRIGGER last_updated BEFORE UPDATE OF a, b ON public.actor
            FOR EACH ROW WHEN (OLD.c IS DISTINCT FROM NEW.c)
            EXECUTE FUNCTION public.last_updated();
        ALTER TABLE public.actor DISABLE TRIGGER last_updated;
        COMMENT ON TRIGGER last_updated ON public.actor IS 'Stamps';
        """
    )
    assert (trigger.kind, trigger.name) == (ObjectKind.TRIGGER, "last_updated on actor")
    assert names(trigger.depends_on) == ["actor", "last_updated()"]
    assert set(trigger.columns) == {"a", "b", "c"} and trigger.description == "Stamps"
    builtin = describe(
        "CREATE TRIGGER f BEFORE INSERT ON film FOR EACH ROW EXECUTE FUNCTION "
        "tsvector_update_trigger(fulltext, 'pg_catalog.english', title);"
    )
    assert names(builtin.depends_on) == ["film"]


def test_a_function_called_is_resolved_to_the_known_functions_of_that_name():
    known = Schema(sql_objects=(describe("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql "
                                         "AS 'SELECT a';"),))  # fmt: skip
    view = describe("CREATE VIEW v AS SELECT f(1), lower('x');", known=known)
    assert names(view.depends_on) == ["f(integer)"]


def test_an_aggregate_depends_on_its_state_and_final_functions():
    aggregate = describe(
        "CREATE AGGREGATE public.group_concat(text) (SFUNC = public._group_concat, "
        "STYPE = text, FINALFUNC = done);"
    )
    assert (aggregate.kind, aggregate.name) == (ObjectKind.AGGREGATE, "group_concat(text)")
    assert names(aggregate.depends_on) == ["_group_concat(text, text)", "done(text)"]


@pytest.mark.parametrize(
    "sql, kind, name, depends",
    [
        ("CREATE MATERIALIZED VIEW m AS SELECT a FROM t WITH NO DATA;\n"
         "CREATE UNIQUE INDEX m_a ON m (a);\nCLUSTER m USING m_a;",
         ObjectKind.MATERIALIZED_VIEW, "m", ["t"]),
        ("CREATE POLICY own ON t USING (owner = current_user);", ObjectKind.POLICY,
         "own on t", ["t"]),
        ("CREATE RULE r AS ON INSERT TO t DO INSTEAD INSERT INTO u VALUES (new.a);",
         ObjectKind.RULE, "r on t", ["t"]),
        ("CREATE TYPE pair AS (a integer, b text);", ObjectKind.TYPE, "pair", []),
        ("CREATE TYPE floatrange AS RANGE (subtype = float8);", ObjectKind.TYPE,
         "floatrange", []),
        ("COMMENT ON SCHEMA sales IS 'Sales';", ObjectKind.COMMENT, "schema sales", []),
        ("COMMENT ON EXTENSION pg_trgm IS 'x';", ObjectKind.COMMENT, "extension pg_trgm", []),
        ("ALTER TABLE ONLY public.film CLUSTER ON film_pkey;", ObjectKind.TABLE_OPTION,
         "film (CLUSTER ON film_pkey)", ["film"]),
        ("ALTER TABLE ONLY payment ALTER COLUMN amount SET STATISTICS 1000;",
         ObjectKind.TABLE_OPTION, "payment.amount (SET STATISTICS)", ["payment"]),
        ("ALTER TABLE ONLY t ALTER COLUMN c SET (n_distinct = -0.5);",
         ObjectKind.TABLE_OPTION, "t.c (SET options)", ["t"]),
        ("CLUSTER person.address USING pk;", ObjectKind.TABLE_OPTION,
         "address (CLUSTER ON pk)", ["person.address"]),
        ("CREATE PROCEDURE p(a int) LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (a); END;",
         ObjectKind.PROCEDURE, "p(integer)", ["t"]),
    ],
)  # fmt: skip
def test_each_kind_of_object(sql, kind, name, depends):
    item = describe(sql)
    assert (item.kind, item.name, names(item.depends_on)) == (kind, name, depends)
    assert item.sql.endswith(";")


def test_a_comment_on_a_schema_is_in_that_schema():
    assert describe("COMMENT ON SCHEMA sales IS 'x';").schema == "sales"


@pytest.mark.parametrize(
    "sql, message",
    [
        ("CREATE TABLE t (a int);", "a table is kept as a table"),
        ("CREATE INDEX i ON t (a);", "an index alone"),
        ("CREATE TYPE mood AS ENUM ('a');", "an enum type is kept"),
        ("CREATE DOMAIN d AS int;", "a domain is kept"),
        ("CREATE SEQUENCE s;", "a sequence is kept"),
        ("CREATE VIEW a AS SELECT 1; CREATE VIEW b AS SELECT 2;", "more than one object"),
        ("CREATE VIEW a AS SELECT 1; DROP TABLE users;", "more than one object"),
        ("CREATE VIEW a AS SELECT 1; COMMENT ON VIEW b IS 'x';", "more than one object"),
        ("DROP VIEW a;", "a DROP removes an object"),
        ("SET search_path = x;", "does not create an object kept as SQL"),
        ("   -- nothing\n", "holds no statement"),
        ("", "the text is empty"),
        ("CREATE VIEW a AS\nSELEC 1;", "line 2, column 1: syntax error"),
    ],
)
def test_what_is_not_one_object_is_refused_with_a_clear_message(sql, message):
    with pytest.raises(SqlObjectError, match=message):
        describe(sql)


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_describe_raises_nothing_but_its_own_error_on_any_text(text):
    try:
        item = describe(text)
    except SqlObjectError:
        return
    assert item.sql.endswith(";") and item.name is not None


_PIECES = st.sampled_from([
    "CREATE VIEW v AS SELECT 1", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "COMMENT ON VIEW v IS 'x'", "DROP TABLE t", ";", "--", "$$", "'", "(", "CREATE TRIGGER",
    "ALTER TABLE t CLUSTER ON i", "CREATE INDEX ON v (a)", " ", "\n", "SELECT", "BEGIN ATOMIC",
])  # fmt: skip


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(_PIECES, max_size=8).map(" ".join))
def test_describe_raises_nothing_but_its_own_error_on_sql_like_text(text):
    with contextlib.suppress(SqlObjectError):
        describe(text)


def test_a_view_selecting_star_reads_every_column():
    from designer.schema.model import QName, Schema

    view = describe("CREATE VIEW everything AS SELECT * FROM orders;")
    assert view.columns == ("*",)
    schema = Schema(sql_objects=(view,))
    assert schema.objects_reading(QName("public", "orders"), "total") == (view,)
    assert schema.objects_reading(QName("public", "customers"), "total") == ()
