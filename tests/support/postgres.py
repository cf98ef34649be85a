"""Real PostgreSQL databases for tests: create, fill with SQL, inspect, drop."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import psycopg
from hypothesis import HealthCheck, settings
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from tests.support.examples import examples

from .catalog import Catalog, read_catalog


@dataclass
class PgServer:
    """A server the tests may create databases on (an admin connection URL)."""

    url: str

    def connect(self, dbname: str | None = None) -> psycopg.Connection:
        info = conninfo_to_dict(self.url)
        if dbname is not None:
            info["dbname"] = dbname
        return psycopg.connect(make_conninfo(**info), autocommit=True)

    def url_for(self, dbname: str) -> str:
        return make_conninfo(self.url, dbname=dbname)

    def create_database(self, prefix: str = "t") -> PgDatabase:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return PgDatabase(self, name)

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class PgDatabase:
    server: PgServer
    name: str

    @property
    def url(self) -> str:
        return self.server.url_for(self.name)

    def connect(self) -> psycopg.Connection:
        return self.server.connect(self.name)

    def run(self, sql: str) -> None:
        """Execute a whole SQL script (several statements, simple query protocol)."""
        with self.connect() as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self.connect() as conn:
            return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def reset(self) -> None:
        """Drop every user schema and recreate an empty ``public``."""
        with self.connect() as conn:
            schemas = [
                row[0]
                for row in conn.execute(
                    "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
                    "AND nspname <> 'information_schema'"
                )
            ]
            for schema in schemas:
                conn.execute(f'DROP SCHEMA "{schema.replace(chr(34), chr(34) * 2)}" CASCADE')
            conn.execute("CREATE SCHEMA public")

    def catalog(self) -> Catalog:
        with self.connect() as conn:
            return read_catalog(conn)

    def drop(self) -> None:
        self.server.drop_database(self.name)


def one_database_per_test(max_examples: int) -> settings:
    """Hypothesis settings for a property test whose examples share one database (the
    function-scoped ``pg_db``, emptied by ``reset()`` or rolled back per example), where
    generated schemas may be large and slow to build; ``PROPERTY_SCALE`` runs more
    (``tests.support.examples``)."""
    return settings(
        max_examples=examples(max_examples),
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
