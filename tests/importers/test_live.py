"""The live importer on a real PostgreSQL: round trips, read-only reading, clear errors."""

from __future__ import annotations

import socket
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from designer.generators.ddl import generate
from designer.importers.live import LiveImportError, import_live, read_only_snapshot
from designer.importers.sql import import_sql
from tests.importers.roundtrip import assert_same_catalogs, expected_catalog
from tests.importers.test_sql_roundtrip import CORPUS, CORPUS_NAMES, EXPECTED_SKIPPED
from tests.strategies import schemas
from tests.support.pgcluster import ClusterUnavailable, start_cluster

pytestmark = pytest.mark.postgres

PASSWORD = "correct-horse-7Qx!"
LOOPBACK = ["127.0.0.0/8", "::1"]  # where the test servers listen (LIVE_IMPORT_HOSTS)

# What the catalogs hold beyond the model: as from the files, but for procrastinate's
# DO block, a statement that leaves no object behind for the catalogs to show.
LIVE_SKIPPED = {**EXPECTED_SKIPPED, "procrastinate": {}}
# openstreetmap's dump repeats, as pg_dump writes it, the comment CREATE EXTENSION gives
# btree_gist; the live import leaves that comment to CREATE EXTENSION (so that a database
# built from a design shows no drift), and reads one object fewer.
LIVE_FEWER_OBJECTS = {"openstreetmap": 1}


@pytest.fixture
def databases(pg_server):
    pair = (pg_server.create_database("a"), pg_server.create_database("b"))
    try:
        yield pair
    finally:
        for database in pair:
            database.drop()


def _live_round_trip(a, b, schema_names):
    result = import_live(a.url, schemas=schema_names, allowed_hosts=LOOPBACK)
    b.run(generate(result.schema))
    assert_same_catalogs(expected_catalog(a.catalog()), b.catalog())
    return result


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_every_corpus_database_round_trips_through_the_live_importer(name, databases):
    a, b = databases
    sql = (CORPUS / name / "schema.sql").read_text()
    a.run(sql)
    from_file = import_sql(sql)
    schema_names = sorted(from_file.schema.schemas)
    result = _live_round_trip(a, b, schema_names)
    # The same tables, columns and keys as the file gives.
    expected = dict(from_file.counts)
    if name in LIVE_FEWER_OBJECTS:
        expected["SQL objects"] -= LIVE_FEWER_OBJECTS[name]
    assert result.counts == expected
    skipped = {kind: len(names) for kind, names in result.summary.skipped.items()}
    assert skipped == LIVE_SKIPPED[name]


def test_the_live_importer_reads_one_schema_by_default(databases):
    a, _ = databases
    a.run(
        """
        CREATE SCHEMA other;
        CREATE TABLE other.tag (id int PRIMARY KEY);
        CREATE TABLE note (id int PRIMARY KEY, tag_id int REFERENCES other.tag);
        CREATE VIEW recent AS SELECT * FROM note;
        """
    )
    result = import_live(a.url, allowed_hosts=LOOPBACK)
    assert [table.name for table in result.schema.tables] == ["note"]
    assert result.schema.relationships == ()
    assert result.summary.skipped["foreign key"] == [
        "note.note_tag_id_fkey (to other.tag, which is not imported)"
    ]
    assert result.summary.verbatim["view"] == ["recent"]
    both = import_live(a.url, schemas=["public", "other"], allowed_hosts=LOOPBACK)
    assert {str(table.qname) for table in both.schema.tables} == {"note", "other.tag"}
    assert len(both.schema.relationships) == 1


def test_serial_identity_and_timestamps_come_back(databases):
    a, _ = databases
    a.run(
        """
        CREATE TYPE mood AS ENUM ('sad', 'happy');
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql
            AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
        CREATE TABLE person (
            id bigserial PRIMARY KEY,
            code int GENERATED ALWAYS AS IDENTITY UNIQUE,
            mood mood[] DEFAULT '{}',
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TRIGGER person_touch BEFORE UPDATE ON person
            FOR EACH ROW EXECUTE FUNCTION touch();
        COMMENT ON COLUMN person.mood IS 'How they feel';
        """
    )
    result = import_live(a.url, allowed_hosts=LOOPBACK)
    (table,) = result.schema.tables
    assert [column.generated.value for column in table.columns] == [
        "serial",
        "identity_always",
        "",
        "",
    ]
    assert table.column("mood").type.array and table.column("mood").type.enum.name == "mood"
    assert table.column("mood").description == "How they feel"
    assert table.timestamps
    assert result.summary.skipped == {}


_LIVE_EXAMPLES = settings(
    max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)


@_LIVE_EXAMPLES
@given(schema=schemas())
def test_generated_databases_round_trip_through_the_live_importer(schema, databases):
    a, b = databases
    a.reset()
    b.reset()
    a.run(generate(schema))
    result = _live_round_trip(a, b, list(schema.schemas))
    assert result.summary.skipped == {}


# --- reading safely ----------------------------------------------------------------------


def test_the_catalogs_are_read_in_a_read_only_transaction_with_a_timeout(pg_db):
    with pg_db.connect() as connection:
        connection.autocommit = False
        with read_only_snapshot(connection, 2.5):
            assert connection.execute("SHOW transaction_read_only").fetchone() == ("on",)
            assert connection.execute("SHOW statement_timeout").fetchone() == ("2500ms",)
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                connection.execute("CREATE TABLE written (x int)")
        with pytest.raises(psycopg.errors.QueryCanceled), read_only_snapshot(connection, 0.05):
            connection.execute("SELECT pg_sleep(1)")
        assert connection.execute("SHOW statement_timeout").fetchone() != ("50ms",)


# --- connection errors ---------------------------------------------------------------------


def _url(base: str, **changes) -> str:
    parts = conninfo_to_dict(base)
    parts.update(changes)
    host, port = parts.pop("host"), parts.pop("port")
    user, dbname = parts.pop("user"), parts.pop("dbname")
    password = parts.pop("password", None)
    credentials = f"{user}:{password}" if password else user
    return f"postgresql://{credentials}@{host}:{port}/{dbname}"


@pytest.fixture(scope="module")
def password_server():
    """A throwaway server that asks one role for its password (the shared test server
    trusts everyone, so a wrong password would go unnoticed there)."""
    try:
        cluster = start_cluster()
    except ClusterUnavailable as error:
        pytest.fail(f"this test needs PostgreSQL's server binaries: {error}", pytrace=False)
    try:
        with psycopg.connect(cluster.url, autocommit=True) as connection:
            connection.execute(f"CREATE ROLE keeper LOGIN PASSWORD '{PASSWORD}'")
            hba = Path(connection.execute("SHOW hba_file").fetchone()[0])
            hba.write_text("host all keeper 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
            connection.execute("SELECT pg_reload_conf()")
        yield cluster
    finally:
        cluster.stop()


def test_the_right_password_reads_the_database(password_server):
    url = _url(password_server.url, user="keeper", password=PASSWORD)
    with psycopg.connect(make_conninfo(password_server.url), autocommit=True) as connection:
        connection.execute("CREATE TABLE public.thing (id int PRIMARY KEY)")
    result = import_live(url, allowed_hosts=LOOPBACK)
    assert [table.name for table in result.schema.tables] == ["thing"]


def test_a_wrong_password_is_explained_without_the_password(password_server):
    url = _url(password_server.url, user="keeper", password="Wrong-Secret-42")
    with pytest.raises(LiveImportError) as raised:
        import_live(url, allowed_hosts=LOOPBACK)
    message = str(raised.value)
    assert "refused the password" in message
    assert f"127.0.0.1:{password_server.port}" in message
    assert "Wrong-Secret-42" not in message and PASSWORD not in message


def test_an_unknown_database_is_named(pg_server):
    url = _url(pg_server.url, dbname="no_such_db", password="Hidden-Pass-99")
    with pytest.raises(LiveImportError) as raised:
        import_live(url, allowed_hosts=LOOPBACK)
    message = str(raised.value)
    assert 'database "no_such_db" does not exist' in message
    assert "Hidden-Pass-99" not in message


def test_a_refused_port_says_no_postgresql_server_was_reached(pg_server):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free once the socket closes: nothing listens
    url = _url(pg_server.url, port=str(port), password="Hidden-Pass-99")
    with pytest.raises(LiveImportError) as raised:
        import_live(url, allowed_hosts=LOOPBACK)
    message = str(raised.value)
    assert message.startswith(f"could not reach a PostgreSQL server at 127.0.0.1:{port}: ")
    assert "Hidden-Pass-99" not in message


def test_a_malformed_url_is_refused_without_echoing_it():
    with pytest.raises(LiveImportError) as raised:
        import_live("postgresql://me:Hidden-Pass-99@[::1/db", allowed_hosts=LOOPBACK)
    assert "not valid" in str(raised.value)
    assert "Hidden-Pass-99" not in str(raised.value)


def test_an_empty_schema_is_refused(pg_db):
    with pytest.raises(LiveImportError, match="no tables or enum types"):
        import_live(pg_db.url, schemas=["nothing_here"], allowed_hosts=LOOPBACK)
