"""The SQL importer keeps every object of a script: domains, sequences, partitions and
NOT VALID constraints as structure, the rest as verbatim SQL (``SqlObject``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.generators.ddl import generate
from designer.importers.sql import import_sql
from designer.schema.model import ColumnType, Generated, ObjectKind, QName
from designer.schema.validation import validate


def imported(sql: str):
    result = import_sql(sql)
    assert validate(result.schema) == []
    return result


def objects(result) -> list[tuple[ObjectKind, str]]:
    return [(item.kind, item.name) for item in result.schema.sql_objects]


# --- domains ---------------------------------------------------------------------------------


def test_a_domain_over_an_enum_with_its_comment_and_later_changes():
    result = imported(
        """
        CREATE TYPE mood AS ENUM ('sad', 'ok');
        CREATE DOMAIN happy AS mood DEFAULT 'ok' CONSTRAINT not_sad CHECK (VALUE <> 'sad');
        COMMENT ON DOMAIN happy IS 'Only the good days';
        ALTER DOMAIN happy SET NOT NULL;
        ALTER DOMAIN happy ADD CONSTRAINT later CHECK (VALUE IS NOT NULL) NOT VALID;
        CREATE TABLE day (feeling happy, history happy[]);
        """
    )
    (domain,) = result.schema.domains
    assert domain.type == ColumnType("enum", enum=QName("public", "mood"))
    assert (domain.nullable, domain.default, domain.description) == (
        False,
        "'ok'",
        "Only the good days",
    )
    assert [(c.name, c.not_valid) for c in domain.checks] == [("not_sad", False), ("later", True)]
    feeling, history = result.schema.tables[0].columns
    assert feeling.type == ColumnType("enum", enum=QName("public", "mood"), domain=domain.qname)
    assert history.type.array and history.type.domain == domain.qname
    assert feeling.check is None and feeling.nullable  # the domain holds its rules


def test_a_domain_over_a_type_the_model_lacks_is_listed_with_its_columns():
    result = import_sql("CREATE DOMAIN spot AS point; CREATE TABLE t (a int, b spot);")
    assert result.schema.domains == ()
    assert result.summary.skipped == {
        "column": ["t.b (type spot)"],
        "domain": ["spot (type point)"],
    }


# --- sequences -------------------------------------------------------------------------------


def test_standalone_sequences_keep_their_options_owner_and_legacy_defaults():
    result = imported(
        """
        CREATE SEQUENCE users_seq;
        CREATE TABLE users (id integer DEFAULT nextval('users_seq'::text) NOT NULL);
        CREATE SEQUENCE public.ticket_no AS integer START WITH 1000 INCREMENT BY 5
            MINVALUE 1000 MAXVALUE 99999 CACHE 10 CYCLE;
        ALTER SEQUENCE ticket_no OWNED BY users.id;
        COMMENT ON SEQUENCE ticket_no IS 'Numbers on the tickets';
        ALTER SEQUENCE ticket_no RESTART WITH 2000;
        CREATE TABLE shared (a bigint DEFAULT nextval('public.users_seq'::regclass));
        """
    )
    users, shared = result.schema.tables
    # never renamed to the convention's name, the default kept as written
    # (pglast writes the cast to text as CAST(...): PostgreSQL stores the same default)
    assert users.column("id").default == "nextval(CAST('users_seq' AS text))"
    assert users.column("id").generated is Generated.NONE
    assert shared.column("a").default == "nextval(CAST('public.users_seq' AS regclass))"
    plain, ticket = result.schema.sequences
    assert (plain.name, plain.data_type, plain.start, plain.owned_by) == (
        "users_seq",
        "bigint",
        None,
        None,
    )
    assert (ticket.data_type, ticket.start, ticket.increment, ticket.min_value) == (
        "integer",
        1000,
        5,
        1000,
    )
    assert (ticket.max_value, ticket.cache, ticket.cycle) == (99999, 10, True)
    assert ticket.owned_by == (users.qname, "id")
    assert ticket.description == "Numbers on the tickets"
    assert result.summary.passed_over == {"data": 1}  # RESTART: where it counts from now


def test_a_sequence_exactly_like_serials_stays_a_serial_column():
    result = imported(
        """
        CREATE TABLE t (id integer NOT NULL);
        CREATE SEQUENCE t_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE
            NO MAXVALUE CACHE 1;
        ALTER SEQUENCE t_id_seq OWNED BY t.id;
        ALTER TABLE ONLY t ALTER COLUMN id SET DEFAULT nextval('t_id_seq'::regclass);
        """
    )
    assert result.schema.tables[0].column("id").generated is Generated.SERIAL
    assert result.schema.sequences == () and result.summary.kept == {}


# --- NOT VALID, partitions -----------------------------------------------------------------------


def test_not_valid_constraints_stay_not_valid_until_validated():
    result = imported(
        """
        CREATE TABLE a (id int PRIMARY KEY);
        CREATE TABLE b (id int, a_id int, n int);
        ALTER TABLE b ADD CONSTRAINT b_a FOREIGN KEY (a_id) REFERENCES a NOT VALID;
        ALTER TABLE b ADD CONSTRAINT b_n CHECK (n > 0) NOT VALID;
        ALTER TABLE b ADD CONSTRAINT b_id CHECK (id > 0) NOT VALID;
        ALTER TABLE b VALIDATE CONSTRAINT b_id;
        """
    )
    (relationship,) = result.schema.relationships
    assert relationship.not_valid
    checks = {check.name: check.not_valid for check in result.schema.tables[1].checks}
    assert checks == {"b_n": True, "b_id": False}
    assert result.summary.kept == {"NOT VALID constraint": ["b.b_n", "b.b_a"]}


def test_a_partition_of_a_table_the_file_lacks_is_listed():
    result = import_sql("CREATE TABLE t (a int); CREATE TABLE p PARTITION OF missing DEFAULT;")
    assert [table.name for table in result.schema.tables] == ["t"]
    assert result.summary.skipped == {"partition": ["p (of missing, not in the file)"]}


def test_a_list_partitioned_table_with_an_expression_key_and_a_default_partition():
    result = imported(
        """
        CREATE TABLE events (code text NOT NULL, at date) PARTITION BY LIST (lower(code));
        CREATE TABLE events_other PARTITION OF events DEFAULT;
        CREATE TABLE events_ab PARTITION OF events FOR VALUES IN ('a', 'b');
        """
    )
    events, other, ab = result.schema.tables
    assert events.partition_by == "LIST ((lower(code)))"
    assert (other.partition_bound, ab.partition_bound) == ("DEFAULT", "FOR VALUES IN ('a', 'b')")


# --- objects kept as SQL -------------------------------------------------------------------


def test_views_and_materialized_views_with_what_belongs_to_them():
    result = imported(
        """
        CREATE TABLE t (a int, b int);
        CREATE VIEW v AS SELECT a FROM t;
        COMMENT ON VIEW v IS 'The a''s';
        COMMENT ON COLUMN v.a IS 'an a';
        ALTER VIEW v ALTER COLUMN a SET DEFAULT 1;
        ALTER TABLE v OWNER TO someone;
        CREATE MATERIALIZED VIEW m AS SELECT b FROM t WITH NO DATA;
        CREATE UNIQUE INDEX m_b ON m (b);
        ALTER TABLE m CLUSTER ON m_b;
        COMMENT ON MATERIALIZED VIEW m IS 'Bs';
        """
    )
    view, matview = result.schema.sql_objects
    assert (view.kind, view.description, view.reads) == (
        ObjectKind.VIEW,
        "The a's",
        (QName("public", "t"),),
    )
    assert view.sql.count(";") == 4 and "SET DEFAULT 1" in view.sql
    assert (matview.kind, matview.description) == (ObjectKind.MATERIALIZED_VIEW, "Bs")
    assert "CREATE UNIQUE INDEX m_b ON m (b);" in matview.sql and "CLUSTER ON m_b" in matview.sql
    assert result.schema.objects_reading(QName("public", "t"), "b") == (matview,)
    assert result.summary.passed_over == {"ownership": 1}


def test_functions_with_their_comments_replaced_and_dropped():
    result = imported(
        """
        CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
        CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql AS 'SELECT a';
        COMMENT ON FUNCTION f(integer) IS 'the number one';
        ALTER FUNCTION f(text) SET search_path = public;
        CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a + 1';
        CREATE FUNCTION gone() RETURNS int LANGUAGE sql AS 'SELECT 1';
        DROP FUNCTION gone();
        CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';
        CREATE TABLE t (a int DEFAULT f(1));
        """
    )
    assert objects(result) == [
        (ObjectKind.FUNCTION, "f(integer)"),
        (ObjectKind.FUNCTION, "f(text)"),
        (ObjectKind.PROCEDURE, "p()"),
    ]
    first, second, _ = result.schema.sql_objects
    assert "a + 1" in first.sql and "search_path" in second.sql
    assert result.schema.tables[0].column("a").default == "f(1)"


def test_triggers_policies_rules_types_comments_and_table_options():
    result = imported(
        """
        CREATE SCHEMA sales;
        COMMENT ON SCHEMA sales IS 'Selling';
        CREATE EXTENSION pg_trgm;
        COMMENT ON EXTENSION pg_trgm IS 'Trigrams';
        CREATE TABLE t (a int, b text, owner text);
        CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO log VALUES (NEW.a); RETURN NEW; END $$;
        CREATE TABLE log (a int);
        CREATE TRIGGER t_audit AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION audit();
        ALTER TABLE t DISABLE TRIGGER t_audit;
        CREATE POLICY mine ON t USING (owner = current_user);
        ALTER TABLE t ENABLE ROW LEVEL SECURITY;
        CREATE RULE no_delete AS ON DELETE TO log DO INSTEAD NOTHING;
        CREATE TYPE pair AS (x int, y int);
        CREATE TYPE floats AS RANGE (subtype = float8);
        ALTER TABLE ONLY t ALTER COLUMN a SET STATISTICS 500;
        ALTER TABLE ONLY t ALTER COLUMN b SET (n_distinct = -0.5);
        ALTER TABLE ONLY t ALTER COLUMN b SET STORAGE EXTERNAL;
        CREATE INDEX t_a ON t (a);
        ALTER TABLE t CLUSTER ON t_a;
        GRANT SELECT ON t TO PUBLIC;
        """
    )
    assert objects(result) == [
        (ObjectKind.COMMENT, "schema sales"),
        (ObjectKind.COMMENT, "extension pg_trgm"),
        (ObjectKind.FUNCTION, "audit()"),
        (ObjectKind.TRIGGER, "t_audit on t"),
        (ObjectKind.POLICY, "mine on t"),
        (ObjectKind.TABLE_OPTION, "t (ENABLE ROW LEVEL SECURITY)"),
        (ObjectKind.RULE, "no_delete on log"),
        (ObjectKind.TYPE, "pair"),
        (ObjectKind.TYPE, "floats"),
        (ObjectKind.TABLE_OPTION, "t.a (SET STATISTICS)"),
        (ObjectKind.TABLE_OPTION, "t.b (SET options)"),
        (ObjectKind.TABLE_OPTION, "t.b (SET STORAGE)"),
        (ObjectKind.TABLE_OPTION, "t (CLUSTER ON t_a)"),
    ]
    function, trigger = result.schema.sql_objects[2:4]
    assert QName("public", "log") in function.reads
    assert "DISABLE TRIGGER t_audit" in trigger.sql
    assert result.summary.skipped == {}
    assert result.summary.passed_over == {"privilege": 1}
    assert "sales" in result.schema.schemas


def test_the_summary_says_what_was_kept_as_structure_and_as_sql():
    result = imported(
        """
        CREATE DOMAIN d AS int CHECK (VALUE > 0);
        CREATE SEQUENCE s;
        CREATE TABLE t (a d);
        CREATE VIEW v AS SELECT a FROM t;
        SET search_path = public;
        """
    )
    assert result.lines()[1:] == [
        "kept: 1 domain: d",
        "kept: 1 sequence: s",
        "kept as SQL: 1 view: v",
        "passed over: 1 setting",
    ]
    assert result.counts["domains"] == 1 and result.counts["SQL objects"] == 1


# --- our DDL brings them back ----------------------------------------------------------------

CORPUS = Path(__file__).parent.parent / "corpus"


def _kept(schema):
    return (
        sorted(
            (o.kind, o.name, o.sql, o.depends_on, o.reads, o.columns) for o in schema.sql_objects
        ),
        sorted(
            (
                d.name,
                d.type,
                d.nullable,
                d.default,
                tuple((c.name, c.expression, c.not_valid) for c in d.checks),
            )
            for d in schema.domains
        ),
        sorted(
            (s.name, s.data_type, s.start, s.increment, s.cycle, s.owned_by)
            for s in schema.sequences
        ),
        sorted(
            (t.name, t.partition_by, str(t.partition_of), t.partition_bound) for t in schema.tables
        ),
    )


@pytest.mark.parametrize("name", sorted(path.parent.name for path in CORPUS.glob("*/schema.sql")))
def test_what_a_corpus_schema_keeps_comes_back_from_our_ddl(name):
    first = import_sql((CORPUS / name / "schema.sql").read_text()).schema
    again = import_sql(generate(first)).schema
    assert _kept(again) == _kept(first)
