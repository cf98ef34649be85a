"""EXPLAIN a query on a live database the user names, under the live import's rules.

``explain_live(url, sql, ...)`` connects as ``designer.importers.live_guard`` allows (the
URL's few parameters, the hosts of ``LIVE_IMPORT_HOSTS`` only, nothing from the server's
environment, one deadline for everything after which the socket is shut down), then, in
one READ ONLY transaction that is always rolled back:

- ``PREPARE`` the query (one statement: PostgreSQL refuses several, and anything but
  SELECT / INSERT / UPDATE / DELETE / MERGE / VALUES) and ``EXPLAIN (FORMAT JSON) EXECUTE``
  it with the ``$n`` values given as SQL literals (``NULL`` for a value written so);
- only when ``analyze`` is asked, ``EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)``: the query
  really runs — in a read-only transaction, so a write is refused by PostgreSQL, and
  rolled back whatever happens — within ``statement_timeout`` seconds;
- when the database has the ``hypopg`` extension, each index of ``indexes`` (a
  ``CREATE INDEX`` statement) is created hypothetically (``hypopg_create_index``: in this
  session's memory, nothing written), the query planned again (never analysed: a
  hypothetical index cannot be read), the estimated cost before and after kept, and
  ``hypopg_reset()`` called.

A failure is a ``LiveExplainError`` with one sentence: the live guard's fixed words for
connecting, PostgreSQL's own words about the query (the user's query: no secret in them),
or the timeout.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import psycopg
from psycopg.adapt import Loader

from designer.importers.live_guard import (
    TURNED_OFF,
    Deadline,
    HostAllowlist,
    LiveImportError,
    Target,
    connect,
    cut_off,
    parse_url,
    resolve,
)
from designer.schema.sqltext import quote_ident, quote_literal

from .plans import Plan, PlanError, read_plan

DEADLINE_SECONDS = 20
STATEMENT_TIMEOUT_SECONDS = 10.0
MAX_PARAMETERS = 100


class LiveExplainError(Exception):
    """The plan could not be had; the message says why, without the password."""


@dataclass(frozen=True)
class Hypothetical:
    """One index tried with hypopg: the query's estimated cost without and with it."""

    sql: str
    reason: str
    cost_before: float | None
    cost_after: float | None
    used: bool  # the plan with it reads it
    plan: Plan | None
    error: str | None = None

    @property
    def ratio(self) -> float | None:
        if not self.cost_before or self.cost_after is None:
            return None
        return self.cost_after / self.cost_before


@dataclass(frozen=True)
class LiveExplain:
    text: str  # EXPLAIN's JSON, as PostgreSQL wrote it
    plan: Plan
    analyzed: bool
    place: str  # database "shop" on db:5432
    hypopg: bool  # the database has the extension
    hypotheticals: tuple[Hypothetical, ...]


class _Text(Loader):
    def load(self, data):
        return bytes(data).decode()


def literal(value: str) -> str:
    """A ``$n`` value as SQL: NULL when written so, else a literal of unknown type
    (PostgreSQL gives it the parameter's type)."""
    if value.strip().upper() == "NULL":
        return "NULL"
    return quote_literal(value)


def explain_live(
    url: str,
    sql: str,
    *,
    parameters: Sequence[str] = (),
    analyze: bool = False,
    indexes: Iterable[tuple[str, str]] = (),
    allowed_hosts: HostAllowlist | Iterable[str],
    deadline_seconds: float = DEADLINE_SECONDS,
    statement_timeout: float = STATEMENT_TIMEOUT_SECONDS,
) -> LiveExplain:
    """The plan of ``sql`` on the database at ``url``; ``indexes`` are (CREATE INDEX
    statement, reason) pairs to try with hypopg when the database has it."""
    if not isinstance(allowed_hosts, HostAllowlist):
        allowed_hosts = HostAllowlist.parse(allowed_hosts)
    if not allowed_hosts:
        raise LiveExplainError(TURNED_OFF)
    if "\x00" in sql or any("\x00" in value for value in parameters):
        raise LiveExplainError("the query contains a NUL character")
    if len(parameters) > MAX_PARAMETERS:
        raise LiveExplainError(f"give at most {MAX_PARAMETERS} parameter values")
    deadline = Deadline(deadline_seconds)
    try:
        target = parse_url(url)
        connection = connect(target, resolve(target, allowed_hosts), deadline)
    except LiveImportError as error:
        raise LiveExplainError(str(error)) from None
    try:
        connection.adapters.register_loader("json", _Text)
        return _explain_within(
            connection,
            target,
            deadline,
            sql=sql,
            parameters=list(parameters),
            analyze=analyze,
            indexes=list(indexes),
            statement_timeout=statement_timeout,
        )
    finally:
        connection.close()


def _explain_within(
    connection: psycopg.Connection, target: Target, deadline: Deadline, **work
) -> LiveExplain:
    late = LiveExplainError(
        f"{target.place} did not finish answering within {deadline.seconds:g} seconds"
    )
    if deadline.remaining() <= 0:
        raise late
    with cut_off(connection, deadline) as fired:
        try:
            return _explain(connection, target, deadline, **work)
        except psycopg.errors.QueryCanceled:
            seconds = min(work["statement_timeout"], deadline.seconds)
            raise LiveExplainError(
                f"the query did not finish within {seconds:g} seconds (the statement "
                "timeout); it was cancelled and nothing was kept"
            ) from None
        except psycopg.Error as error:
            if fired.is_set():
                raise late from None
            if error.sqlstate and error.diag.message_primary:
                words = " ".join(error.diag.message_primary.split())[:500]
                raise LiveExplainError(f"PostgreSQL refused the query: {words}") from None
            raise LiveExplainError(f"the connection to {target.place} was lost") from None


class _Rollback(Exception):
    pass


def _explain(
    connection: psycopg.Connection,
    target: Target,
    deadline: Deadline,
    *,
    sql: str,
    parameters: list[str],
    analyze: bool,
    indexes: list[tuple[str, str]],
    statement_timeout: float,
) -> LiveExplain:
    timeout = max(0.001, min(statement_timeout, deadline.remaining()))
    milliseconds = max(1, round(timeout * 1000))
    statement = f"plan_{secrets.token_hex(6)}"
    values = f"({', '.join(literal(value) for value in parameters)})" if parameters else ""
    result: LiveExplain | None = None
    try:
        with connection.transaction():
            connection.execute("SET TRANSACTION READ ONLY")
            connection.execute(
                "SELECT set_config('statement_timeout', %s, true)", (f"{milliseconds}ms",)
            )
            # a fresh plan for every EXECUTE (the hypothetical indexes change the plan)
            connection.execute("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)")
            hypopg = _hypopg_schema(connection)
            _prepare(connection, statement, sql)
            options = "ANALYZE, BUFFERS, FORMAT JSON" if analyze else "FORMAT JSON"
            text = _plan_text(connection, f"EXPLAIN ({options}) EXECUTE {statement}{values}")
            plan = _read(text)
            tried: list[Hypothetical] = []
            if hypopg is not None and indexes:
                if analyze:
                    # the cost before, from an estimate as the one after is
                    before = _read(_plan_text(connection, _estimate(statement, values)))
                else:
                    before = plan
                for create, reason in indexes:
                    tried.append(
                        _hypothetical(
                            connection, hypopg, statement, sql, values, create, reason, before
                        )
                    )
            result = LiveExplain(
                text=text,
                plan=plan,
                analyzed=analyze,
                place=target.place,
                hypopg=hypopg is not None,
                hypotheticals=tuple(tried),
            )
            raise _Rollback
    except _Rollback:
        pass
    assert result is not None
    return result


def _estimate(statement: str, values: str) -> str:
    return f"EXPLAIN (FORMAT JSON) EXECUTE {statement}{values}"


def _prepare(connection: psycopg.Connection, statement: str, sql: str) -> None:
    text = sql.strip().rstrip(";").strip()
    if not text:
        raise LiveExplainError("the query is empty")
    connection.execute(f"PREPARE {statement} AS {text}".encode())


def _plan_text(connection: psycopg.Connection, explain: str) -> str:
    row = connection.execute(explain.encode()).fetchone()
    if row is None:
        raise LiveExplainError("PostgreSQL gave no plan")
    value = row[0]
    return value if isinstance(value, str) else str(value)


def _read(text: str) -> Plan:
    try:
        return read_plan(text)
    except PlanError as error:
        raise LiveExplainError(f"the plan PostgreSQL gave could not be read: {error}") from None


def _hypopg_schema(connection: psycopg.Connection) -> str | None:
    row = connection.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'hypopg'"
    ).fetchone()
    return row[0] if row else None


def _hypothetical(
    connection: psycopg.Connection,
    hypopg: str,
    statement: str,
    sql: str,
    values: str,
    create: str,
    reason: str,
    before: Plan,
) -> Hypothetical:
    schema = quote_ident(hypopg)
    cost_before = before.total_cost
    savepoint = connection.transaction()
    try:
        with savepoint:
            row = connection.execute(
                f"SELECT indexname FROM {schema}.hypopg_create_index(%s)", (create,)
            ).fetchone()
            name = row[0] if row else None
            fresh = f"{statement}_h{secrets.token_hex(3)}"
            _prepare(connection, fresh, sql)
            after = _read(_plan_text(connection, _estimate(fresh, values)))
            connection.execute(f"DEALLOCATE {fresh}")
            connection.execute(f"SELECT {schema}.hypopg_reset()")
    except psycopg.errors.QueryCanceled:
        raise
    except psycopg.Error as error:
        words = " ".join((error.diag.message_primary or "it failed").split())[:300]
        with _quietly(connection):
            connection.execute(f"SELECT {schema}.hypopg_reset()")
        return Hypothetical(create, reason, cost_before, None, False, None, words)
    used = any(node.index_name == name for node in after.nodes) if name else False
    return Hypothetical(create, reason, cost_before, after.total_cost, used, after)


class _quietly:
    """Ignore a failure of a clean-up statement (the transaction is rolled back anyway)."""

    def __init__(self, connection: psycopg.Connection) -> None:
        self.savepoint = connection.transaction()

    def __enter__(self):
        self.savepoint.__enter__()
        return self

    def __exit__(self, kind, error, traceback):
        self.savepoint.__exit__(kind, error, traceback)
        return isinstance(error, psycopg.Error) and not isinstance(
            error, psycopg.errors.QueryCanceled
        )
