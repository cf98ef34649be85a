"""The live import is not a server-side request forgery tool (issue 12).

Each attack runs against servers on 127.0.0.1 started by the test: fake ones
(``tests.support.fake_pg``: silent, not PostgreSQL, a login followed by silence, a
password collector) and the real PostgreSQL of ``pg_server``. Where an attack works
without the guard, the test shows that first with psycopg alone, so that it cannot pass
for want of a working attack.
"""

from __future__ import annotations

import html
import io
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from psycopg import pq
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from designer import models
from designer.importers.live import LiveImportError, import_live
from designer.importers.live_guard import (
    NO_PASSWORD_FILE,
    TURNED_OFF,
    HostAllowlist,
    connection_parameters,
    parse_url,
)
from tests.support.fake_pg import FakeServer

LOOPBACK = ["127.0.0.0/8", "::1"]
DEADLINE = 2  # seconds: libpq's shortest connect timeout
STUCK = 30  # seconds after which a call counts as stuck: a bound, not a measure


@pytest.fixture
def fake():
    """Start fake servers by behaviour; all are stopped after the test."""
    started: list[FakeServer] = []

    def start(behaviour: str) -> FakeServer:
        server = FakeServer(behaviour)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def _live(url: str, allowed=LOOPBACK, **options) -> str:
    """The message of the LiveImportError that importing ``url`` raises."""
    with pytest.raises(LiveImportError) as raised:
        import_live(url, allowed_hosts=allowed, deadline_seconds=DEADLINE, **options)
    return str(raised.value)


def _sockets() -> set[str]:
    """The sockets this process holds open (``socket:[inode]``)."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:"):
            found.add(target)
    return found


def _returns_in_time(call) -> BaseException | None:
    """Run ``call`` in a thread; fail if it is still running after STUCK seconds."""
    outcome: dict[str, BaseException] = {}

    def run() -> None:
        try:
            call()
        except BaseException as error:  # handed to the test
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(STUCK)
    assert not thread.is_alive(), "the live import still waits: the deadline did not free it"
    return outcome.get("error")


# --- only a few parameters ----------------------------------------------------------------


@pytest.mark.parametrize(
    "parameter",
    [
        "hostaddr=127.0.0.1",
        "passfile=/etc/passwd",
        "service=prod",
        "options=-c%20search_path%3Devil",
        "connect_timeout=1",
        "application_name=x",
        "sslcert=/etc/ssl/private/server.crt",
        "sslrootcert=/etc/ssl/certs/ca.pem",
        "requirepeer=root",
        "target_session_attrs=any",
        "gssencmode=require",
        "krbsrvname=host",
        "frobnicate=1",
    ],
)
def test_parameters_beyond_the_small_list_are_refused_by_name(parameter, fake):
    server = fake("ask_password")
    message = _live(f"postgresql://me:pw@127.0.0.1:{server.port}/db?{parameter}")
    name = parameter.split("=")[0]
    assert message.startswith(f"the database URL's parameter {name} cannot be used here")
    assert "host, port, dbname, user, password, sslmode" in message
    assert server.connections == 0


def test_a_key_log_file_is_refused_and_never_written(fake, tmp_path):
    server = fake("ask_password")
    keys = tmp_path / "keys.log"
    url = f"postgresql://me:pw@127.0.0.1:{server.port}/db?sslkeylogfile={keys}&sslmode=prefer"
    assert "parameter sslkeylogfile cannot be used" in _live(url)
    assert server.connections == 0 and not keys.exists()


def test_a_password_file_with_another_address_is_refused(fake, tmp_path):
    """The attack: the server's own password file, for a host it trusts, sent to the
    address of the attacker's server."""
    server = fake("ask_password")
    secret = "Password-Of-The-Server-81"
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"db.internal:{server.port}:*:*:{secret}\n")
    passfile.chmod(0o600)
    url = f"postgresql://me@db.internal:{server.port}/db?hostaddr=127.0.0.1&passfile={passfile}"
    with pytest.raises(psycopg.OperationalError):  # psycopg alone sends it
        psycopg.connect(url, connect_timeout=DEADLINE)
    assert server.closed_by_client.wait(STUCK)
    assert secret.encode() in server.everything_received

    server.received.clear()
    before = server.connections
    message = _live(url, allowed=["db.internal", *LOOPBACK])
    assert "parameters hostaddr, passfile cannot be used here" in message
    assert server.connections == before and server.everything_received == b""


@pytest.mark.parametrize(
    "environment",
    [
        {"PGPASSFILE": "{pgpass}"},
        {"HOME": "{home}"},
        {"PGPASSWORD": "{secret}"},
        {"PGSERVICEFILE": "{services}", "PGSERVICE": "leaky"},
    ],
    ids=["PGPASSFILE", "~/.pgpass", "PGPASSWORD", "PGSERVICE"],
)
def test_the_servers_password_files_and_variables_give_no_password(
    environment, fake, tmp_path, monkeypatch
):
    server = fake("ask_password")
    secret = "Secret-Of-The-Server-42"
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{server.port}:*:*:{secret}\n")
    home = tmp_path / "home"
    home.mkdir()
    (home / ".pgpass").write_text(f"*:*:*:*:{secret}\n")
    services = tmp_path / "services.conf"
    services.write_text(f"[leaky]\npassword={secret}\n")
    for path in (pgpass, home / ".pgpass"):
        path.chmod(0o600)
    for name, value in environment.items():
        values = {"pgpass": pgpass, "home": home, "secret": secret, "services": services}
        monkeypatch.setenv(name, value.format(**values))
    url = f"postgresql://me@127.0.0.1:{server.port}/db"
    with pytest.raises(psycopg.OperationalError):  # psycopg alone sends it
        psycopg.connect(url, connect_timeout=DEADLINE)
    assert server.closed_by_client.wait(STUCK)
    assert secret.encode() in server.everything_received

    server.received.clear()
    server.closed_by_client.clear()
    message = _live(url)
    assert message.endswith("the server asks for a password and the URL gives none")
    assert server.closed_by_client.wait(STUCK)
    assert secret.encode() not in server.everything_received


def test_the_servers_pg_variables_do_not_reach_the_startup_message(fake, monkeypatch):
    server = fake("ask_password")
    monkeypatch.setenv("PGAPPNAME", "Leaky-App-Name")
    monkeypatch.setenv("PGOPTIONS", "-c leaky.setting=1")
    monkeypatch.setenv("PGUSER", "leaky_user")
    monkeypatch.setenv("PGDATABASE", "leaky_db")
    _live(f"postgresql://me:pw@127.0.0.1:{server.port}/db")
    assert server.closed_by_client.wait(STUCK)
    startup = server.everything_received
    assert b"user\0me\0" in startup and b"database\0db\0" in startup
    assert b"pg-schema-designer live import" in startup
    assert b"leaky" not in startup.lower()


def test_every_parameter_an_environment_variable_could_set_is_given():
    target = parse_url("postgresql://me:pw@db.example.com:6543/shop?sslmode=require")
    parameters = connection_parameters(target, "192.0.2.7", 5)
    from_environment = {
        option.keyword.decode() for option in pq.Conninfo.get_defaults() if option.envvar
    }
    assert from_environment - set(parameters) == {"service"}
    assert parameters["hostaddr"] == "192.0.2.7"  # the checked address, not a new lookup
    assert parameters["host"] == "db.example.com"  # kept for TLS
    assert parameters["passfile"] == NO_PASSWORD_FILE and not Path(NO_PASSWORD_FILE).exists()
    assert parameters["sslcertmode"] == "disable"
    assert conninfo_to_dict(make_conninfo("", **parameters))["port"] == "6543"


# --- TCP only, one host ---------------------------------------------------------------------


@pytest.mark.postgres
def test_a_unix_socket_is_refused(pg_server):
    info = conninfo_to_dict(pg_server.url)
    with pg_server.connect() as connection:
        directory = connection.execute("SHOW unix_socket_directories").fetchone()[0].split(",")[0]
    url = f"postgresql://postgres@/postgres?host={directory}&port={info['port']}"
    if Path(directory, f".s.PGSQL.{info['port']}").exists():  # the test cluster's own socket
        with psycopg.connect(url) as connection:  # psycopg alone reads through it
            assert connection.execute("SELECT 1").fetchone() == (1,)
    assert "the host is a Unix socket" in _live(url)
    assert "the host is a Unix socket" in _live("postgresql://postgres@%2Ftmp/postgres")
    assert "the host is a Unix socket" in _live("postgresql://postgres@/x?host=@abstract")
    assert "names no host (a local socket is not allowed)" in _live("postgresql:///postgres")


def test_several_hosts_or_ports_are_refused():
    assert "several hosts" in _live("postgresql://me@127.0.0.1:1,127.0.0.2:2/db")
    assert "several ports" in _live("postgresql://me@127.0.0.1/db?port=1,2")


# --- where the server may connect ---------------------------------------------------------


@pytest.mark.parametrize(
    ("debug", "expected"), [("false", "[]"), ("true", "['127.0.0.0/8', '::1/128']")]
)
def test_the_live_import_is_off_by_default_unless_debug_is_on(debug, expected):
    environment = {**os.environ, "DEBUG": debug, "SECRET_KEY": "not-a-secret-" * 4}
    environment.pop("LIVE_IMPORT_HOSTS", None)
    shown = subprocess.run(
        [sys.executable, "-c", "from config import settings; print(settings.LIVE_IMPORT_HOSTS)"],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert shown == expected


def test_with_no_allowed_host_the_live_import_is_off(fake):
    server = fake("ask_password")
    assert _live(f"postgresql://me:pw@127.0.0.1:{server.port}/db", allowed=[]) == TURNED_OFF
    assert server.connections == 0


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::ffff:127.0.0.1]", "2130706433"])
def test_a_host_that_resolves_outside_the_allowed_ranges_is_refused(host, fake):
    server = fake("ask_password")
    message = _live(f"postgresql://me:pw@{host}:{server.port}/db", allowed=["10.0.0.0/8"])
    assert "is not a host this server may connect to" in message
    assert server.connections == 0


def test_a_name_that_does_not_resolve_reads_like_one_that_is_not_allowed():
    unknown = _live("postgresql://me@no-such-host.invalid/db", allowed=["10.0.0.0/8"])
    assert unknown == (
        "no-such-host.invalid is not a host this server may connect to (it resolves to no "
        "address that LIVE_IMPORT_HOSTS allows)"
    )


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("host", "allowed"),
    [("localhost", LOOPBACK), ("127.0.0.1", ["localhost"]), ("127.0.0.1", "127.0.0.1/32")],
)
def test_an_allowed_host_is_read(host, allowed, pg_db):
    pg_db.run("CREATE TABLE thing (id int PRIMARY KEY)")
    info = conninfo_to_dict(pg_db.url)
    url = f"postgresql://{info['user']}@{host}:{info['port']}/{info['dbname']}"
    result = import_live(url, allowed_hosts=allowed, deadline_seconds=DEADLINE * 10)
    assert [table.name for table in result.schema.tables] == ["thing"]


def test_an_allowlist_entry_that_is_neither_a_name_nor_a_range_is_named():
    with pytest.raises(LiveImportError, match=r"'10\.0\.0\.0/33'"):
        HostAllowlist.parse("db.internal, 10.0.0.0/33")
    allowed = HostAllowlist.parse(" db.internal , 10.0.0.0/8,,")
    assert allowed.names == ("db.internal",) and len(allowed.networks) == 1


# --- no port map, no stuck worker -----------------------------------------------------------


def test_a_closed_port_an_open_port_and_a_silent_one_read_the_same(fake):
    garbage, silent = fake("garbage"), fake("silent")
    closed = FakeServer("silent")
    closed.stop()  # nothing listens on its port any more
    messages = {
        _live(f"postgresql://me:pw@127.0.0.1:{server.port}/db").replace(str(server.port), "N")
        for server in (closed, garbage, silent)
    }
    assert messages == {
        "could not reach a PostgreSQL server at 127.0.0.1:N: is it running, is the port "
        "right, and does it accept connections from this server?"
    }


@pytest.mark.postgres
def test_only_a_postgresql_server_that_answered_is_told_apart(pg_server):
    info = conninfo_to_dict(pg_server.url)
    message = _live(f"postgresql://postgres:pw@127.0.0.1:{info['port']}/no_such_database")
    assert message == (
        f'cannot connect to 127.0.0.1:{info["port"]}: database "no_such_database" does not exist'
    )


@pytest.mark.parametrize(
    ("behaviour", "expected"),
    [
        ("silent", "could not reach a PostgreSQL server at 127.0.0.1:"),
        ("login_then_silent", 'database "db" on 127.0.0.1:{port} did not finish answering '
                              "within 2 seconds"),
    ],
)  # fmt: skip
def test_a_server_that_stops_answering_frees_the_caller_by_the_deadline(behaviour, expected, fake):
    server = fake(behaviour)
    threads, sockets = set(threading.enumerate()), _sockets()
    error = _returns_in_time(
        lambda: import_live(
            f"postgresql://me:pw@127.0.0.1:{server.port}/db",
            allowed_hosts=LOOPBACK,
            deadline_seconds=DEADLINE,
        )
    )
    assert isinstance(error, LiveImportError)
    assert str(error).startswith(expected.format(port=server.port))
    if behaviour == "login_then_silent":
        assert b"BEGIN" in server.everything_received  # it was reading when cut off
    # Nothing is left behind: the client hung up, no thread or socket of ours remains.
    assert server.closed_by_client.wait(STUCK)
    server.join_connections(STUCK)
    assert set(threading.enumerate()) <= threads
    assert _sockets() == sockets


# --- the password in messages -----------------------------------------------------------------


@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(password=st.text(st.characters(codec="utf-8", exclude_characters="\0"), min_size=1))
def test_a_message_is_the_same_whatever_the_password(password, fake):
    server = fake("ask_password")
    url = f"postgresql://me:{{}}@127.0.0.1:{server.port}/db"
    message = _live(url.format(quote(password, safe="")))
    assert message == _live(url.format("other"))
    assert message == (
        f"cannot connect to 127.0.0.1:{server.port}: the server refused the password for "
        f'user "me" (or has no such user)'
    )


def test_a_one_letter_password_does_not_mangle_the_message():
    """Today's bug: with password ``p`` every "p" of the message was masked ("***ort")."""
    message = _live("postgresql://me:p@127.0.0.1:1/db")
    assert message == (
        "could not reach a PostgreSQL server at 127.0.0.1:1: is it running, is the port "
        "right, and does it accept connections from this server?"
    )


def test_a_url_that_does_not_parse_shows_none_of_its_password():
    message = _live("postgresql://me:Se%zzcret-77@db/name")  # libpq would quote "Se%zzcret-77"
    assert message == (
        "the database URL is not valid; write postgresql://user:password@host:port/name"
    )


# --- the import page and the command --------------------------------------------------------

LONG_LABEL_URL = f"postgresql://me:pw@{'a' * 64}.example.com:5432/db"


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _url_field_errors(page: str) -> str:
    """The error list next to the URL input (empty when it has none)."""
    field = page.split('name="url"', 1)[1].split("</div>", 1)[0]
    if 'class="errorlist"' not in field:
        return ""
    return field.split('class="errorlist"', 1)[1].split("</ul>", 1)[0]


@pytest.mark.django_db
def test_a_host_label_over_63_characters_is_an_error_next_to_the_url(client, settings):
    settings.LIVE_IMPORT_HOSTS = LOOPBACK
    response = client.post(
        reverse("designer:import"), {"source": "database", "url": LONG_LABEL_URL, "target": "new"}
    )
    assert response.status_code == 200
    assert "longer than 63 characters" in _url_field_errors(_page(response))
    assert models.ImportDraft.objects.count() == 0


@pytest.mark.django_db
def test_where_the_url_points_is_explained_next_to_it(client, settings, fake):
    settings.LIVE_IMPORT_HOSTS = ["10.0.0.0/8"]
    server = fake("ask_password")
    url = f"postgresql://me:pw@localhost:{server.port}/db"
    response = client.post(
        reverse("designer:import"), {"source": "database", "url": url, "target": "new"}
    )
    assert "localhost is not a host this server may connect to" in _url_field_errors(
        _page(response)
    )
    assert server.connections == 0


@pytest.mark.django_db
def test_the_import_page_says_when_the_live_import_is_off(client, settings, fake):
    settings.LIVE_IMPORT_HOSTS = []
    server = fake("ask_password")
    page = _page(client.get(reverse("designer:import")))
    assert "Read a live PostgreSQL database (turned off on this server)" in page
    assert "listing the database hosts it may connect to in LIVE_IMPORT_HOSTS" in page
    url = f"postgresql://me:pw@127.0.0.1:{server.port}/db"
    response = client.post(
        reverse("designer:import"), {"source": "database", "url": url, "target": "new"}
    )
    assert response.status_code == 200
    assert "Turned off on this server" in _url_field_errors(_page(response))
    assert server.connections == 0 and models.ImportDraft.objects.count() == 0


def _command(*args) -> None:
    call_command("import_schema", *args, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_the_command_refuses_in_one_line_when_the_live_import_is_off(settings, fake):
    settings.LIVE_IMPORT_HOSTS = []
    server = fake("ask_password")
    url = f"postgresql://me:pw@127.0.0.1:{server.port}/db"
    with pytest.raises(CommandError) as raised:
        _command(url, "--project", "off", "--format", "live")
    assert str(raised.value) == TURNED_OFF and "\n" not in str(raised.value)
    assert server.connections == 0
    assert not models.Project.objects.filter(slug="off").exists()


@pytest.mark.django_db
def test_the_command_explains_a_long_host_label(settings):
    settings.LIVE_IMPORT_HOSTS = LOOPBACK
    with pytest.raises(CommandError, match="longer than 63 characters"):
        _command(LONG_LABEL_URL, "--project", "long", "--format", "live")
