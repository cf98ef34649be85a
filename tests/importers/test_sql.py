"""import_sql: PostgreSQL DDL in every usual form into the pure model, losses listed."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given

from designer.generators.ddl import generate
from designer.importers.sql import import_sql
from designer.importers.summary import ImportFailure, SqlSyntaxError
from designer.schema.ids import all_ids
from designer.schema.model import (
    Action,
    ColumnType,
    Deferral,
    Generated,
    IndexMethod,
    NullsOrder,
    ObjectKind,
    QName,
    RelationshipKind,
)
from designer.schema.validation import validate
from tests.strategies import schemas


def only_table(sql: str):
    result = import_sql(sql)
    (table,) = result.schema.tables
    return table, result


# --- types ---------------------------------------------------------------------------


def test_every_spelling_of_a_type_reads_as_the_registry_type():
    table, _ = only_table(
        """
        CREATE TABLE t (
            a int, b INTEGER, c int4, d bigint, e int2, f decimal(10, 2), g numeric(5),
            h numeric, i float4, j double precision, k money, l bool, m varchar(20),
            n character varying, o char, p character(3), q text, r date, s time(3),
            t2 time with time zone, u timestamp(6) without time zone, v timestamptz,
            w interval, x json, y jsonb, z bytea, aa inet, ab cidr, ac macaddr,
            ad bit(4), ae bit varying(8), af tsvector, ag xml, ah uuid, ai text[],
            aj int[][]
        )
        """
    )
    types = {column.name: column.type for column in table.columns}
    assert types["a"] == types["b"] == types["c"] == ColumnType("integer")
    assert types["d"] == ColumnType("bigint") and types["e"] == ColumnType("smallint")
    assert types["f"] == ColumnType("numeric", precision=10, scale=2)
    assert types["g"] == ColumnType("numeric", precision=5)
    assert types["h"] == ColumnType("numeric")
    assert types["i"] == ColumnType("real") and types["j"] == ColumnType("double precision")
    assert types["m"] == ColumnType("varchar", length=20) and types["n"] == ColumnType("varchar")
    assert types["o"] == ColumnType("char", length=1) and types["p"] == ColumnType("char", length=3)
    assert types["s"] == ColumnType("time", precision=3) and types["t2"] == ColumnType("timetz")
    assert types["u"] == ColumnType("timestamp", precision=6)
    assert types["v"] == ColumnType("timestamptz")
    assert types["ad"] == ColumnType("bit", length=4)
    assert types["ae"] == ColumnType("varbit", length=8)
    assert types["ai"] == ColumnType("text", array=True)
    assert types["aj"] == ColumnType("integer", array=True)
    assert [column.name for column in table.columns][:5] == ["a", "b", "c", "d", "e"]


def test_serial_types_become_serial_columns():
    table, _ = only_table("CREATE TABLE t (a serial, b bigserial PRIMARY KEY, c smallserial)")
    assert [(c.type.base, c.generated, c.nullable) for c in table.columns] == [
        ("integer", Generated.SERIAL, False),
        ("bigint", Generated.SERIAL, False),
        ("smallint", Generated.SERIAL, False),
    ]


def test_an_enum_used_before_it_is_defined_is_found():
    result = import_sql(
        """
        CREATE TABLE ticket (state sales.status NOT NULL DEFAULT 'open');
        CREATE SCHEMA sales;
        CREATE TYPE sales.status AS ENUM ('open', 'closed');
        ALTER TYPE sales.status ADD VALUE 'held' BEFORE 'closed';
        ALTER TYPE sales.status ADD VALUE 'gone';
        """
    )
    (enum,) = result.schema.enums
    assert enum.qname == QName("sales", "status")
    assert enum.values == ("open", "held", "closed", "gone")
    column = result.schema.tables[0].column("state")
    assert column.type == ColumnType("enum", enum=QName("sales", "status"))


def test_a_column_of_a_type_the_model_lacks_is_skipped_with_what_uses_it():
    table, result = only_table(
        """
        CREATE TABLE place (
            id int PRIMARY KEY,
            spot point NOT NULL,
            name citext,
            CONSTRAINT place_spot_key UNIQUE (id, spot)
        );
        CREATE INDEX place_spot_idx ON place USING gist (spot);
        """
    )
    assert table.column_names == ("id",)
    assert result.summary.skipped["column"] == [
        "place.spot (type point)",
        "place.name (type citext)",
    ]
    assert result.summary.skipped["unique constraint"] == ["place.place_spot_key"]
    assert result.summary.skipped["index"] == [
        "place_spot_idx on place (reads a column that is not imported)"
    ]
    assert table.primary_key.columns == ("id",)


def test_an_unqualified_built_in_type_name_means_the_built_in_type():
    result = import_sql(
        """
        CREATE TYPE public.point AS ENUM ('a', 'b');
        CREATE TABLE t (here point, there public.point);
        """
    )
    (table,) = result.schema.tables
    assert table.column_names == ("there",)
    assert table.column("there").type.enum == QName("public", "point")
    assert result.summary.skipped == {"column": ["t.here (type point)"]}


# --- constraints -----------------------------------------------------------------------


def test_constraints_inline_in_the_table_and_added_later_land_alike():
    result = import_sql(
        """
        CREATE TABLE author (id int PRIMARY KEY, email text UNIQUE, age int CHECK (age >= 0));
        CREATE TABLE book (
            id int,
            author_id int NOT NULL REFERENCES author ON DELETE CASCADE,
            code text,
            price numeric,
            CONSTRAINT book_pkey PRIMARY KEY (id),
            CONSTRAINT book_price CHECK (price > 0 OR price IS NULL)
        );
        ALTER TABLE ONLY book ADD CONSTRAINT book_code_key UNIQUE NULLS NOT DISTINCT (code);
        ALTER TABLE book ADD CONSTRAINT book_author_fk FOREIGN KEY (author_id)
            REFERENCES author (id) ON UPDATE RESTRICT DEFERRABLE INITIALLY DEFERRED;
        """
    )
    author, book = result.schema.tables
    assert author.primary_key.columns == ("id",) and author.primary_key.name is None
    assert author.column("id").nullable is False
    assert author.column("email").unique and author.column("age").check == "age >= 0"
    assert book.primary_key.name == "book_pkey" and not book.column("id").nullable
    assert [(c.name, c.expression) for c in book.checks] == [
        ("book_price", "price > 0 OR price IS NULL")
    ]
    (unique,) = book.uniques
    assert unique.columns == ("code",) and unique.name == "book_code_key"
    assert unique.nulls_not_distinct
    inline, named = result.schema.relationships
    assert inline.name is None and inline.to_columns == ("id",)  # the referenced key
    assert inline.on_delete is Action.CASCADE and inline.on_update is Action.NO_ACTION
    assert named.name == "book_author_fk" and named.on_update is Action.RESTRICT
    assert named.deferral is Deferral.DEFERRED
    assert validate(result.schema) == []


def test_a_foreign_key_on_unique_columns_is_one_to_one():
    result = import_sql(
        """
        CREATE TABLE person (id int PRIMARY KEY);
        CREATE TABLE passport (id int PRIMARY KEY, person_id int UNIQUE REFERENCES person);
        CREATE TABLE visit (id int PRIMARY KEY, person_id int REFERENCES person);
        """
    )
    kinds = [relationship.kind for relationship in result.schema.relationships]
    assert kinds == [RelationshipKind.ONE_TO_ONE, RelationshipKind.ONE_TO_MANY]


def test_a_junction_table_is_a_many_to_many():
    result = import_sql(
        """
        CREATE TABLE film (id int PRIMARY KEY);
        CREATE TABLE actor (id int PRIMARY KEY);
        CREATE TABLE film_actor (
            film_id int REFERENCES film, actor_id int REFERENCES actor,
            PRIMARY KEY (film_id, actor_id)
        );
        """
    )
    (link,) = result.schema.many_to_many
    assert (link.left.name, link.right.name, link.through.name) == ("film", "actor", "film_actor")


def test_what_the_model_cannot_hold_about_constraints_is_listed():
    table, result = only_table(
        """
        CREATE TABLE t (a int, b int, c int REFERENCES t (a) MATCH FULL,
            CONSTRAINT t_a_key UNIQUE (a) INCLUDE (b),
            CONSTRAINT positive CHECK (b > 0) NOT VALID,
            EXCLUDE USING btree (b WITH =));
        """
    )
    assert result.summary.skipped["exclusion constraint"] == ["t (b)"]
    assert result.summary.skipped["constraint detail"] == [
        "t (c) (MATCH FULL)",
        "t.t_a_key (INCLUDE columns)",
    ]
    # (CREATE TABLE takes NOT VALID and validates anyway: the new table has no rows)
    assert [check.not_valid for check in table.checks] == [False]
    assert [check.name for check in table.checks] == ["positive"]


# --- indexes ------------------------------------------------------------------------------


def test_indexes_keep_method_keys_order_include_and_predicate():
    table, _ = only_table(
        """
        CREATE TABLE t (a int, b text, c int, d jsonb);
        CREATE UNIQUE INDEX t_a ON t (a DESC NULLS LAST, lower(b)) INCLUDE (c) WHERE c > 0;
        CREATE INDEX ON t USING gin (d jsonb_path_ops);
        CREATE INDEX t_paren ON t ((a));
        """
    )
    named, unnamed, paren = table.indexes
    assert named.name == "t_a" and named.unique and named.include == ("c",)
    assert named.where == "c > 0"
    first, second = named.elements
    assert first.column == "a" and first.descending and first.nulls is NullsOrder.LAST
    assert second.column is None and second.expression == "lower(b)"
    assert unnamed.name is None and unnamed.method is IndexMethod.GIN
    assert unnamed.elements[0].opclass == "jsonb_path_ops"
    assert paren.elements[0].column == "a" and paren.elements[0].expression is None


def test_sql_syntax_calls_keep_their_syntax():
    table, _ = only_table(
        "CREATE TABLE u (name text); CREATE INDEX ON u (lower(NORMALIZE(name, NFKC)));"
    )
    assert table.indexes[0].elements[0].expression == "lower(normalize(name, NFKC))"


def test_a_cast_to_a_quoted_keyword_type_keeps_its_meaning():
    # '{}'::"bit"[] is how PostgreSQL writes a cast to bit without a length; a bare
    # bit would mean bit(1).
    table, _ = only_table("""CREATE TABLE t (b bit[] DEFAULT '{}'::"bit"[])""")
    assert table.column("b").default == "CAST('{}' AS pg_catalog.bit[])"


# --- sequences, identity, timestamps ------------------------------------------------------


def test_a_sequence_serial_would_make_becomes_a_serial_column_and_others_are_kept():
    result = import_sql(
        """
        CREATE TABLE public.acls (id bigint NOT NULL, k text);
        CREATE SEQUENCE public.acls_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE
            NO MAXVALUE CACHE 1;
        ALTER SEQUENCE public.acls_id_seq OWNED BY public.acls.id;
        ALTER TABLE ONLY public.acls ALTER COLUMN id
            SET DEFAULT nextval('public.acls_id_seq'::regclass);
        CREATE SEQUENCE odd_seq START WITH 1000;
        CREATE TABLE other (id int NOT NULL DEFAULT nextval('odd_seq'), n int DEFAULT 0);
        CREATE SEQUENCE unused_seq;
        CREATE TABLE loose (id int DEFAULT nextval('loose_id_seq'));
        """
    )
    acls, other, loose = result.schema.tables
    assert acls.column("id").generated is Generated.SERIAL and acls.column("id").default is None
    # Another name, other options: the sequence is kept as it is, and so is the default.
    assert other.column("id").generated is Generated.NONE
    assert other.column("id").default == "nextval('odd_seq')"
    odd, unused = result.schema.sequences
    assert (odd.name, odd.start, odd.owned_by, unused.name) == ("odd_seq", 1000, None, "unused_seq")
    assert loose.column("id").generated is Generated.NONE and loose.column("id").default is None
    skipped = result.summary.skipped
    assert skipped == {"default": ["loose.id (nextval of loose_id_seq, not in the file)"]}


def test_identity_columns_inline_or_added_by_alter_table():
    table, result = only_table(
        """
        CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY, b bigint NOT NULL);
        ALTER TABLE t ALTER COLUMN b ADD GENERATED BY DEFAULT AS IDENTITY (
            SEQUENCE NAME t_b_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1);
        """
    )
    assert [c.generated for c in table.columns] == [
        Generated.IDENTITY_ALWAYS,
        Generated.IDENTITY_BY_DEFAULT,
    ]
    assert result.summary.skipped == {}


UPDATED_AT_FUNCTION = """
    CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- remember when
        NEW.updated_at := CURRENT_TIMESTAMP;
        RETURN NEW;
    END;
    $$;
"""


def test_an_updated_at_trigger_marks_the_timestamps_convention():
    result = import_sql(
        UPDATED_AT_FUNCTION.format(name="set_updated_at")
        + """
        CREATE TABLE post (id int, updated_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE note (id int, updated_at timestamptz);
        CREATE TRIGGER post_touch BEFORE UPDATE ON post
            FOR EACH ROW EXECUTE FUNCTION set_updated_at();
        CREATE TRIGGER note_touch BEFORE UPDATE ON note
            FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION set_updated_at();
        """
    )
    post, note = result.schema.tables
    assert post.timestamps and not note.timestamps
    assert result.schema.timestamps_default
    # The function is the convention's; the trigger with a WHEN clause is kept as SQL,
    # with the function it executes.
    assert result.summary.skipped == {}
    function, trigger = result.schema.sql_objects
    assert (function.name, trigger.name) == ("set_updated_at()", "note_touch on note")
    assert QName("public", "set_updated_at()") in trigger.depends_on


def test_a_trigger_function_doing_more_is_not_the_convention():
    table, result = only_table(
        """
        CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.updated_at = now(); NEW.version = NEW.version + 1; RETURN NEW; END $$;
        CREATE TABLE t (version int, updated_at timestamptz);
        CREATE TRIGGER t_stamp BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION stamp();
        """
    )
    assert not table.timestamps
    assert result.summary.skipped == {}
    assert result.summary.verbatim == {"function": ["stamp()"], "trigger": ["t_stamp on t"]}


# --- domains, partitions, generated columns -----------------------------------------------


def test_a_domain_is_kept_and_its_columns_name_it():
    table, result = only_table(
        """
        CREATE DOMAIN public.year AS integer
            CONSTRAINT year_check CHECK (((VALUE >= 1901) AND (VALUE <= 2155)));
        CREATE DOMAIN flag AS boolean NOT NULL DEFAULT false;
        CREATE TABLE film (release_year public.year, done flag, other year CHECK (other > 0));
        """
    )
    year, done, other = table.columns
    domain_year, flag = result.schema.domains
    assert year.type == ColumnType("integer", domain=QName("public", "year"))
    assert year.check is None and table.checks == ()  # (the domain has it)
    assert (done.type.domain, done.nullable, done.default) == (flag.qname, True, None)
    assert other.check == "other > 0"
    assert [(c.name, c.expression) for c in domain_year.checks] == [
        ("year_check", "value >= 1901 AND value <= 2155")
    ]
    assert (flag.type, flag.nullable, flag.default) == (ColumnType("boolean"), False, "FALSE")
    assert result.summary.skipped == {}
    assert result.summary.kept == {"domain": ["year", "flag"]}


def test_partitioned_tables_and_their_partitions_are_kept():
    result = import_sql(
        """
        CREATE TABLE payment (id int, paid date NOT NULL, PRIMARY KEY (paid, id))
            PARTITION BY RANGE (paid);
        CREATE TABLE payment_2024 PARTITION OF payment
            FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE payment_2025 (id int, paid date NOT NULL);
        CREATE INDEX ON payment_2025 (id);
        ALTER TABLE ONLY payment ATTACH PARTITION payment_2025
            FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        ALTER TABLE ONLY payment_2025 ADD CONSTRAINT p25_pkey PRIMARY KEY (paid, id);
        """
    )
    payment, p2024, p2025 = result.schema.tables
    assert payment.partition_by == "RANGE (paid)" and payment.partition_of is None
    assert (p2024.partition_of, p2024.partition_bound) == (
        payment.qname,
        "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    )
    assert p2024.column_names == ("id", "paid") and not p2024.column("paid").nullable
    assert (p2025.partition_of, p2025.primary_key.name) == (payment.qname, "p25_pkey")
    assert p2025.partition_bound == "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"
    assert result.summary.skipped == {}
    assert result.schema.partitions_of(payment.qname) == (p2024, p2025)


def test_a_generated_column_is_imported_as_a_plain_column():
    table, result = only_table(
        "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED NOT NULL)"
    )
    assert table.column("b").default is None and not table.column("b").nullable
    assert result.summary.skipped == {"generated column": ["t.b"]}


# --- what comes with, and around, the tables -------------------------------------------------


def test_comments_become_descriptions_and_rationales():
    result = import_sql(
        """
        CREATE TYPE mood AS ENUM ('ok');
        CREATE TABLE t (a int);
        CREATE INDEX t_a ON t (a);
        COMMENT ON TABLE t IS 'The table';
        COMMENT ON COLUMN t.a IS 'It''s a';
        COMMENT ON TYPE mood IS 'Moods';
        COMMENT ON INDEX t_a IS 'Lookups by a';
        COMMENT ON SCHEMA public IS 'standard public schema';
        """
    )
    (table,) = result.schema.tables
    assert table.description == "The table" and table.column("a").description == "It's a"
    assert result.schema.enums[0].description == "Moods"
    assert table.indexes[0].rationale == "Lookups by a"
    assert result.summary.skipped == {}
    (comment,) = result.schema.sql_objects
    assert (comment.kind, comment.name) == (ObjectKind.COMMENT, "schema public")
    assert comment.sql == "COMMENT ON SCHEMA public IS 'standard public schema';"


@given(schemas())
def test_the_rationales_of_our_ddl_come_back(schema):
    imported = import_sql(generate(schema)).schema

    def rationales(of):
        return sorted((t.name, i.rationale) for t in of.tables for i in t.indexes if i.rationale)

    assert rationales(imported) == rationales(schema)


def test_column_order_follows_the_script_through_add_and_drop():
    table, _ = only_table(
        """
        CREATE TABLE t (a int, b int, c int, CONSTRAINT t_b_c UNIQUE (b, c));
        CREATE INDEX t_b ON t (b);
        ALTER TABLE t DROP COLUMN b, ADD COLUMN d text NOT NULL DEFAULT 'x';
        ALTER TABLE t ADD e int;
        """
    )
    assert table.column_names == ("a", "c", "d", "e")
    assert table.uniques == () and table.indexes == ()
    assert table.column("d").default == "'x'" and not table.column("d").nullable


def test_renames_follow_through_keys_and_references():
    result = import_sql(
        """
        CREATE TABLE a (id int PRIMARY KEY);
        CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a, CHECK (a_id > 0));
        ALTER TABLE a RENAME TO alpha;
        ALTER TABLE alpha RENAME COLUMN id TO key;
        ALTER TABLE b RENAME COLUMN a_id TO alpha_key;
        """
    )
    alpha, b = result.schema.tables
    assert alpha.name == "alpha" and alpha.primary_key.columns == ("key",)
    (relationship,) = result.schema.relationships
    assert relationship.to_table == QName("public", "alpha")
    assert relationship.to_columns == ("key",) and relationship.from_columns == ("alpha_key",)
    assert b.column("alpha_key").check == "alpha_key > 0"


def test_schemas_search_path_and_create_schema_elements():
    result = import_sql(
        """
        CREATE SCHEMA Person
            CREATE TABLE Address (ID int PRIMARY KEY)
            CREATE TABLE "Phone" (id int);
        SET search_path = sales, public;
        CREATE SCHEMA sales;
        CREATE TABLE orders (id int, address_id int REFERENCES person.address);
        """
    )
    assert [str(table.qname) for table in result.schema.tables] == [
        "person.address",
        "person.Phone",
        "sales.orders",
    ]
    assert result.schema.tables[0].column_names == ("id",)
    chosen = import_sql(
        "CREATE SCHEMA s; CREATE TABLE s.a (id int PRIMARY KEY);"
        "CREATE TABLE b (a_id int REFERENCES s.a);",
        schemas=["public"],
    )
    assert [table.name for table in chosen.schema.tables] == ["b"]
    assert chosen.summary.skipped == {
        "table": ["s.a (schema s not chosen)"],
        "foreign key": ["b.a_id"],
    }


def test_like_copies_columns_not_null_and_asked_for_defaults():
    result = import_sql(
        """
        CREATE TABLE base (id int NOT NULL, note text DEFAULT 'x');
        CREATE TABLE plain (LIKE base, extra int);
        CREATE TABLE full_copy (LIKE base INCLUDING ALL);
        """
    )
    _, plain, full_copy = result.schema.tables
    assert plain.column_names == ("id", "note", "extra") and not plain.column("id").nullable
    assert plain.column("note").default is None
    assert full_copy.column("note").default == "'x'"
    assert result.summary.skipped == {
        "table option": ["full_copy (LIKE base INCLUDING more than defaults)"]
    }


def test_schemas_left_holding_nothing_are_listed():
    result = import_sql(
        """
        CREATE SCHEMA reports;
        CREATE SCHEMA sales CREATE TABLE orders (id int);
        CREATE TYPE reports.kind AS ENUM ('a');
        CREATE SCHEMA empty;
        CREATE VIEW reports.summary AS SELECT 1;
        """,
        schemas=["sales", "empty"],
    )
    assert result.summary.skipped == {
        "schema": ["empty"],
        "view": ["reports.summary (schema reports not chosen)"],
        "type": ["reports.kind (schema reports not chosen)"],
    }


def test_what_calls_a_function_of_the_script_is_kept_with_the_function():
    table, result = only_table(
        """
        CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;
        CREATE FUNCTION valid(text) RETURNS boolean LANGUAGE sql IMMUTABLE
            AS $$ SELECT true $$;
        CREATE TABLE t (code text DEFAULT next_code() CHECK (public.valid(code)), n int);
        CREATE INDEX t_code ON t (upper(code)) WHERE valid(code);
        CREATE INDEX t_n ON t (n) WHERE next_code() = 'x';
        """
    )
    assert table.column("code").default == "next_code()"
    assert table.column("code").check == "public.valid(code)"
    assert table.indexes[0].where == "valid(code)"
    # (an index may call only functions declared IMMUTABLE, as PostgreSQL says)
    assert result.summary.skipped == {
        "index": ["t_n on t (predicate: PostgreSQL has no function next_code())"]
    }
    assert [item.name for item in result.schema.sql_objects] == ["next_code()", "valid(text)"]


def test_a_temporary_function_dropped_later_leaves_nothing_behind():
    _, result = only_table(
        """
        CREATE TABLE t (a int);
        CREATE OR REPLACE FUNCTION fix_up() RETURNS void AS $$ BEGIN END $$ LANGUAGE plpgsql;
        SELECT fix_up();
        UPDATE t SET a = 1;
        DROP FUNCTION fix_up();
        """
    )
    assert result.summary.skipped == {}
    assert result.summary.passed_over == {"query": 1, "data": 1}


def test_extensions_are_imported_into_the_model():
    _, result = only_table(
        """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE EXTENSION "uuid-ossp";
        CREATE EXTENSION btree_gin;
        DROP EXTENSION btree_gin;
        CREATE TABLE t (a int);
        """
    )
    assert result.schema.extensions == ("pg_trgm", "uuid-ossp")


def test_objects_the_model_keeps_as_sql_are_listed_by_kind_and_name():
    _, result = only_table(
        """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE TABLE t (a int);
        CREATE VIEW v1 AS SELECT a FROM t;
        CREATE VIEW v2 AS SELECT a FROM t;
        CREATE MATERIALIZED VIEW mv AS SELECT a FROM t;
        CREATE UNIQUE INDEX mv_a ON mv (a);
        CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x';
        CREATE POLICY p ON t USING (a > 0);
        ALTER TABLE t ENABLE ROW LEVEL SECURITY;
        CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING;
        CREATE TYPE pair AS (x int, y int);
        DO $$ BEGIN END $$;
        """
    )
    assert result.summary.kept_lines() == [
        "kept as SQL: 2 views: v1, v2",
        "kept as SQL: 1 materialized view: mv",
        "kept as SQL: 1 function: f(integer)",
        "kept as SQL: 1 policy: p on t",
        "kept as SQL: 1 rule: r on t",
        "kept as SQL: 1 type: pair",
        "kept as SQL: 1 table option: t (ENABLE ROW LEVEL SECURITY)",
    ]
    assert result.summary.skipped_lines() == [
        "skipped: 1 other statement: line 13: DO $$ BEGIN END $$",
    ]
    mv = result.schema.sql_objects[2]
    assert mv.sql.endswith("CREATE UNIQUE INDEX mv_a ON mv (a);")


def test_a_pg_dump_file_is_read_as_it_is():
    sql = (
        "\\restrict AbC123\n"
        "SET statement_timeout = 0;\n"
        "SELECT pg_catalog.set_config('search_path', '', false);\n"
        "CREATE TABLE public.t (id integer NOT NULL, note text);\n"
        "ALTER TABLE public.t OWNER TO postgres;\n"
        "COPY public.t (id, note) FROM stdin;\n"
        "1\tit's; \\N\n"
        "2\t\\\\ back\\tslash\n"
        "\\.\n"
        "INSERT INTO public.t VALUES (3, 'x');\n"
        "ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n"
        "GRANT ALL ON TABLE public.t TO PUBLIC;\n"
        "\\unrestrict AbC123\n"
    )
    table, result = only_table(sql)
    assert table.primary_key.name == "t_pkey"
    assert result.summary.skipped == {}
    assert result.summary.passed_over_line() == (
        "passed over: 2 psql meta-commands, 2 settings, 1 ownership change, "
        "1 privilege statement, 2 data statements"
    )


def test_every_object_gets_a_new_id():
    first = import_sql("CREATE TABLE t (a int PRIMARY KEY, b int UNIQUE); CREATE INDEX ON t (b);")
    second = import_sql("CREATE TABLE t (a int PRIMARY KEY, b int UNIQUE); CREATE INDEX ON t (b);")
    ids = all_ids(first.schema)
    assert len(set(ids)) == len(ids) == 4
    assert all(uuid.UUID(value).version == 4 for value in ids)
    assert not set(ids) & set(all_ids(second.schema))


def test_long_names_are_cut_to_63_bytes_as_postgresql_does():
    long_name = "é" * 40  # 80 bytes
    table, _ = only_table(f'CREATE TABLE "{long_name}" (a int)')
    assert table.name == "é" * 31 and len(table.name.encode()) == 62


# --- bad input ---------------------------------------------------------------------------------


def test_a_syntax_error_gives_line_column_and_text():
    with pytest.raises(SqlSyntaxError) as raised:
        import_sql("CREATE TABLE a (x int);\n\nCREATE TABLE b (\n    y int,,\n    z text\n);")
    error = raised.value
    assert (error.line, error.column, error.text) == (4, 11, ",")
    assert str(error) == "syntax error at line 4, column 11 (','): syntax error at or near \",\""


def test_an_unfinished_script_points_at_its_end():
    with pytest.raises(SqlSyntaxError) as raised:
        import_sql("CREATE TABLE a (\n  x int")
    assert (raised.value.line, raised.value.text) == (2, "end of input")


def test_an_unterminated_string_is_pointed_at():
    with pytest.raises(SqlSyntaxError) as raised:
        import_sql("CREATE TABLE é (x text DEFAULT 'oops);\n")
    assert (raised.value.line, raised.value.column) == (1, 32)
    assert raised.value.text == "'oops);"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\t\n", "the file is empty"),
        (b"-- just a comment\n/* and another */\n", "contains no SQL statements"),
        (b"CREATE TABLE t (a int);\x00\x01", "binary (it contains NUL bytes)"),
        (b"\xff\xfe\x00\x00garbage", "binary"),
        (b"CREATE TABLE caf\xe9 (a int);", "not UTF-8 text (byte 17"),
        (b"PGDMP\x01\x0e\x00", "pg_dump archive in custom format"),
        (b"\x1f\x8b\x08\x00", "gzip-compressed"),
        (b"name,email\nann,ann@example.com\n", "does not look like SQL: it starts with 'name'"),
        (b'{"format": "pg-schema-designer"}', "does not look like SQL: it starts with '{'"),
        (b"SELECT 1; INSERT INTO x VALUES (1);", "defines no tables or enum types"),
        (b"CREATE TABLE t (a int);\x07", "control character"),
    ],
)
def test_what_is_not_a_schema_is_refused_clearly(data, message):
    with pytest.raises(ImportFailure, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_sql(data)
