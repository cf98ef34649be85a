"""Where and how the live import may connect: the guard between a typed URL and libpq.

A database URL typed by anyone must not turn the server into a tool against its own
network, its files or its credentials. So:

- ``parse_url`` accepts only ``host``, ``port``, ``dbname``, ``user``, ``password`` and
  ``sslmode``; every other libpq parameter (``hostaddr``, ``passfile``, ``service``,
  ``options``, ``sslkeylogfile``...) is refused by name, and so are Unix-socket hosts, a
  missing host (libpq's default socket) and several hosts.
- ``HostAllowlist`` (the ``LIVE_IMPORT_HOSTS`` setting: host names and CIDR ranges)
  decides where the server may connect. ``resolve`` looks the host up once and checks
  *every* address it resolves to; libpq then connects to a checked address (``hostaddr``,
  with ``host`` kept for TLS), so a DNS answer that changes in between cannot redirect it.
- ``connection_parameters`` gives libpq every parameter that has a ``PG*`` environment
  variable explicitly, so the server's environment (``PGPASSFILE``, ``PGPASSWORD``,
  ``PGOPTIONS``, ``PGSSLCERT``...) and ``~/.pgpass`` add nothing to the connection: no
  password is read from a file, no client certificate is sent, only password methods (or
  none) may authenticate.
- ``connect`` bounds the connection by a ``Deadline``, and ``cut_off`` shuts the socket
  down when the deadline passes, whatever the other side does (an accepted connection that
  never answers, a login followed by silence): the caller is free again by then.
- ``explain`` turns a failure into one of a few fixed sentences. A closed port, an open
  port that does not speak PostgreSQL and one that does not answer all read "could not
  reach a PostgreSQL server at host:port", so the import cannot map ports; libpq's own
  message is never shown (it is logged), so the password cannot leak through it.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import os
import re
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import psycopg
from psycopg import pq
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from .summary import ImportFailure

logger = logging.getLogger(__name__)

ALLOWED_PARAMETERS = ("host", "port", "dbname", "user", "password", "sslmode")
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
URL_FORM = "postgresql://user:password@host:port/name"
SETTING = "LIVE_IMPORT_HOSTS"
TURNED_OFF = (
    f"reading a live database is turned off on this server; its administrator turns it "
    f"on by listing the hosts it may connect to in {SETTING}"
)

# A path that cannot exist (/dev/null is not a directory): libpq looks for no password
# file, whatever PGPASSFILE or ~/.pgpass hold.
NO_PASSWORD_FILE = "/dev/null/no-password-file"
APPLICATION_NAME = "pg-schema-designer live import"
# libpq's values for these, given explicitly so that PG* variables cannot change them.
_FIXED = {
    "passfile": NO_PASSWORD_FILE,
    "options": "",
    "application_name": APPLICATION_NAME,
    "client_encoding": "UTF8",
    "sslcertmode": "disable",  # never send the server's own client certificate
    "require_auth": "password,md5,scram-sha-256,none",  # no Kerberos, SSPI or OAuth
    "gssencmode": "disable",
    "gssdelegation": "0",
    "target_session_attrs": "any",
    "load_balance_hosts": "disable",
    "min_protocol_version": "3.0",
    "max_protocol_version": "3.0",
}
# libpq reads a service file for PGSERVICE even when every parameter is given; a
# service then fills in nothing, since each parameter already has its value.
_NOT_GIVEN = {"service"}


class LiveImportError(ImportFailure):
    """The database could not be read; the message says why, without the password."""


# --- the URL -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a URL asks for, once checked: one TCP host and the five things it may say."""

    host: str
    port: int
    dbname: str
    user: str
    password: str = field(repr=False)
    sslmode: str

    @property
    def place(self) -> str:
        """``database "shop" on db.internal:5432``: where, never with what password."""
        return f'database "{self.dbname}" on {self.address}'

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def parse_url(url: str) -> Target:
    """The checked target of ``url`` (a URL or libpq's ``key=value`` form)."""
    if "\x00" in url:
        raise LiveImportError("the database URL contains a NUL character")
    try:
        parts = {key: str(value) for key, value in conninfo_to_dict(url).items()}
    except psycopg.Error:
        # libpq's message may quote a piece of the password: name the parameter at most.
        unknown = sorted(set(_query_keys(url)) - set(ALLOWED_PARAMETERS))
        if unknown:
            raise LiveImportError(_refusal(unknown)) from None
        raise LiveImportError(f"the database URL is not valid; write {URL_FORM}") from None
    refused = sorted(set(parts) - set(ALLOWED_PARAMETERS))
    if refused:
        raise LiveImportError(_refusal(refused))
    host = _check_host(parts.get("host", ""))
    port = _check_port(parts.get("port", "5432"))
    user = parts.get("user", "")
    if not user:
        raise LiveImportError(f"the database URL names no user; write {URL_FORM}")
    sslmode = parts.get("sslmode", "prefer")
    if sslmode not in SSL_MODES:
        raise LiveImportError(f"sslmode must be one of {', '.join(SSL_MODES)}")
    return Target(
        host=host,
        port=port,
        dbname=parts.get("dbname") or user,
        user=user,
        password=parts.get("password", ""),
        sslmode=sslmode,
    )


def _query_keys(url: str) -> list[str]:
    if "?" not in url:
        return []
    try:
        return [key for key, _ in parse_qsl(url.split("?", 1)[1], keep_blank_values=True)]
    except ValueError:
        return []


def _refusal(names: list[str]) -> str:
    label = "parameter" if len(names) == 1 else "parameters"
    return (
        f"the database URL's {label} {', '.join(names)} cannot be used here: the live "
        f"import takes only {', '.join(ALLOWED_PARAMETERS)}"
    )


_HOST_NAME = re.compile(r"[A-Za-z0-9_-]+")


def _check_host(host: str) -> str:
    if not host:
        raise LiveImportError(
            f"the database URL names no host (a local socket is not allowed); write {URL_FORM}"
        )
    if "," in host:
        raise LiveImportError("the database URL names several hosts; give one")
    if host.startswith(("/", "@")):
        raise LiveImportError(
            "the host is a Unix socket; the live import connects over TCP to a host name "
            "or an IP address only"
        )
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    name = host[:-1] if host.endswith(".") else host
    try:
        ascii_name = name.encode("idna").decode("ascii") if not name.isascii() else name
    except UnicodeError:
        raise LiveImportError("the host name is not valid") from None
    if len(ascii_name) > 253:
        raise LiveImportError("the host name is longer than 253 characters")
    labels = ascii_name.split(".")
    if any(len(label) > 63 for label in labels):
        raise LiveImportError("a part of the host name (between dots) is longer than 63 characters")
    if not all(_HOST_NAME.fullmatch(label) for label in labels):
        raise LiveImportError("the host name is not valid: use letters, digits, hyphens and dots")
    return host


def _check_port(port: str) -> int:
    if "," in port:
        raise LiveImportError("the database URL names several ports; give one")
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise LiveImportError("the port must be a number from 1 to 65535")
    return int(port)


# --- where the server may connect ---------------------------------------------------------

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class HostAllowlist:
    """Host names and CIDR ranges the server may connect to; empty: none at all."""

    networks: tuple[Network, ...] = ()
    names: tuple[str, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str] | str) -> HostAllowlist:
        """From a setting: ``["10.0.0.0/8", "db.internal"]`` or the same comma-separated."""
        if isinstance(entries, str):
            entries = entries.split(",")
        networks, names = [], []
        for entry in (entry.strip() for entry in entries):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            except ValueError:
                pass
            if "/" in entry or not all(_HOST_NAME.fullmatch(p) for p in entry.split(".")):
                raise LiveImportError(
                    f"{SETTING} holds {entry!r}, which is neither a host name nor a CIDR range"
                )
            names.append(entry.lower())
        return cls(tuple(networks), tuple(names))

    def __bool__(self) -> bool:
        return bool(self.networks or self.names)

    def permits(self, addresses: Iterable[Address]) -> bool:
        """Whether every address is in a range, or is an address of a listed name."""
        named: set[Address] | None = None
        for address in addresses:
            address = _unmapped(address)
            if any(address in network for network in self.networks):
                continue
            if named is None:
                named = {address for name in self.names for address in _lookup(name, None)}
            if address not in named:
                return False
        return True


def _unmapped(address: Address) -> Address:
    """``::ffff:10.0.0.1`` is 10.0.0.1 (and is checked as such)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _lookup(host: str, port: int | None) -> list[Address]:
    """The addresses of ``host``, in the resolver's order; none when it does not resolve."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):
        return []
    addresses: list[Address] = []
    for *_, sockaddr in found:
        address = _unmapped(ipaddress.ip_address(sockaddr[0]))
        if address not in addresses:
            addresses.append(address)
    return addresses


def resolve(target: Target, allowlist: HostAllowlist) -> list[str]:
    """The addresses of the target's host, each one allowed, to connect to in order."""
    if not allowlist:
        raise LiveImportError(TURNED_OFF)
    addresses = _lookup(target.host, target.port)
    if not addresses or not allowlist.permits(addresses):
        # The same words whether the name resolves or not: no probing of internal names.
        raise LiveImportError(
            f"{target.host} is not a host this server may connect to (it resolves to no "
            f"address that {SETTING} allows)"
        )
    return [str(address) for address in addresses]


# --- connecting within a deadline -----------------------------------------------------------


class Deadline:
    """A point in time, ``seconds`` from now, by which the whole read is over."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self._end - time.monotonic()


def connection_parameters(target: Target, address: str, connect_timeout: int) -> dict[str, str]:
    """libpq's parameters for connecting to ``address``: every one that a ``PG*``
    environment variable could set is given here, so that none comes from there."""
    chosen = {
        **_FIXED,
        "host": target.host,
        "hostaddr": address,
        "port": str(target.port),
        "dbname": target.dbname,
        "user": target.user,
        "password": target.password,
        "sslmode": target.sslmode,
        "connect_timeout": str(connect_timeout),
    }
    parameters = {}
    for option in pq.Conninfo.get_defaults():
        keyword = option.keyword.decode()
        if keyword in chosen:
            parameters[keyword] = chosen[keyword]
        elif option.envvar and keyword not in _NOT_GIVEN:
            parameters[keyword] = option.compiled.decode() if option.compiled else ""
    return parameters


def connect(target: Target, addresses: list[str], deadline: Deadline) -> psycopg.Connection:
    """A connection to the first address that answers, within the deadline."""
    errors: list[Refusal] = []
    for address in addresses:
        remaining = deadline.remaining()
        if remaining <= 0:
            break
        # libpq counts whole seconds, two at least.
        parameters = connection_parameters(target, address, max(2, math.ceil(remaining)))
        try:
            return psycopg.connect(make_conninfo("", **parameters), autocommit=True)
        except psycopg.Error as error:
            logger.info("live import: connecting to %s (%s) failed: %s", target.place,
                        address, str(error).strip())  # fmt: skip
            errors.append(Refusal.of(error))
            # The error's traceback holds psycopg's frames, which hold the half-open
            # connection (and its socket) in a reference cycle: break it now rather than
            # at the next garbage collection.
            error.__traceback__ = None
    raise LiveImportError(explain(errors, target))


@contextmanager
def cut_off(connection: psycopg.Connection, deadline: Deadline) -> Iterator[threading.Event]:
    """Shut the connection's socket down when the deadline passes; the event says whether
    it did. A read waiting on the socket then fails at once, whatever the server does."""
    fired = threading.Event()
    # Our own descriptor of the same socket: shutting it down reaches the socket even if
    # libpq has closed its descriptor and the number now belongs to another file.
    sock = socket.socket(fileno=os.dup(connection.pgconn.socket))

    def shut_down() -> None:
        fired.set()
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(max(0.0, deadline.remaining()), shut_down)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()
        timer.join()
        sock.close()


# --- saying what went wrong ----------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """What one failed connection attempt tells: libpq's message (never shown) and
    whether the server asked for a password."""

    message: str
    needed_password: bool
    used_password: bool

    @classmethod
    def of(cls, error: psycopg.Error) -> Refusal:
        pgconn = error.pgconn
        return cls(
            message=str(error),
            needed_password=bool(pgconn is not None and pgconn.needs_password),
            used_password=bool(pgconn is not None and pgconn.used_password),
        )


def explain(refusals: list[Refusal], target: Target) -> str:
    """One fixed sentence for failed connection attempts; only what a PostgreSQL server
    said (an unknown database, a refused password...) is told apart."""
    for refusal in refusals:
        known = _server_said(refusal, target)
        if known:
            return f"cannot connect to {target.address}: {known}"
    hint = f" and TLS (sslmode={target.sslmode})" if target.sslmode in SSL_MODES[3:] else ""
    return (
        f"could not reach a PostgreSQL server at {target.address}: is it running, is the "
        f"port right, and does it accept connections{hint} from this server?"
    )


def _server_said(refusal: Refusal, target: Target) -> str | None:
    message = refusal.message
    if f'database "{target.dbname}" does not exist' in message:
        return f'database "{target.dbname}" does not exist'
    if refusal.needed_password:
        return "the server asks for a password and the URL gives none"
    if refusal.used_password or f'role "{target.user}" does not exist' in message:
        return f'the server refused the password for user "{target.user}" (or has no such user)'
    if "no pg_hba.conf entry" in message:
        return "the server does not accept this user, database or address (its pg_hba.conf)"
    if 'authentication method requirement "' in message:
        return "the server asks for an authentication other than a password"
    return None
