"""The Alembic revision of a migration: clean Python, the blocks of the migration SQL, and
the proof with real Alembic on PostgreSQL (``ALEMBIC_EXAMPLES=<n>`` runs it longer)."""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from hypothesis import HealthCheck, Phase, assume, event, given, settings
from hypothesis import strategies as st
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy.dialects import postgresql

from designer.generators import ddl, sample_data
from designer.generators.migration_alembic import escape_colons, revision
from designer.generators.migration_sql import (
    DOWN,
    TRANSACTION_START,
    UP,
    Migration,
    MigrationError,
    migration,
)
from designer.operations import OperationError, run
from designer.schema.model import (
    Column,
    ColumnType,
    Index,
    IndexElement,
    PrimaryKey,
    Schema,
    Table,
)
from designer.schema.sqltext import qualified, quote_literal
from tests.generators.test_ddl import _psql
from tests.generators.test_migration_sql import (
    _comparable,
    _error_class,
    _kept_columns,
    _reordered,
    _values,
)
from tests.operations.sequences import changes, plans
from tests.schema.test_diff import BASE, ORDERS, USERS, column
from tests.strategies import schemas
from tests.support.examples import examples
from tests.support.postgres import PgDatabase

EXAMPLES = int(os.environ.get("ALEMBIC_EXAMPLES") or examples(30))
PROJECT = Path(__file__).resolve().parents[2]
CREATED = datetime(2026, 1, 2, 3, 4, 5)

# What text() must give back untouched: binds, escapes, percents, quotes, non-ASCII.
TRICKY = 'a:b %s \\ """ :x \\:y \\\\:w %(z)s %% 12:30 ::text \'q\' é 日本\n\tend'
# A standard string: the backslash is a character, and \: is what text() un-escapes.
PLAIN = 'a:b %s \\ """ :x \\:y'
STATUS = replace(BASE.enums[0], values=("draft", "active", "done", "void"))


def _rich(tricky: str = TRICKY) -> tuple[Schema, Schema]:
    """BASE, and BASE with an ADD VALUE a later step uses, an index built CONCURRENTLY,
    and columns whose default and comment are full of characters text() could misread."""
    users = replace(USERS, indexes=(*USERS.indexes, Index("i-age", (IndexElement("age"),))))
    columns = (
        Column("c-tricky", "tricky", ColumnType("text"), default=quote_literal(tricky),
               description=tricky),
        Column("c-plain", "plain", ColumnType("text"), default=f"'{PLAIN}'"),
    )  # fmt: skip
    orders = replace(ORDERS, columns=(*ORDERS.columns, *columns))
    new = replace(BASE, enums=(STATUS,), tables=(users, orders))
    return BASE, column(new, "c-status", default="'void'", nullable=False)


def _module(m: Migration, rev: str = "a1b2c3d4e5f6", down: str | None = None) -> str:
    return revision(m, message="Rich change", revision=rev, down_revision=down, created=CREATED)


class _RecordingOp:
    """Alembic's ``op`` as far as a revision uses it: records (in autocommit, sql)."""

    def __init__(self) -> None:
        self.calls: list[tuple[bool, str]] = []
        self.autocommit = False

    def execute(self, sql: str) -> None:
        self.calls.append((self.autocommit, sql))

    def get_context(self) -> _RecordingOp:
        return self

    @contextmanager
    def autocommit_block(self):
        assert not self.autocommit, "autocommit blocks do not nest"
        self.autocommit = True
        try:
            yield
        finally:
            self.autocommit = False


def _call(source: str, function: str) -> list[tuple[bool, str]]:
    namespace: dict = {}
    exec(compile(source, "revision.py", "exec"), namespace)
    op = namespace["op"] = _RecordingOp()
    namespace[function]()
    return op.calls


def _text(sql: str) -> str:
    """What sqlalchemy.text() sends for ``sql``, as op.execute(str) does."""
    compiled = sa.text(sql).compile(dialect=postgresql.dialect(paramstyle="named"))
    assert not compiled.params, sql
    return str(compiled)


def _expected_calls(m: Migration, direction: str) -> list[tuple[bool, str]]:
    calls = []
    for inside, steps in m.blocks(direction):
        statements = [sql for step in steps for sql in step.statements]
        calls += [(not inside, sql) for sql in [TRANSACTION_START] * inside + statements]
    return calls


# --- the module -------------------------------------------------------------------------


def test_the_revision_is_alembics_module_with_its_identifiers():
    source = _module(migration(*_rich()), rev="a1b2c3d4e5f6", down="0f9e8d7c6b5a")
    tree = ast.parse(source)
    assert ast.get_docstring(tree).splitlines()[:5] == [
        "Rich change",
        "",
        "Revision ID: a1b2c3d4e5f6",
        "Revises: 0f9e8d7c6b5a",
        "Create Date: 2026-01-02 03:04:05",
    ]
    values = {
        node.target.id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }
    assert values == {"revision": "a1b2c3d4e5f6", "down_revision": "0f9e8d7c6b5a",
                      "branch_labels": None, "depends_on": None}  # fmt: skip
    assert [n.name for n in tree.body if isinstance(n, ast.FunctionDef)] == ["upgrade", "downgrade"]
    assert "from alembic import op\n" in source
    assert "import sqlalchemy" not in source  # op.execute of a str needs no sa.text
    assert "down_revision: str | Sequence[str] | None = None" in _module(migration(*_rich()))


def test_a_revision_identifier_alembic_would_refuse_is_refused():
    m = migration(*_rich())
    for bad in ("", "a-b", "a b", "a:b", "a@b"):
        with pytest.raises(ValueError, match="revision identifier"):
            revision(m, message="x", revision=bad)
    with pytest.raises(ValueError, match="revision identifier"):
        revision(m, message="x", revision="abc", down_revision="x+y")


def test_a_message_with_quotes_and_backslashes_stays_the_docstring():
    message = 'Say """hi""" \\ to "x"'
    source = revision(migration(*_rich()), message=message, revision="abc", created=CREATED)
    assert ast.get_docstring(ast.parse(source)).splitlines()[0] == message


def test_the_generated_module_is_ruff_clean(tmp_path):
    old, new = _rich()
    long_name = replace(USERS, name="a_table_with_a_rather_long_name_" + "x" * 30)
    # two columns a character, as ruff counts the line length; and a cedilla (RUF001)
    wide = replace(USERS, name="名前" * 6, description="d\u00b8 é Ωmega 名前 " * 8)
    # a CREATE TABLE of a few short lines that fits on one line once joined
    key = Column("c-t", "id", ColumnType("uuid"), nullable=False)
    small = Table("t-title", "title", columns=(key,), primary_key=PrimaryKey(("id",)))
    cases = {
        "rich": migration(old, new),
        "back": migration(new, old),
        "refused": _refused(migration(old, new)),
        "nothing": migration(BASE, BASE),
        "long": migration(BASE, replace(BASE, tables=(long_name, ORDERS))),
        "wide": migration(BASE, replace(BASE, tables=(wide, ORDERS))),
        "short lines": migration(BASE, replace(BASE, tables=(USERS, ORDERS, small))),
    }
    (tmp_path / "message.py").write_text(
        revision(cases["rich"], message='Say """hi""" \\ to "x"', revision="abc"), encoding="utf-8"
    )
    for name, m in cases.items():
        (tmp_path / f"{name}.py").write_text(_module(m), encoding="utf-8")
    _assert_ruff_clean(tmp_path)


def _assert_ruff_clean(directory: Path) -> None:
    """``ruff check`` and ``ruff format --check`` with the project's settings pass; but
    for RUF001-003, which flag letters that look like ASCII ones (a cedilla, a Greek
    omicron): the names and comments are the design's, and stay as written."""
    config = ["--config", str(PROJECT / "pyproject.toml")]
    confusables = ["--extend-ignore", "RUF001,RUF002,RUF003"]
    for args in (["check", *config, *confusables], ["format", "--check", "--diff", *config]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args, str(directory)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr


def test_nothing_to_do_is_the_docstring_alone():
    source = _module(migration(BASE, BASE))
    assert 'def upgrade() -> None:\n    """Upgrade schema."""\n\n\n' in source
    assert _call(source, "upgrade") == []


# --- blocks and statements ---------------------------------------------------------------


def test_the_autocommit_blocks_hold_exactly_the_steps_that_run_outside():
    m = migration(*_rich())
    source = _module(m)
    # ADD VALUE alone, the transaction, the index and a VALIDATE after it, SET NOT NULL
    assert [inside for inside, _ in m.blocks(UP)] == [False, True, False, True]
    for direction, function in ((UP, "upgrade"), (DOWN, "downgrade")):
        calls = _call(source, function)
        assert [(autocommit, _text(sql) + ";") for autocommit, sql in calls] == (
            _expected_calls(m, direction)
        )
    assert source.count("with op.get_context().autocommit_block():") == 2
    upgrade = source.split("def downgrade")[0]
    assert "CONCURRENTLY cannot run in a transaction" in upgrade
    assert "a new enum value cannot be used" in upgrade


def test_each_transaction_starts_with_set_constraints_all_immediate():
    m = migration(*_rich())
    calls = _call(_module(m), "upgrade")
    starts = [n for n, (autocommit, _) in enumerate(calls)
              if not autocommit and (n == 0 or calls[n - 1][0])]  # fmt: skip
    assert starts and all(calls[n][1] == TRANSACTION_START.rstrip(";") for n in starts)


def _refused(m: Migration) -> Migration:
    reason = "cannot write a migration for table_renamed_onto_a_taken_name yet: 'it''s' \\ \""
    return replace(m, down=(), down_error=reason)


def test_a_refused_down_makes_downgrade_raise_the_reason():
    m = _refused(migration(*_rich()))
    with pytest.raises(NotImplementedError) as raised:
        _call(_module(m), "downgrade")
    assert str(raised.value) == m.down_error
    assert _call(_module(m), "upgrade") == _call(_module(migration(*_rich())), "upgrade")


def test_destructive_and_irreversible_steps_say_so():
    old, new = _rich()
    without_orders = replace(BASE, tables=(USERS,), relationships=())
    source = _module(migration(BASE, without_orders))
    upgrade, downgrade = source.split("def downgrade")
    assert "# WARNING: this step can lose data." in upgrade  # DROP TABLE orders
    assert "# IRREVERSIBLE:" in downgrade  # orders comes back empty
    # the enum value removed by the way back: destructive and irreversible
    back = _module(migration(old, new)).split("def downgrade")[1]
    assert "# WARNING: this step can lose data." in back
    assert "# IRREVERSIBLE: upgrade() cannot give back the data this step drops." in back


def test_a_statement_with_a_tab_warns_that_offline_output_changes_it():
    source = _module(migration(*_rich()))
    assert "# NOTE: `alembic upgrade --sql` writes each tab of the next statement" in source
    assert "NOTE: `alembic" not in _module(migration(*_rich(TRICKY.replace("\t", " "))))


def test_comments_never_break_out_of_their_line():
    users = replace(USERS, description="first\nop.execute('DROP TABLE x')\r\u2028\x0bthird")
    m = migration(BASE, replace(BASE, tables=(users, ORDERS)))
    source = _module(m)
    assert '# changed the comment of table users from none to "first op.execute(' in source
    for direction, function in ((UP, "upgrade"), (DOWN, "downgrade")):
        calls = [(autocommit, _text(sql) + ";") for autocommit, sql in _call(source, function)]
        assert calls == _expected_calls(m, direction)  # the comment ran nothing


@given(st.text(alphabet=st.sampled_from(":\\_ab1 é%'\"\n")) | st.text())
def test_escaped_colons_come_back_from_text_exactly(sql):
    assert _text(escape_colons(sql)) == sql


def test_colons_text_would_misread_are_escaped_and_casts_are_not():
    assert escape_colons("SELECT 'x :y', '12:30', a::text, '\\:z'") == (
        "SELECT 'x \\:y', '12:30', a::text, '\\\\:z'"
    )


# --- on PostgreSQL ----------------------------------------------------------------------

ENV_PY = '''\
"""A minimal env.py: online on the URL of the config, or offline for --sql."""

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config

if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=None,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(
            connection=connection, target_metadata=None, transaction_per_migration=True
        )
        with context.begin_transaction():
            context.run_migrations()
'''


def sqlalchemy_url(db: PgDatabase) -> str:
    """The database's connection info as a ``postgresql+psycopg://`` URL."""
    info = conninfo_to_dict(db.url)
    port = info.pop("port", None)
    url = sa.URL.create(
        "postgresql+psycopg",
        username=info.pop("user", None),
        password=info.pop("password", None),
        host=info.pop("host", None),
        port=int(port) if port else None,
        database=info.pop("dbname", None),
        query={key: str(value) for key, value in info.items()},
    )
    return url.render_as_string(hide_password=False)


@contextmanager
def alembic_config(db: PgDatabase, source: str, rev: str):
    """A temporary script directory holding one revision, and the Config that runs it."""
    with tempfile.TemporaryDirectory(prefix="alembic_") as directory:
        root = Path(directory)
        (root / "versions").mkdir()
        (root / "env.py").write_text(ENV_PY, encoding="utf-8")
        (root / "versions" / f"{rev}_migration.py").write_text(source, encoding="utf-8")
        config = Config(output_buffer=io.StringIO())
        config.set_main_option("script_location", str(root))
        # the ini parser interpolates %: a URL may hold %-escapes
        config.set_main_option("sqlalchemy.url", sqlalchemy_url(db).replace("%", "%%"))
        yield config


def _catalog(db: PgDatabase, reordered: Iterable[tuple[str, str]] = ()) -> tuple:
    """The catalog as the migration proof compares it (``_comparable``: the columns of
    ``reordered`` tables by name, and the sequences), without Alembic's version table."""
    catalog = db.catalog()
    for part in (catalog.tables, catalog.constraints, catalog.indexes, catalog.comments):
        for key in [k for k in part if k[:2] == ("public", "alembic_version")]:
            del part[key]
    return _comparable(catalog, set(reordered))


def _offline(config: Config, direction: str, revisions: str) -> str:
    """The script of ``alembic upgrade|downgrade REVISIONS --sql``."""
    config.output_buffer = io.StringIO()
    if direction == UP:
        command.upgrade(config, revisions, sql=True)
    else:
        command.downgrade(config, revisions, sql=True)
    return config.output_buffer.getvalue()


@pytest.mark.postgres
def test_tricky_literals_reach_postgresql_byte_for_byte(pg_server):
    old, new = _rich()
    m = migration(old, new)
    source, target = pg_server.create_database("alembic"), pg_server.create_database("alembic2")
    try:
        target.run(ddl.generate(new))
        source.run(ddl.generate(old))
        with alembic_config(source, _module(m), "a1b2c3d4e5f6") as config:
            command.upgrade(config, "head")
            assert _catalog(source) == _catalog(target)
            with source.connect() as conn:
                rows = conn.execute(
                    "SELECT a.attname, pg_get_expr(d.adbin, d.adrelid),"
                    " col_description(a.attrelid, a.attnum)"
                    " FROM pg_attribute a JOIN pg_attrdef d"
                    " ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    " WHERE a.attrelid = 'orders'::regclass AND a.attname IN ('tricky', 'plain')"
                    " ORDER BY 1"
                ).fetchall()
                assert [(name, comment) for name, _, comment in rows] == [
                    ("plain", None), ("tricky", TRICKY),
                ]  # fmt: skip
                # the stored defaults evaluate to the very strings (sent without params)
                values = [conn.execute(f"SELECT {expr}").fetchone()[0] for _, expr, _ in rows]  # type: ignore[index]
                assert values == [PLAIN, TRICKY]
            command.downgrade(config, "base")
            assert _catalog(source) == _fresh_catalog(pg_server, old)
    finally:
        source.drop()
        target.drop()


def _fresh_catalog(pg_server, schema: Schema) -> tuple:
    db = pg_server.create_database("expected")
    try:
        db.run(ddl.generate(schema))
        return _catalog(db)
    finally:
        db.drop()


@pytest.mark.postgres
def test_offline_sql_holds_the_statements_and_commits_around_autocommit_blocks(pg_server):
    # --sql output writes a tab as four spaces (Alembic's DefaultImpl._exec): no tab here
    tricky = TRICKY.replace("\t", " ")
    old, new = _rich(tricky)
    m = migration(old, new)
    db = pg_server.create_database("offline")
    try:
        db.run(ddl.generate(old))
        expected_old = _catalog(db)
        with alembic_config(db, _module(m), "a1b2c3d4e5f6") as config:
            up = _offline(config, UP, "head")
            for sql in (s for step in m.up for s in step.statements):
                assert sql in up, sql
            add_value = "ALTER TYPE status ADD VALUE 'void' AFTER 'done';"
            index = "CREATE INDEX CONCURRENTLY ix_users_age ON users (age);"
            assert re.search(rf"COMMIT;\s+{re.escape(add_value)}\s+BEGIN;", up), up
            before = up[: up.index(index)]
            assert before.rfind("COMMIT;") > before.rfind("BEGIN;"), up  # outside one
            assert TRANSACTION_START in up and ";;" not in up
            # psql runs the script as written: the catalog is v2's, the strings intact
            result = _psql(db, up)
            assert result.returncode == 0, result.stderr
            assert _catalog(db) == _fresh_catalog(pg_server, new)
            comment = db.query(
                "SELECT col_description('orders'::regclass, "
                "(SELECT attnum FROM pg_attribute WHERE attrelid = 'orders'::regclass "
                "AND attname = 'tricky'))"
            )
            assert comment == [(tricky,)]
            down = _offline(config, DOWN, "a1b2c3d4e5f6:base")
            assert "DROP INDEX IF EXISTS ix_users_age;" in down
            result = _psql(db, down)
            assert result.returncode == 0, result.stderr
            assert _catalog(db) == expected_old
    finally:
        db.drop()


# --- the proof with real Alembic --------------------------------------------------------

STATS: Counter[str] = Counter()
_DATA_ERRORS = ("22", "23")  # data exception, integrity constraint violation


def _data_error(error: sa.exc.DBAPIError) -> bool:
    return isinstance(error.orig, psycopg.Error) and _error_class(error.orig) in _DATA_ERRORS


@pytest.mark.postgres
def test_alembic_upgrade_gives_v2s_catalog_keeps_rows_and_downgrade_gives_v1s(
    pg_server, capsys, tmp_path
):
    source, target = pg_server.create_database("alm"), pg_server.create_database("alm2")

    @settings(
        max_examples=EXAMPLES,  # counts the cases that ran fully: the others are rejected
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking takes minutes
        report_multiple_bugs=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much],
    )  # fmt: skip
    @given(first=schemas(max_tables=3), data=st.data())
    def case(first: Schema, data) -> None:
        last = first
        for number, kinds in enumerate(data.draw(plans(5), label="kinds")):
            drawn = data.draw(changes(last, kinds), label=f"change {number}")
            try:
                last = run(last, drawn).after
            except OperationError:
                continue
        STATS["drawn"] += 1
        try:
            m = migration(first, last)
        except MigrationError as error:
            STATS[f"refused: {str(error).split(' yet')[0]}"] += 1
            event("refused")
            assume(False)
            return
        if any(not inside for inside, _ in m.blocks(UP)):
            STATS["with autocommit blocks"] += 1
        rev = uuid.uuid4().hex[:12]
        module = revision(m, message="proof", revision=rev, created=CREATED)
        (tmp_path / f"case_{STATS['drawn']}.py").write_text(module, encoding="utf-8")
        source.reset()
        target.reset()
        target.run(ddl.generate(last))
        reordered_up, reordered_down = _reordered(m, UP), set()
        if not m.down_error:
            reordered_down = _reordered(m, DOWN)
        expected_new = _catalog(target, reordered_up)
        source.run(ddl.generate(first))
        expected_old = _catalog(source, reordered_down)
        with_data = not any(step.needs_backfill for step in m.up)
        if with_data:
            source.run(sample_data.generate(first))
        kept = _kept_columns(m)
        with alembic_config(source, module, rev) as config, source.connect() as conn:
            before = {
                key: _values(conn, key[0], [a for a, _ in cols]) for key, cols in kept.items()
            }
            try:
                command.upgrade(config, "head")
            except sa.exc.DBAPIError as error:
                if not with_data or not _data_error(error):
                    raise
                # existing rows break a new rule (a check, a key, a cast): an honest
                # failure the comments warn about; prove the catalog without the rows
                STATS["rows refused by up"] += 1
                with_data = False
                source.reset()
                source.run(ddl.generate(first))
                command.upgrade(config, "head")
            assert _catalog(source, reordered_up) == expected_new, module
            if with_data:
                for key, cols in kept.items():
                    after = _values(conn, key[1], [b for _, b in cols])
                    assert after == before[key], (key, module)
            if m.down_error:
                STATS[f"up only, down refused: {m.down_error.split(' yet')[0]}"] += 1
                with pytest.raises(NotImplementedError) as raised:
                    command.downgrade(config, "base")
                assert str(raised.value) == m.down_error
                assume(False)
                return
            if any(step.needs_backfill for step in m.down):
                STATS["down without rows (backfill)"] += 1
                with_data = False
                for t in last.tables:
                    conn.execute(f"TRUNCATE {qualified(t.qname)} CASCADE")  # type: ignore[arg-type]
            try:
                command.downgrade(config, "base")
            except sa.exc.DBAPIError as error:
                if not with_data or not _data_error(error):
                    raise
                STATS["rows refused by down"] += 1
                with_data = False
                source.reset()
                source.run(ddl.generate(last))
                command.stamp(config, "head")
                command.downgrade(config, "base")
            assert _catalog(source, reordered_down) == expected_old, module
        STATS["ran fully" if with_data else "ran without rows"] += 1
        assume(with_data)

    try:
        case()
    finally:
        source.drop()
        target.drop()
        with capsys.disabled():
            print("\nalembic property cases:", dict(STATS))
    assert STATS["ran fully"] >= EXAMPLES
    _assert_ruff_clean(tmp_path)  # every revision of the proof is clean Python
