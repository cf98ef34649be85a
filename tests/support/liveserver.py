"""A real server process for tests that need real concurrency, and browser-like clients.

``LiveServer.start(database_url, folder)`` migrates a fresh store, seeds the demo project
(``manage.py migrate`` and ``manage.py seed_demo``, run as subprocesses) and serves it with
gunicorn (several worker processes, each with several threads) on a free port of
127.0.0.1; its standard output and error go to one log file that tests read
(``log_since``). ``fresh_store`` gives the DATABASE_URL of a new, empty store: a SQLite file
in a folder, or a new database on the test PostgreSQL server.

``Client`` is one user's browser: its own cookie jar (session, CSRF token), the CSRF token
sent back as ``X-CSRFToken``, ``HX-Request: true`` when asked for, and redirects not
followed (a test sees the 302). Only the standard library. ``forms(html)`` reads a page's
forms as a browser would submit them (every input's name and value).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


class ServerFailed(RuntimeError):
    """The server would not start; the message holds the end of its log."""


def fresh_store(store: str, folder: Path, pg_server: Any = None) -> tuple[str, Any]:
    """``(DATABASE_URL, database)`` of a new, empty store: ``store`` is ``"sqlite"`` (a file
    in ``folder``; database is None) or ``"postgres"`` (a new database on ``pg_server``,
    to be dropped with ``database.drop()`` once the server is stopped)."""
    if store == "sqlite":
        return f"sqlite:///{folder / 'db.sqlite3'}", None
    if store == "postgres":
        database = pg_server.create_database("live")
        return postgres_url(database.url), database
    raise ValueError(f"unknown store {store!r}")


def postgres_url(conninfo: str) -> str:
    """A libpq connection string (``key=value ...`` or a URL) as the URL DATABASE_URL
    takes (``postgresql://user:password@host:port/name``)."""
    from psycopg.conninfo import conninfo_to_dict

    info = conninfo_to_dict(conninfo)
    quote = partial(urllib.parse.quote, safe="")
    user = quote(str(info.get("user", "")))
    if info.get("password"):
        user += ":" + quote(str(info["password"]))
    host = str(info.get("host", "localhost"))
    if host.startswith("/"):  # a Unix socket's directory
        return f"postgresql://{user}@/{quote(str(info.get('dbname', '')))}?host={quote(host)}"
    port = f":{info['port']}" if info.get("port") else ""
    at = "@" if user else ""
    return f"postgresql://{user}{at}{host}{port}/{quote(str(info.get('dbname', '')))}"


def _environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "true",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "INFO",
    }


@dataclass
class LiveServer:
    url: str  # http://127.0.0.1:PORT
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen

    @classmethod
    def start(
        cls,
        database_url: str,
        folder: Path,
        *,
        workers: int = 3,
        threads: int = 4,
        timeout: float = 60.0,
    ) -> LiveServer:
        """Migrate and seed the store at ``database_url``, then serve it."""
        env = _environment(database_url)
        folder.mkdir(parents=True, exist_ok=True)
        for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
            result = manage(env, *command)
            if result.returncode != 0:
                raise ServerFailed(f"manage.py {' '.join(command)} failed:\n{result.stderr}")
        log_path = folder / "server.log"
        log = log_path.open("wb")
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "config.wsgi",
                "--bind", "127.0.0.1:0",
                "--workers", str(workers), "--threads", str(threads),
                "--worker-class", "gthread",
                "--timeout", "120", "--graceful-timeout", "5",
                "--log-level", "info",
                *_no_control_socket(),
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        server = cls(url="", env=env, log_path=log_path, process=process)
        try:
            server._wait(timeout, workers)
        except BaseException:
            server.stop()
            raise
        return server

    def _wait(self, timeout: float, workers: int) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(f"gunicorn exited ({self.process.returncode}):\n{self.log()}")
            if not self.url and (match := LISTENING.search(self.log())):
                self.url = f"http://127.0.0.1:{match.group(1)}"
            if self.url and self.log().count("Booting worker") >= workers:
                try:
                    response = Client(self.url, timeout=5, sign_in=False).get("/accounts/login/")
                except OSError:
                    response = None
                if response is not None and response.status == 200:
                    return
            time.sleep(0.1)
        raise ServerFailed(f"the server did not answer within {timeout:.0f}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_size(self) -> int:
        return self.log_path.stat().st_size

    def log_since(self, offset: int) -> str:
        with self.log_path.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode(errors="replace")

    def manage(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        """``manage.py *args`` on the server's store."""
        return manage(self.env, *args, stdin=stdin)

    def stop(self) -> None:
        """Stop gunicorn and its workers (a quick shutdown: SIGINT)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


def _no_control_socket() -> list[str]:
    """Newer gunicorns open a control socket, by default at one path per user (two servers
    would share it): none here (older gunicorns have none)."""
    from gunicorn.config import KNOWN_SETTINGS

    names = {setting.name for setting in KNOWN_SETTINGS}
    return ["--no-control-socket"] if "control_socket_disable" in names else []


def manage(
    env: Mapping[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=dict(env), input=stdin, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


# --- clients ------------------------------------------------------------------------------


@dataclass
class Response:
    method: str
    url: str
    status: int
    headers: dict[str, str]
    text: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        return json.loads(self.text)

    def __str__(self) -> str:
        return f"{self.method} {self.url} -> {self.status}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx comes back as an HTTPError, turned into a Response


DEMO_ACCOUNT = ("demo", "demo")  # seed_demo's, with DEBUG on (as the server runs)


class Client:
    """One user: own cookies (session, CSRF token), no redirects followed; signed in as
    the demo account before its first request unless ``sign_in=False``."""

    def __init__(self, base_url: str, *, timeout: float = 120.0, sign_in: bool = True) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.must_sign_in = sign_in
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def sign_in(self, username: str, password: str) -> Response:
        """Sign in through the sign-in form, as a person does (302 when it worked)."""
        self.must_sign_in = False
        self.request("GET", "/accounts/login/")  # the CSRF cookie
        form = {"username": username, "password": password}
        response = self.request("POST", "/accounts/login/", form)
        if response.status != 302:
            raise RuntimeError(f"signing in as {username} failed: {response}")
        return response

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def request(
        self,
        method: str,
        path: str,
        data: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        *,
        htmx: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        if self.must_sign_in:
            self.must_sign_in = False
            self.sign_in(*DEMO_ACCOUNT)
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        body = None
        all_headers = {"Accept": "text/html,application/json", **(headers or {})}
        if htmx:
            all_headers["HX-Request"] = "true"
        if method != "GET":
            if self.cookie("csrftoken") is None:
                self.request("GET", "/accounts/login/")  # a page with a form: the CSRF cookie
            all_headers["X-CSRFToken"] = self.cookie("csrftoken") or ""
            pairs = data.items() if isinstance(data, Mapping) else (data or ())
            body = urllib.parse.urlencode([(k, "" if v is None else str(v)) for k, v in pairs])
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            url, data=body.encode() if body is not None else None, headers=all_headers,
            method=method,
        )  # fmt: skip
        try:
            with self.opener.open(request, timeout=self.timeout) as answer:
                status, raw, head = answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as error:
            status, raw, head = error.code, error.read(), error.headers
        headers_out = {key.lower(): value for key, value in head.items()}
        return Response(method, url, status, headers_out, raw.decode("utf-8", errors="replace"))

    def get(self, path: str, *, htmx: bool = False) -> Response:
        return self.request("GET", path, htmx=htmx)

    def post(
        self,
        path: str,
        data: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        *,
        htmx: bool = False,
    ) -> Response:
        return self.request("POST", path, data, htmx=htmx)


# --- forms as a browser submits them --------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def values(self, **changes: Any) -> list[tuple[str, str]]:
        """The fields as submitted, with ``changes`` (name: value; a checkbox takes a bool:
        ticked or not)."""
        pending = dict(changes)
        out: list[tuple[str, str]] = []
        for name, value in self.fields:
            if name in pending:
                continue
            out.append((name, value))
        for name, value in pending.items():
            if value is True:
                out.append((name, "on"))
            elif value is False or value is None:
                continue
            else:
                out.append((name, str(value)))
        return out

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._option: list[Any] | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(attr.get("action", ""), attr.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None or "disabled" in attr:
            return
        name = attr.get("name", "")
        if tag == "input" and name:
            kind = attr.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attr:
                    self._form.fields.append((name, attr.get("value", "on")))
                return
            self._form.fields.append((name, attr.get("value", "")))
        elif tag == "select" and name:
            self._select = (name, [])
        elif tag == "option" and self._select is not None:
            self._option = [attr.get("value"), "selected" in attr, []]
        elif tag == "textarea" and name:
            self._textarea = (name, [])

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[2].append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select[1].append((value if value is not None else "".join(text), selected))
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            if self._option is not None:
                self.handle_endtag("option")
            name, options = self._select
            chosen = [value for value, selected in options if selected] or [
                value for value, _ in options[:1]
            ]
            self._form.fields.extend((name, value) for value in chosen[:1])
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            value = "".join(text)
            self._form.fields.append((name, value[1:] if value.startswith("\n") else value))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_posting_to(html: str, action: str) -> Form:
    """The page's form whose action is ``action`` (a path)."""
    found = [form for form in forms(html) if form.action == action]
    if not found:
        actions = sorted({form.action for form in forms(html)})
        raise AssertionError(f"no form posting to {action}; the page has {actions}")
    return found[0]
