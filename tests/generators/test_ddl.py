"""The PostgreSQL DDL generator: its exact text, and what a real PostgreSQL makes of it."""

from __future__ import annotations

import glob
import shutil
import subprocess
from dataclasses import replace

import psycopg
import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from pglast import parser

from designer.demo import demo_schema
from designer.generators.ddl import (
    DdlOptions,
    column_definition,
    creation_plan,
    generate,
    header,
    redundant_unique_ids,
    sql_comment,
    table_block,
)
from designer.schema import design_file
from designer.schema.expressions import parse_index_keys
from designer.schema.model import (
    Action,
    Column,
    ColumnType,
    Deferral,
    EnumType,
    Generated,
    Index,
    IndexElement,
    PrimaryKey,
    QName,
    Relationship,
    Schema,
    Table,
    UniqueConstraint,
)
from designer.schema.naming import assign_names, trigger_name
from designer.schema.sqltext import quote_ident
from designer.schema.types import TYPES
from designer.schema.validation import validate
from tests.strategies import schemas
from tests.support.catalog import read_catalog
from tests.support.golden import assert_matches_golden
from tests.support.postgres import one_database_per_test

# Everything a user may type that has ended an SQL literal or comment somewhere.
HOSTILE = (
    'It\'s "quoted" -- not a comment */ /* $$ $body$ \\ back\\slash '
    "; DROP TABLE users; --\nsecond line\r\nthird\rfourth\u2028fifth\x85sixth\ttab"
)
_FK_ACTIONS = {"a": Action.NO_ACTION, "r": Action.RESTRICT, "c": Action.CASCADE}
_FK_ACTIONS |= {"n": Action.SET_NULL, "d": Action.SET_DEFAULT}
_USER_SCHEMAS = "n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"


# --- text -----------------------------------------------------------------------------


def test_the_demo_matches_the_golden_file():
    text = generate(demo_schema())
    assert_matches_golden("demo.sql", text)


def test_the_demo_reads_like_the_seeds():
    text = generate(demo_schema())
    assert "id uuid NOT NULL DEFAULT gen_random_uuid()" in text
    assert "created_at timestamptz NOT NULL DEFAULT now()" in text
    assert text.count("CREATE OR REPLACE FUNCTION update_updated_at_column()") == 1
    assert "CONSTRAINT uq_users_email UNIQUE (email)" in text
    assert "CONSTRAINT ck_todos_title CHECK (char_length(title) > 0)" in text
    assert (
        "CONSTRAINT fk_todos_user_id FOREIGN KEY (user_id) REFERENCES users (id) "
        "ON DELETE CASCADE\n" in text
    )
    assert "ON UPDATE" not in text  # NO ACTION is PostgreSQL's default and left out
    assert text.index("CREATE TABLE users") < text.index("CREATE TABLE todos")
    assert text.startswith("-- Todo app (demo)\n")
    assert text.endswith("\nCOMMIT;\n")


@given(schemas())
def test_the_same_schema_gives_the_same_bytes_even_through_the_design_file(schema):
    text = generate(schema)
    assert generate(schema) == text
    assert generate(design_file.loads(design_file.dumps(schema))) == text


@given(schemas())
def test_each_table_block_is_the_text_of_the_script(schema):
    text = generate(schema)
    plan = creation_plan(schema)
    for table in schema.tables:
        assert f"\n\n{table_block(schema, table, plan)}\n\n" in text
        assert table_block(schema, table) == table_block(schema, table, plan)


def test_the_options_leave_out_what_they_name():
    schema = demo_schema()
    bare = generate(schema, DdlOptions(transaction=False, comments=False, header=False))
    assert bare.startswith("-- Keeps updated_at current")
    assert "BEGIN;" not in bare
    assert "COMMIT;" not in bare
    assert "COMMENT ON" not in bare
    assert "Serves the main list query" not in bare  # index rationales are comments too
    assert "-- Todo app" not in bare


def _table(name: str, *columns: Column, **fields) -> Table:
    return Table(id=f"t-{name}", name=name, columns=columns, **fields)


def _key(table: str, name: str = "id", **fields) -> Column:
    return Column(f"c-{table}-{name}", name, ColumnType("integer"), nullable=False, **fields)


def _reference(source: str, column: str, target: str, to: str = "id", **fields) -> Relationship:
    return Relationship(
        id=f"r-{source}-{column}",
        from_table=QName("public", source),
        from_columns=(column,),
        to_table=QName("public", target),
        to_columns=(to,),
        **fields,
    )


def _cyclic_schema() -> Schema:
    """``a`` and ``b`` reference each other, ``c`` itself, ``d`` references ``c``."""
    pk = PrimaryKey(("id",))
    return Schema(
        tables=(
            _table("d", _key("d"), _key("d", "c_id"), primary_key=pk),
            _table("a", _key("a"), _key("a", "b_id"), primary_key=pk),
            _table("b", _key("b"), _key("b", "a_id"), primary_key=pk),
            _table("c", _key("c"), _key("c", "parent_id"), primary_key=pk),
        ),
        relationships=(
            _reference("d", "c_id", "c"),
            _reference("a", "b_id", "b", on_delete=Action.SET_NULL),
            _reference("b", "a_id", "a", deferral=Deferral.DEFERRED),
            _reference("c", "parent_id", "c", on_delete=Action.CASCADE),
        ),
    )


def test_tables_come_in_foreign_key_order_and_a_cycle_closes_with_alter_table():
    schema = _cyclic_schema()
    assert validate(schema) == []
    plan = creation_plan(schema)
    # Model order is d, a, b, c: only c is ready, then d; nothing is ready in the cycle
    # a <-> b, so it is broken at a, the first of them in model order.
    assert [table.name for table in plan.tables] == ["c", "d", "a", "b"]
    assert [rel.id for rel in plan.deferred] == ["r-a-b_id"]
    assert [rel.id for rel in plan.foreign_keys(schema.table(QName("public", "c")))] == [
        "r-c-parent_id"
    ]
    text = generate(schema)
    assert (
        "ALTER TABLE a\n    ADD CONSTRAINT fk_a_b_id FOREIGN KEY (b_id) REFERENCES b (id) "
        "ON DELETE SET NULL;\n\nCOMMIT;\n"
    ) in text
    assert "REFERENCES a (id) DEFERRABLE INITIALLY DEFERRED\n);" in text


@st.composite
def _graphs(draw) -> Schema:
    """Tables t0..tn referencing one another at random: cycles, self-references, chains."""
    count = draw(st.integers(1, 8))
    edges = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1))))
    columns: dict[int, list[Column]] = {i: [_key(f"t{i}")] for i in range(count)}
    relationships = []
    for number, (source, target) in enumerate(edges):
        name = f"ref_{number}"
        columns[source].append(_key(f"t{source}", name))
        relationships.append(_reference(f"t{source}", name, f"t{target}"))
    tables = tuple(
        _table(f"t{i}", *columns[i], primary_key=PrimaryKey(("id",))) for i in range(count)
    )
    return Schema(tables=tables, relationships=tuple(relationships))


def _simple_order(schema: Schema) -> list[str]:
    """The rule, written plainly: the first table in model order whose references all
    exist, and when there is none (a cycle), the first table not yet created."""
    remaining, created, order = list(schema.tables), set(), []
    while remaining:
        ready = [
            table
            for table in remaining
            if all(
                rel.to_table in created or rel.is_self_reference
                for rel in schema.relationships_from(table.qname)
            )
        ]
        table = (ready or remaining)[0]
        remaining.remove(table)
        created.add(table.qname)
        order.append(table.name)
    return order


@given(_graphs())
def test_the_creation_order_follows_the_rule_and_every_key_finds_its_table(schema):
    plan = creation_plan(schema)
    assert [table.name for table in plan.tables] == _simple_order(schema)
    place = {table.qname: number for number, table in enumerate(plan.tables)}
    for table in plan.tables:
        for rel in plan.foreign_keys(table):
            assert place[rel.to_table] <= place[table.qname]
    for rel in plan.deferred:
        assert place[rel.to_table] > place[rel.from_table]
    inline = [rel for table in plan.tables for rel in plan.foreign_keys(table)]
    assert sorted(rel.id for rel in (*inline, *plan.deferred)) == sorted(
        rel.id for rel in schema.relationships
    )


def _self_reference_to_a_unique_index() -> Schema:
    index = Index("ix-code", (IndexElement(column="code"),), unique=True)
    table = _table(
        "node",
        _key("node"),
        _key("node", "code"),
        _key("node", "parent_code"),
        primary_key=PrimaryKey(("id",)),
        indexes=(index,),
    )
    reference = _reference("node", "parent_code", "node", "code")
    return Schema(tables=(table,), relationships=(reference,))


def test_a_self_reference_to_a_key_that_is_only_a_unique_index_is_added_afterwards():
    schema = _self_reference_to_a_unique_index()
    assert validate(schema) == []
    assert [rel.id for rel in creation_plan(schema).deferred] == ["r-node-parent_code"]


@pytest.mark.postgres
@pytest.mark.parametrize("build", [_cyclic_schema, _self_reference_to_a_unique_index])
def test_cycles_and_late_keys_apply(pg_db, build):
    schema = build()
    pg_db.run(generate(schema))
    _assert_database_matches(pg_db, schema)


def test_generated_columns_and_defaults_are_written_as_postgresql_spells_them():
    def column(base: str, **fields) -> str:
        return column_definition(Column("c", "n", ColumnType(base), nullable=False, **fields))

    assert column("bigint", generated=Generated.SERIAL) == "n bigserial NOT NULL"
    assert column("smallint", generated=Generated.SERIAL) == "n smallserial NOT NULL"
    assert column("integer", generated=Generated.IDENTITY_ALWAYS) == (
        "n integer NOT NULL GENERATED ALWAYS AS IDENTITY"
    )
    assert column("bigint", generated=Generated.IDENTITY_BY_DEFAULT) == (
        "n bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY"
    )
    assert column("integer", default="1 + 2") == "n integer NOT NULL DEFAULT (1 + 2)"
    assert column("date", default="CURRENT_DATE") == "n date NOT NULL DEFAULT CURRENT_DATE"


def test_a_line_break_in_the_project_name_cannot_start_an_sql_line():
    schema = replace(
        demo_schema(),
        name="Shop\nDROP TABLE users;\rSELECT 1;\u2028x",
        description=HOSTILE,
    )
    text = header(schema)
    # PostgreSQL ends a -- comment at \n or \r; every line must still be a comment.
    assert "\r" not in text
    assert all(line.startswith("--") for line in text.split("\n"))
    assert parser.parse_sql(text) == ()  # only comments: not one statement
    assert text.splitlines()[0] == "-- Shop DROP TABLE users; SELECT 1; x"


def test_a_comment_keeps_every_word_on_comment_lines():
    text = sql_comment("a\nb\r\nc\x0bd\x00e " + "word " * 40)
    assert all(line.startswith("-- ") for line in text.split("\n"))
    assert all(len(line) <= 88 for line in text.split("\n"))
    assert text.split().count("word") == 40


# --- on a real PostgreSQL -------------------------------------------------------------


@pytest.mark.postgres
def test_the_demo_applies_and_behaves(pg_db):
    pg_db.run(generate(demo_schema()))
    with pg_db.connect() as conn:
        user = conn.execute(
            "INSERT INTO users (email, password_hash) VALUES ('a@example.com', 'x') RETURNING id"
        ).fetchone()[0]

        with pytest.raises(psycopg.errors.ForeignKeyViolation) as missing:
            conn.execute("INSERT INTO todos (user_id, title) VALUES (gen_random_uuid(), 'orphan')")
        assert missing.value.diag.constraint_name == "fk_todos_user_id"

        with pytest.raises(psycopg.errors.UniqueViolation) as duplicate:
            conn.execute("INSERT INTO users (email, password_hash) VALUES ('a@example.com', 'y')")
        assert duplicate.value.diag.constraint_name == "uq_users_email"

        with pytest.raises(psycopg.errors.CheckViolation) as empty:
            conn.execute("INSERT INTO todos (user_id, title) VALUES (%s, '')", (user,))
        assert empty.value.diag.constraint_name == "ck_todos_title"

        todo = conn.execute(
            "INSERT INTO todos (user_id, title, updated_at) "
            "VALUES (%s, 'write tests', '2000-01-01T00:00:00Z') RETURNING id",
            (user,),
        ).fetchone()[0]
        conn.execute("UPDATE todos SET completed = true WHERE id = %s", (todo,))
        bumped = conn.execute(
            "SELECT updated_at > '2000-01-02T00:00:00Z', completed FROM todos WHERE id = %s",
            (todo,),
        ).fetchone()
        assert bumped == (True, True)

        conn.execute("DELETE FROM users WHERE id = %s", (user,))
        assert conn.execute("SELECT count(*) FROM todos").fetchone() == (0,)


@pytest.mark.postgres
@one_database_per_test(max_examples=150)
@given(schema=schemas())
def test_generated_schemas_apply_and_the_catalog_agrees_with_the_model(pg_db, schema):
    assert validate(schema) == []
    _record_what_is_covered(schema)
    pg_db.reset()
    pg_db.run(generate(schema))
    _assert_database_matches(pg_db, schema)


def _record_what_is_covered(schema: Schema) -> None:
    """Hypothesis events (pytest --hypothesis-show-statistics): what the examples reach."""
    plan = creation_plan(schema)
    if plan.deferred:
        event("a foreign key added with ALTER TABLE (cycle)")
    if any(rel.is_self_reference for rel in schema.relationships):
        event("a self-reference")
    if any(name != "public" for name in schema.schemas):
        event("a non-public schema")
    if any(redundant_unique_ids(table) for table in schema.tables):
        event("a unique constraint that repeats a key")
    if any(table.has_updated_at_trigger for table in schema.tables):
        event("an updated_at trigger")
    generated = {column.generated for table in schema.tables for column in table.columns}
    for kind in generated - {Generated.NONE}:
        event(f"generated column: {kind.value}")


@pytest.mark.postgres
def test_the_script_is_one_transaction_when_psql_runs_it(pg_db):
    # The last table's default calls a function of PostgreSQL's with arguments none of
    # its forms takes: validation does not know every function's forms, PostgreSQL
    # refuses it after the first table is already created.
    users, todos = demo_schema().tables
    broken_column = replace(todos.column("description"), default="pg_size_pretty(1, 2, 3)")
    columns = tuple(broken_column if c.name == "description" else c for c in todos.columns)
    schema = replace(demo_schema(), tables=(users, replace(todos, columns=columns)))
    assert validate(schema) == []

    failed = _psql(pg_db, generate(schema))
    assert failed.returncode != 0
    assert "pg_size_pretty" in failed.stderr
    assert pg_db.catalog().tables == {}
    assert pg_db.query(
        "SELECT count(*) FROM pg_proc WHERE proname = 'update_updated_at_column'"
    ) == [(0,)]

    # The same script without BEGIN / COMMIT leaves the first table behind: the check
    # above can fail.
    _psql(pg_db, generate(schema, DdlOptions(transaction=False)))
    assert set(pg_db.catalog().tables) == {("public", "users")}


@pytest.mark.postgres
def test_hostile_text_stays_inside_its_literal_or_comment(pg_db):
    schema = demo_schema()
    users, todos = schema.tables
    index = replace(todos.indexes[0], rationale=HOSTILE)
    email = replace(users.column("email"), description=HOSTILE)
    users = replace(
        users,
        description=HOSTILE,
        columns=tuple(email if c.name == "email" else c for c in users.columns),
    )
    mood = EnumType("e-mood", "mood", ("it's", "a\nb", "$$"), description=HOSTILE)
    schema = replace(
        schema,
        name=HOSTILE,
        description=HOSTILE,
        enums=(mood,),
        tables=(users, replace(todos, indexes=(index,))),
    )
    text = generate(schema)
    # psql, as a user would run the file, and the simple query protocol as a driver would.
    result = _psql(pg_db, text)
    assert result.returncode == 0, result.stderr
    psql_catalog = pg_db.catalog()
    pg_db.reset()
    pg_db.run(text)
    catalog = pg_db.catalog()
    assert psql_catalog == catalog

    stored = HOSTILE  # PostgreSQL keeps every character, line breaks included
    assert catalog.comments[("public", "users", "")] == stored
    assert catalog.comments[("public", "users", "email")] == stored
    assert set(catalog.tables) == {("public", "users"), ("public", "todos")}
    assert catalog.enums == {("public", "mood"): ("it's", "a\nb", "$$")}
    with pg_db.connect() as conn:
        assert _type_comments(conn) == {("public", "mood"): stored}


@pytest.mark.postgres
def test_unique_constraints_that_repeat_a_key_are_left_out_as_postgresql_would(pg_db):
    columns = (_key("t", "a"), _key("t", "b"), replace(_key("t", "c"), unique=True))
    uniques = (
        UniqueConstraint("same-as-pk", ("a", "b")),
        UniqueConstraint("reversed", ("b", "a")),
        UniqueConstraint("same-as-column", ("c",)),
        UniqueConstraint("nulls-not-distinct", ("a", "b"), nulls_not_distinct=True),
        UniqueConstraint("twin", ("b", "a")),
    )
    table = _table("t", *columns, primary_key=PrimaryKey(("a", "b")), uniques=uniques)
    schema = Schema(tables=(table,))
    assert validate(schema) == []
    assert redundant_unique_ids(table) == {"same-as-pk", "same-as-column", "twin"}

    # What PostgreSQL itself keeps when handed every one of them.
    names = assign_names(schema)
    every = ", ".join(
        f"CONSTRAINT {names.unique(u.id)} UNIQUE"
        f"{' NULLS NOT DISTINCT' if u.nulls_not_distinct else ''} ({', '.join(u.columns)})"
        for u in uniques
    )
    pg_db.run(
        "CREATE TABLE t (a integer, b integer, c integer, CONSTRAINT pk_t PRIMARY KEY (a, b), "
        f"CONSTRAINT uq_t_c UNIQUE (c), {every})"
    )
    kept_by_postgresql = {name for (_, _, name) in pg_db.catalog().constraints}
    pg_db.reset()

    pg_db.run(generate(schema))
    assert {name for (_, _, name) in pg_db.catalog().constraints} == kept_by_postgresql
    assert kept_by_postgresql == {"pk_t", "uq_t_c", "uq_t_b_a", "uq_t_a_b_2"}


@pytest.mark.postgres
def test_reserved_and_mixed_case_names_apply_exactly_as_written(pg_db):
    status = EnumType("e-status", "OrderStatus", ("New", "it's"), schema="Audit Log")
    order = Table(
        id="t-order",
        name="order",
        columns=(
            Column("c-id", "id", ColumnType("uuid"), nullable=False, default="gen_random_uuid()"),
            Column("c-user", "user", ColumnType("varchar", length=100), unique=True),
            Column(
                "c-status",
                "Status",
                ColumnType("enum", enum=status.qname),
                nullable=False,
                default="'New'",
            ),
        ),
        primary_key=PrimaryKey(("id",)),
        indexes=(
            Index("ix", (IndexElement(expression='lower("user")', descending=True),)),
            Index("ix-pattern", parse_index_keys('"user" pg_catalog.varchar_pattern_ops')),
        ),
    )
    schema = Schema(enums=(status,), tables=(order,))
    assert validate(schema) == []
    text = generate(schema)
    assert 'CREATE TABLE "order" (' in text
    assert "CREATE TYPE \"Audit Log\".\"OrderStatus\" AS ENUM ('New', 'it''s');" in text
    assert 'CREATE INDEX ix_order_lower_user ON "order" ((lower("user")) DESC);' in text
    assert 'CREATE INDEX ix_order_user ON "order" ("user" pg_catalog.varchar_pattern_ops);' in text

    pg_db.run(text)
    catalog = pg_db.catalog()
    assert catalog.enums == {("Audit Log", "OrderStatus"): ("New", "it's")}
    assert [column[0] for column in catalog.tables[("public", "order")]] == ["id", "user", "Status"]
    assert catalog.constraints[("public", "order", "uq_order_user")][0] == "u"
    _assert_database_matches(pg_db, schema)


# --- helpers --------------------------------------------------------------------------


def _psql(pg_db, script: str) -> subprocess.CompletedProcess:
    """Run ``script`` through psql, statement by statement, as a user would."""
    found = shutil.which("psql") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))), None
    )
    if found is None:
        pytest.fail("this test needs psql (the postgresql-client package)", pytrace=False)
    return subprocess.run(
        [found, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", pg_db.url, "-f", "-"],
        input=script,
        capture_output=True,
        text=True,
        check=False,
    )


def _type_comments(conn) -> dict[tuple[str, str], str]:
    """(schema, type) -> comment, for the enum types (catalog.py reads tables only)."""
    rows = conn.execute(
        f"""
        SELECT n.nspname, t.typname, d.description FROM pg_description d
        JOIN pg_type t ON t.oid = d.objoid AND d.classoid = 'pg_type'::regclass
        JOIN pg_namespace n ON n.oid = t.typnamespace WHERE {_USER_SCHEMAS}
        """
    ).fetchall()
    return {(schema, name): text for schema, name, text in rows}


def _column_types(conn) -> dict[tuple[str, str, str], tuple[str, str, bool, int]]:
    """(schema, table, column) -> (element type, its schema, is array, typmod)."""
    rows = conn.execute(
        f"""
        SELECT n.nspname, c.relname, a.attname, coalesce(e.typname, t.typname),
               coalesce(en.nspname, tn.nspname), e.oid IS NOT NULL, a.atttypmod
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace
        LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
        LEFT JOIN pg_namespace en ON en.oid = e.typnamespace
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind = 'r' AND {_USER_SCHEMAS}
        """
    ).fetchall()
    return {(row[0], row[1], row[2]): tuple(row[3:]) for row in rows}


def _foreign_keys(conn) -> dict[tuple[str, str, str], tuple]:
    """(schema, table, name) -> (columns, target, target columns, actions, deferral)."""
    columns = """(SELECT array_agg(a.attname ORDER BY k.ord) FROM unnest({keys})
                  WITH ORDINALITY k(num, ord) JOIN pg_attribute a
                  ON a.attrelid = {rel} AND a.attnum = k.num)"""
    rows = conn.execute(
        f"""
        SELECT n.nspname, c.relname, f.conname,
               {columns.format(keys="f.conkey", rel="f.conrelid")},
               rn.nspname, r.relname,
               {columns.format(keys="f.confkey", rel="f.confrelid")},
               f.confdeltype, f.confupdtype, f.condeferrable, f.condeferred
        FROM pg_constraint f JOIN pg_class c ON c.oid = f.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class r ON r.oid = f.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
        WHERE f.contype = 'f' AND {_USER_SCHEMAS}
        """
    ).fetchall()
    found = {}
    for schema, table, name, cols, target_schema, target, target_cols, *rest in rows:
        delete, update, deferrable, deferred = rest
        found[(schema, table, name)] = (
            tuple(cols),
            QName(target_schema, target),
            tuple(target_cols),
            _FK_ACTIONS[delete],
            _FK_ACTIONS[update],
            deferrable,
            deferred,
        )
    return found


def _typmod(column_type: ColumnType) -> int:
    """The atttypmod PostgreSQL stores for the type (-1: none)."""
    base, length, precision = column_type.base, column_type.length, column_type.precision
    if base in {"varchar", "char", "bit", "varbit"}:
        if length is None and base in {"char", "bit"}:
            length = 1  # char and bit mean char(1) and bit(1)
        if length is None:
            return -1
        return length + 4 if base in {"varchar", "char"} else length
    if precision is None:
        return -1
    if base == "numeric":
        return ((precision << 16) | (column_type.scale or 0)) + 4
    if base == "interval":
        return (0x7FFF << 16) | precision  # INTERVAL_FULL_RANGE
    return precision


def _expected_type(column: Column) -> tuple[str, str, bool, int]:
    column_type = column.type
    if column_type.is_enum:
        assert column_type.enum is not None
        return (column_type.enum.name, column_type.enum.schema, column_type.array, -1)
    return (TYPES[column_type.base].catalog, "pg_catalog", column_type.array, _typmod(column_type))


def _expected_objects(schema: Schema, table: Table) -> tuple[dict[str, str], set[str]]:
    """The constraint names (-> kind letter) and index names ``table`` must have."""
    names = assign_names(schema)
    redundant = redundant_unique_ids(table)  # PostgreSQL drops these; checked on its own
    constraints = {}
    if table.primary_key is not None:
        constraints[names.primary_key(table)] = "p"
    for column in table.columns:
        if column.unique and column.id not in redundant:
            constraints[names.unique_column(column.id)] = "u"
        if column.check:
            constraints[names.check_column(column.id)] = "c"
    constraints |= {
        names.unique(unique.id): "u" for unique in table.uniques if unique.id not in redundant
    }
    constraints |= {names.check(check.id): "c" for check in table.checks}
    constraints |= {names.foreign_key(rel): "f" for rel in schema.relationships_from(table.qname)}
    return constraints, {names.index(index.id) for index in table.indexes}


def _expected_key_definitions(schema: Schema, table: Table) -> dict[str, str]:
    """pg_get_constraintdef of the primary key and the unique constraints, by name."""
    names = assign_names(schema)
    redundant = redundant_unique_ids(table)

    def columns(names_: tuple[str, ...]) -> str:
        return ", ".join(quote_ident(name) for name in names_)

    definitions = {}
    if table.primary_key is not None:
        definitions[names.primary_key(table)] = (
            f"PRIMARY KEY ({columns(table.primary_key.columns)})"
        )
    for column in table.columns:
        if column.unique and column.id not in redundant:
            definitions[names.unique_column(column.id)] = f"UNIQUE ({columns((column.name,))})"
    for unique in table.uniques:
        if unique.id not in redundant:
            nulls = " NULLS NOT DISTINCT" if unique.nulls_not_distinct else ""
            definitions[names.unique(unique.id)] = f"UNIQUE{nulls} ({columns(unique.columns)})"
    return definitions


def _assert_database_matches(pg_db, schema: Schema) -> None:
    """What PostgreSQL built is what the model says, object by object and by name."""
    with pg_db.connect() as conn:
        catalog = read_catalog(conn)
        types = _column_types(conn)
        foreign_keys = _foreign_keys(conn)
        type_comments = _type_comments(conn)
    names = assign_names(schema)
    assert set(catalog.tables) == {(t.schema, t.name) for t in schema.tables}
    assert catalog.enums == {(e.schema, e.name): e.values for e in schema.enums}
    for table in schema.tables:
        key = (table.schema, table.name)
        rows = catalog.tables[key]
        assert [row[0] for row in rows] == list(table.column_names)
        for column, (_, _, not_null, default, identity, _) in zip(table.columns, rows, strict=True):
            assert not_null == (not column.nullable), column.name
            assert types[(*key, column.name)] == _expected_type(column), column.name
            assert identity == {
                Generated.IDENTITY_ALWAYS: "a",
                Generated.IDENTITY_BY_DEFAULT: "d",
            }.get(column.generated, "")
            if column.generated is Generated.SERIAL:
                assert default.startswith("nextval("), column.name
            else:
                assert (default is not None) == (column.default is not None), column.name

        constraints, indexes = _expected_objects(schema, table)
        found = {
            name: kind
            for (schema_name, table_name, name), (kind, _) in catalog.constraints.items()
            if (schema_name, table_name) == key and kind != "n"  # PostgreSQL 18's NOT NULL
        }
        assert found == constraints
        for name, definition in _expected_key_definitions(schema, table).items():
            assert catalog.constraints[(*key, name)][1] == definition
        found_indexes = {
            name: definition
            for (schema_name, table_name, name), definition in catalog.indexes.items()
            if (schema_name, table_name) == key
        }
        assert set(found_indexes) == indexes
        for index in table.indexes:
            definition = found_indexes[names.index(index.id)]
            assert definition.startswith("CREATE UNIQUE INDEX") == index.unique
            assert f" USING {index.method.value} (" in definition
            assert (" WHERE " in definition) == (index.where is not None)

        triggers = {name for (s, t, name) in catalog.triggers if (s, t) == key}
        assert triggers == ({trigger_name(table)} if table.has_updated_at_trigger else set())

        comments = {
            column: text for (s, t, column), text in catalog.comments.items() if (s, t) == key
        }
        expected = {"": table.description} if table.description else {}
        expected |= {c.name: c.description for c in table.columns if c.description}
        assert comments == expected

    assert type_comments == {
        (e.schema, e.name): e.description for e in schema.enums if e.description
    }
    expected_fks = {
        (rel.from_table.schema, rel.from_table.name, names.foreign_key(rel)): (
            rel.from_columns,
            rel.to_table,
            rel.to_columns,
            rel.on_delete,
            rel.on_update,
            rel.deferral is not Deferral.NOT_DEFERRABLE,
            rel.deferral is Deferral.DEFERRED,
        )
        for rel in schema.relationships
    }
    assert foreign_keys == expected_fks
