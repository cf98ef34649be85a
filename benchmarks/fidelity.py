"""Fidelity benchmark: how much of a real schema survives, and what each artifact builds.

For every corpus schema (``tests/corpus``), on a throwaway PostgreSQL:

- **whole catalog**: the original script applied to database A; imported; our DDL applied
  to B; the objects A's whole catalog holds (``tests/support/catalog.py``: tables,
  columns, constraints, indexes, triggers, views, routines, sequences, domains,
  partitions, comments, options...) and the differences between A and B — A lowered only
  by the rules of what the model still does not carry (``tests/importers/roundtrip.py``);
- **SQLModel**: our module's ``SQLModel.metadata.create_all`` into C; the catalog
  differences between C and B (what the DDL builds), over the whole catalog;
- **sqlacodegen** (the peer tool Python teams use to get models from a database):
  ``sqlacodegen --generator sqlmodels`` on B, its models' ``create_all`` into D; the
  differences between D and B (when sqlacodegen is installed: ``pip install '.[bench]'``);
- **Alembic**: ``compare_metadata`` between our models and B (``compare_type``,
  ``compare_server_default``, the documented ``include_object``): the differences it
  reports;
- **sample data**: our script run on B; the tables that got rows.

    .venv/bin/python benchmarks/fidelity.py [name ...]
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
_store = tempfile.mkdtemp(prefix="bench-fidelity-")
os.environ["DATABASE_URL"] = f"sqlite:///{_store}/db.sqlite3"

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from designer.generators import ddl, sample_data, sqlmodel  # noqa: E402
from designer.importers.sql import import_sql  # noqa: E402
from tests.generators.test_sqlmodel_alembic import alembic_differences  # noqa: E402
from tests.importers.roundtrip import differences, expected_catalog  # noqa: E402
from tests.support.catalog import Catalog, read_catalog  # noqa: E402
from tests.support.corpus import CORPUS_NAMES, corpus_sql  # noqa: E402
from tests.support.pgcluster import start_cluster  # noqa: E402
from tests.support.postgres import PgServer  # noqa: E402
from tests.support.python_module import loaded_module  # noqa: E402


def _catalog(database) -> Catalog:
    with database.connect() as conn:
        return read_catalog(conn)


def _size(catalog: Catalog) -> int:
    """The objects a catalog holds (entries of every part; a table counts its columns)."""
    total = 0
    for part, items in catalog.whole().items():
        if part == "tables":
            total += sum(1 + len(columns) for columns in items.values())
        else:
            total += sum(items.values()) if hasattr(items, "total") else len(items)
    return total


def _catalog_differences(actual: Catalog, expected: Catalog) -> int:
    """Entries that differ between two catalogs, every part (names included)."""
    count = 0
    for item in dataclasses.fields(Catalog):
        mine, theirs = getattr(actual, item.name), getattr(expected, item.name)
        if isinstance(mine, dict):
            count += sum(1 for key in set(mine) | set(theirs) if mine.get(key) != theirs.get(key))
        elif mine != theirs:
            count += len(set(mine) ^ set(theirs)) or 1
    return count


def _engine(database) -> sa.Engine:
    return sa.create_engine(
        "postgresql+psycopg://",
        creator=lambda: psycopg.connect(database.url),
        poolclass=sa.NullPool,
    )


def _create_all(text: str, database, folder: Path) -> str | None:
    """``metadata.create_all`` of the module ``text`` into ``database`` (None), or why not."""
    path = folder / "models.py"
    path.write_text(text, encoding="utf-8")
    engine = _engine(database)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with loaded_module(path) as module:
                metadata = getattr(module, "metadata", None)
                if metadata is None:
                    from sqlmodel import SQLModel

                    metadata = SQLModel.metadata
                metadata.create_all(engine)
        return None
    except Exception as error:  # a peer's output that does not run is a finding
        reason = getattr(error, "orig", error)
        return f"fails ({type(reason).__name__})"
    finally:
        engine.dispose()


def _alembic(schema, database, folder: Path) -> int:
    path = folder / "ours_alembic.py"
    path.write_text(sqlmodel.generate(schema), encoding="utf-8")
    engine = _engine(database)
    try:
        with warnings.catch_warnings(), engine.connect() as connection:
            warnings.simplefilter("ignore")
            with loaded_module(path) as module:
                return len(alembic_differences(connection, module.metadata))
    finally:
        engine.dispose()


def _filled(database) -> tuple[int, int]:
    with database.connect() as conn:
        tables = conn.execute(
            """
            SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT LIKE 'pg\\_%'
              AND n.nspname <> 'information_schema'
            """
        ).fetchall()
        query = "SELECT EXISTS (SELECT FROM {})"
        filled = sum(1 for (name,) in tables if conn.execute(query.format(name)).fetchone()[0])
    return filled, len(tables)


def _schemas(database) -> list[str]:
    with database.connect() as conn:
        return [
            row[0]
            for row in conn.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
                "AND nspname <> 'information_schema' ORDER BY nspname"
            )
        ]


def _sqlacodegen(database, folder: Path) -> str | None:
    binary = shutil.which("sqlacodegen", path=str(Path(sys.executable).parent))
    if binary is None:
        return None
    info = psycopg.conninfo.conninfo_to_dict(database.url)
    url = sa.URL.create(
        "postgresql+psycopg",
        username=info.get("user"),
        password=info.get("password"),
        host=info.get("host"),
        port=int(info["port"]) if info.get("port") else None,
        database=info.get("dbname"),
    )
    schemas = _schemas(database)
    done = subprocess.run(
        [binary, "--generator", "sqlmodels", "--schemas", ",".join(schemas),
         url.render_as_string(hide_password=False)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    return done.stdout if done.returncode == 0 else None


def measure(name: str, server: PgServer, folder: Path) -> dict:
    sql = corpus_sql(name)
    a, b, c, d = (server.create_database(prefix) for prefix in "abcd")
    try:
        a.run(sql)
        started = time.perf_counter()
        schema = import_sql(sql).schema
        script = ddl.generate(schema)
        seconds = time.perf_counter() - started
        b.run(script)
        original, ours = _catalog(a), _catalog(b)
        row = {
            "name": name,
            "objects": _size(original),
            "round trip": len(differences(expected_catalog(original), ours)),
            "import+ddl s": seconds,
        }
        problem = _create_all(sqlmodel.generate(schema), c, folder)
        row["sqlmodel"] = problem or _catalog_differences(_catalog(c), ours)
        generated = _sqlacodegen(b, folder)
        if generated is None:
            row["sqlacodegen"] = "not installed / failed"
        else:
            # The schemas its models name, made first (as its user would).
            for schema_name in _schemas(b):
                d.run(f'CREATE SCHEMA IF NOT EXISTS "{schema_name}"')
            problem = _create_all(generated, d, folder)
            row["sqlacodegen"] = problem or _catalog_differences(_catalog(d), ours)
        row["alembic"] = _alembic(schema, b, folder)
        b.run(sample_data.generate(schema))
        row["filled"] = "{}/{}".format(*_filled(b))
        return row
    finally:
        for database in (a, b, c, d):
            database.server.drop_database(database.name)


def main(names: list[str]) -> None:
    url = os.environ.get("TEST_DATABASE_URL")
    cluster = None if url else start_cluster()
    server = PgServer(url or cluster.url)
    print(
        f"{'schema':<16} {'objects':>7} {'round trip':>10} {'SQLModel':>9} "
        f"{'sqlacodegen':>24} {'Alembic':>7} {'filled':>7} {'import+DDL':>10}"
    )
    print("  (differences from the original / from what our DDL builds; 0 = exact)")
    try:
        with tempfile.TemporaryDirectory() as folder:
            for name in names or CORPUS_NAMES:
                row = measure(name, server, Path(folder))
                print(
                    f"{row['name']:<16} {row['objects']:>7} {row['round trip']:>10} "
                    f"{row['sqlmodel']!s:>9} {row['sqlacodegen']!s:>24} {row['alembic']:>7} "
                    f"{row['filled']:>7} {row['import+ddl s'] * 1000:>8.0f} ms"
                )
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
