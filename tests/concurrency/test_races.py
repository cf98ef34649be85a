"""Races through a live server: no lost update, no IntegrityError, no HTTP 500.

Each test runs one race ``ROUNDS`` times against a real server (gunicorn: 3 worker
processes of 4 threads each, ``tests.support.liveserver``), once with the store on SQLite
and once on PostgreSQL (one server per store, shared by the tests; each race first
replaces the demo's design through the Import page with the tables its rounds need, one
per round or one column per round, so that the rounds touch disjoint objects). The racing
requests come from different users (each its own cookies, as its own browser) holding
forms rendered at the same revision (the edit forms are fetched by each user; the others
are the page's form with the revision it would show), and are released together by a
barrier (see ``race`` for the order and the small stagger that vary the interleavings).

After every round: no response is a 500, the server's log holds no traceback, no
IntegrityError and no "database is locked", and every response either saved its change
or says why not (the conflict block, an error on the form, or a 404 when the object was
deleted before the request was read). After the rounds, the design read back (the design
file, ``/projects/demo/export/json/``, which ``design_file.loads`` also validates) holds,
for every round, the outcome of running its requests one after the other in some order,
the one the responses say: nothing saved is lost, nothing refused is there. A race that
leaves checks, renamed columns or names behind ends with the design re-imported
(``manage.py import_schema``) and its DDL (``manage.py export_schema --format sql``)
applied to a fresh PostgreSQL database (those tests need PostgreSQL on both stores).
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import psycopg
import pytest

from designer.schema import design_file
from designer.schema.expressions import column_references
from tests.support.liveserver import (
    Client,
    Form,
    LiveServer,
    Response,
    form_posting_to,
    forms,
    fresh_store,
)
from tests.support.postgres import PgServer

ROUNDS = 30
SLUG = "demo"
P = f"/projects/{SLUG}"
CONFLICT = "Someone changed this since you opened it"
BAD_LOG = ("Traceback", "IntegrityError", "database is locked", "Internal Server Error")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
EDITORS = 10  # the clients editing while a replace-import is confirmed
STAGGER = (0.0, 0.0, 0.0, 0.005, 0.015, 0.03)  # seconds one racer waits, by round

STORES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]

# --- reading responses --------------------------------------------------------------------


def applied(response: Response) -> bool:
    """An htmx request whose change was saved (the page is told the schema changed)."""
    return response.status == 200 and "schemaChanged" in (response.header("hx-trigger") or "")


def refusal(response: Response) -> str:
    """What a refused request shows the user: the conflict block and the form's errors,
    as text ("" when it shows none)."""
    blocks = re.findall(
        r'<div class="conflict" role="alert">.*?</div>|<(?:ul|p) class="errorlist[^"]*"[^>]*>.*?'
        r"</(?:ul|p)>",
        response.text,
        flags=re.DOTALL,
    )
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)) for block in blocks)
    return " ".join(text.split())


def refused(response: Response) -> bool:
    """Refused with a reason shown: a conflict or a form error (200, nothing saved), or
    404 when the object the URL names was deleted before the request was read."""
    if response.status == 404:
        return True
    return response.status == 200 and not applied(response) and bool(refusal(response))


def describe(response: Response) -> str:
    """A response in one line; for a 500 the exception the debug page names."""
    text = f"{response} trigger={response.header('hx-trigger')}"
    if response.status >= 500:
        title = re.search(r"<title>(.*?)</title>", response.text, flags=re.DOTALL)
        value = re.search(r'<pre class="exception_value">(.*?)</pre>', response.text, re.DOTALL)
        parts = [m.group(1).strip() for m in (title, value) if m]
        text += ": " + html.unescape(" | ".join(parts) or response.text[:500])
    elif response.status == 200 and not applied(response):
        text += f": {refusal(response)[:300]!r}"
    return text


def race(*calls: Callable[[], Response], turn: int = 0) -> list[Response]:
    """Run the calls in threads released at once by a barrier; the results in the calls'
    order. The round ``turn`` rotates which thread reaches the barrier last (and so tends
    to go first) and, in half the rounds, holds one call back for a few milliseconds
    after the barrier (``STAGGER``), which moves the interleaving around: e.g. the edit
    reads the field before the delete commits and applies after it."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    delays = [0.0] * len(calls)
    delays[turn % len(calls)] = STAGGER[(turn // len(calls)) % len(STAGGER)]

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            if delays[index]:
                time.sleep(delays[index])
            results[index] = calls[index]()
        except BaseException as error:  # re-raised in the test's thread below
            results[index] = error

    order = list(range(len(calls)))
    shift = turn % len(calls)
    order = order[shift:] + order[:shift]
    threads = [threading.Thread(target=run, args=(index,), daemon=True) for index in order]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    errors = [result for result in results if not isinstance(result, Response)]
    if errors:
        raise AssertionError(f"a racing request did not complete: {errors!r}")
    return results


# --- the site under test ------------------------------------------------------------------


@dataclass
class Site:
    store: str
    server: LiveServer
    folder: Path
    admin: Client  # sets races up and reads the design back
    templates: dict[str, Form] = field(default_factory=dict)
    template_entity: str = ""
    demo_option: str = ""
    tallies: dict[str, Counter] = field(default_factory=dict)
    examples: dict[tuple[str, str], str] = field(default_factory=dict)

    # -- clients and forms

    def client(self) -> Client:
        """A new user: its first page gives it its cookies (the CSRF token)."""
        client = Client(self.server.url)
        assert client.get("/import/").status == 200
        return client

    def learn_forms(self) -> None:
        """The forms as the pages show them: their inputs' names and initial values."""
        editor = self.admin.get(f"{P}/")
        assert editor.status == 200, describe(editor)
        self.templates["entity"] = form_posting_to(editor.text, f"{P}/entities/new/")
        self.templates["enum"] = form_posting_to(editor.text, f"{P}/enums/new/")
        users = self.table_named(self.design(), "users")
        assert users is not None
        self.template_entity = users["id"]
        page = self.admin.get(f"{P}/entities/{users['id']}/")
        for kind, action in (("field", "fields"), ("check", "checks")):
            self.templates[kind] = form_posting_to(
                page.text, f"{P}/entities/{users['id']}/{action}/new/"
            )
        listing = self.admin.get("/")
        self.templates["project"] = next(
            form for form in forms(listing.text) if form.action == "/" and form.get("slug") == ""
        )
        importing = self.admin.get("/import/")
        self.templates["import"] = form_posting_to(importing.text, "/import/")
        option = re.search(r'<option value="([^"]+)">Todo app \(demo\)</option>', importing.text)
        assert option, "the Import page does not offer the demo project to replace"
        self.demo_option = option.group(1)

    def form(self, kind: str, entity_id: str = "", base_revision: int | str = "") -> Form:
        """The form ``kind`` as a page rendered at ``base_revision`` shows it (for the
        entity ``entity_id``); the CSRF token goes in the header (the client's own)."""
        template = self.templates[kind]
        action = template.action
        if entity_id:
            action = action.replace(self.template_entity, entity_id)
        fields = [
            (name, str(base_revision) if name == "base_revision" else value)
            for name, value in template.fields
            if name != "csrfmiddlewaretoken"
        ]
        return Form(action, "post", fields)

    # -- setting a race up

    def stage_import(self, client: Client, sql: str) -> tuple[str, Form]:
        """Paste ``sql`` on the Import page to replace the demo's design: the preview's
        URL and its confirmation form (not posted yet)."""
        staged = client.post(
            "/import/",
            self.templates["import"].values(
                csrfmiddlewaretoken=None,
                source="paste",
                sql=sql,
                target="replace",
                project=self.demo_option,
            ),
        )
        assert staged.status == 302, describe(staged) + refusal(staged)
        draft = staged.header("location") or ""
        form = form_posting_to(client.get(draft).text, draft)
        return draft, Form(draft, "post", form.values(confirm_replace=True))

    def replace_design(self, sql: str) -> dict[str, Any]:
        """The demo's design replaced by ``sql`` (through the Import page); read back."""
        draft, form = self.stage_import(self.admin, sql)
        confirmed = self.admin.post(draft, form.fields)
        assert confirmed.status == 302, describe(confirmed) + refusal(confirmed)
        return self.design()

    # -- reading back

    def revision(self) -> int:
        return self.admin.get(f"{P}/revision/").json()["revision"]

    def changes_since(self, revision: int) -> list[str]:
        """The summaries of the changes made since ``revision``, oldest first."""
        changes = self.admin.get(f"{P}/revision/?since={revision}").json()["changes"]
        return [item["summary"] if isinstance(item, dict) else item for item in changes]

    def design(self) -> dict[str, Any]:
        """The design file, checked: ``loads`` refuses a design that validation rejects."""
        response = self.admin.get(f"{P}/export/json/")
        assert response.status == 200, describe(response)
        try:
            design_file.loads(response.text)
        except design_file.DesignFileError as error:
            raise AssertionError(f"[{self.store}] the design is not valid: {error}") from None
        return json.loads(response.text)

    @staticmethod
    def table_named(design: dict[str, Any], name: str) -> dict[str, Any] | None:
        return next((t for t in design["tables"] if t["name"] == name), None)

    @staticmethod
    def table_by_id(design: dict[str, Any], identifier: str) -> dict[str, Any] | None:
        return next((t for t in design["tables"] if t["id"] == identifier), None)

    @staticmethod
    def column(table: dict[str, Any] | None, identifier: str) -> dict[str, Any] | None:
        columns = table["columns"] if table else []
        return next((c for c in columns if c["id"] == identifier), None)

    # -- the checks

    def log_offset(self) -> int:
        return self.server.log_size()

    def assert_clean(self, what: str, responses: list[Response], offset: int) -> None:
        """No 500 and nothing alarming in the server's log since ``offset``."""
        errors = [describe(response) for response in responses if response.status >= 500]
        log = self.server.log_since(offset)
        alarms = [word for word in BAD_LOG if word in log]
        message = f"[{self.store}] {what}: "
        if errors:
            message += "HTTP 500: " + "; ".join(errors)
        if alarms:
            message += f"\nthe server logged {alarms}:\n{log[-8000:]}"
        assert not errors and not alarms, message

    def assert_answered(self, what: str, responses: list[Response]) -> None:
        """Every response either saved its change or says why not."""
        odd = [describe(r) for r in responses if not (applied(r) or refused(r))]
        assert not odd, f"[{self.store}] {what}: neither saved nor refused: {odd}"

    def tally(self, race_name: str, outcome: str, *responses: Response) -> None:
        """Count an outcome; the first time, keep what its refused responses said."""
        self.tallies.setdefault(race_name, Counter())[outcome] += 1
        shown = [describe(r) for r in responses if not applied(r) and r.status != 302]
        self.examples.setdefault((race_name, outcome), "; ".join(shown))

    def report(self, race_name: str) -> None:
        """The outcomes seen (shown with ``pytest -s``)."""
        counts = dict(self.tallies.get(race_name, {}))
        print(f"\n[{self.store}] {race_name}: {sum(counts.values())} rounds {counts}")
        for (name, outcome), example in self.examples.items():
            if name == race_name and example:
                print(f"    {outcome}: {example}")

    def assert_design_survives(self, tag: str, pg_server: PgServer) -> None:
        """The design re-imports (``manage.py import_schema``) and its DDL (``manage.py
        export_schema --format sql``) applies to a fresh database on ``pg_server``."""
        path = self.folder / f"{tag}.json"
        exported = self.admin.get(f"{P}/export/json/")
        assert exported.status == 200, describe(exported)
        path.write_text(exported.text)
        with ThreadPoolExecutor(2) as pool:  # two processes of a second or so each
            importing = pool.submit(
                self.server.manage,
                "import_schema", str(path), "--project", f"copy-{tag}", "--format", "json",
            )  # fmt: skip
            exporting = pool.submit(self.server.manage, "export_schema", SLUG, "--format", "sql")
            imported, ddl = importing.result(), exporting.result()
        assert imported.returncode == 0, (
            f"[{self.store}] the design left by {tag} does not re-import: {imported.stderr}"
        )
        assert ddl.returncode == 0, ddl.stderr
        database = pg_server.create_database("ddl")
        try:
            database.run(ddl.stdout)
        except psycopg.Error as error:
            raise AssertionError(
                f"[{self.store}] the DDL of the design left by {tag} does not apply on "
                f"PostgreSQL: {error}"
            ) from None
        finally:
            database.drop()


@pytest.fixture(scope="module", params=STORES)
def site(request, tmp_path_factory) -> Iterator[Site]:
    """A live server on a fresh store holding the demo project (one per store, shared by
    the module's tests: each race starts by replacing the demo's design)."""
    store = request.param
    folder = tmp_path_factory.mktemp(f"live-{store}")
    pg_server = request.getfixturevalue("pg_server") if store == "postgres" else None
    url, database = fresh_store(store, folder, pg_server)
    try:
        server = LiveServer.start(url, folder)
        try:
            live = Site(store, server, folder, Client(server.url))
            live.learn_forms()
            yield live
        finally:
            server.stop()
    finally:
        if database is not None:
            database.drop()


def _tables(sql: str, count: int = ROUNDS) -> str:
    """``sql`` once per round ({n}: the round)."""
    return "\n".join(sql.format(n=n) for n in range(count))


# --- the races ------------------------------------------------------------------------------


def test_rename_races_type_change(site: Site) -> None:
    """Renaming a field and changing its type from the same revision: one applies, the
    other is refused with the conflict block showing the other's change and keeping what
    was typed; the field has the winner's values only."""
    columns = ", ".join(f"f{n} integer" for n in range(ROUNDS))
    design = site.replace_design(
        f"CREATE TABLE race_rename_type (id bigint PRIMARY KEY, {columns});"
    )
    table = site.table_named(design, "race_rename_type")
    ids = {column["name"]: column["id"] for column in table["columns"]}
    renamer, retyper = site.client(), site.client()
    winners = {}
    for n in range(ROUNDS):
        edit = f"{P}/fields/{ids[f'f{n}']}/edit/"
        rename_form = form_posting_to(renamer.get(edit, htmx=True).text, edit)
        retype_form = form_posting_to(retyper.get(edit, htmx=True).text, edit)
        assert rename_form.get("base_revision") == retype_form.get("base_revision")
        new_name = f"f{n}_renamed"
        offset = site.log_offset()
        rename, retype = race(
            partial(renamer.post, edit, rename_form.values(name=new_name), htmx=True),
            partial(retyper.post, edit, retype_form.values(data_type="bigint"), htmx=True),
            turn=n,
        )
        what = f"round {n}: rename f{n} vs change its type"
        site.assert_clean(what, [rename, retype], offset)
        site.assert_answered(what, [rename, retype])
        assert applied(rename) != applied(retype), (
            f"[{site.store}] {what}: exactly one must apply: {describe(rename)}; {describe(retype)}"
        )
        renamed = applied(rename)
        winners[n] = (renamed, rename, retype)
        loser = retype if renamed else rename
        shown = refusal(loser)
        assert CONFLICT in shown, f"[{site.store}] {what}: no conflict shown: {describe(loser)}"
        assert (new_name if renamed else "bigint") in shown, (
            f"[{site.store}] {what}: the conflict does not show the other's change: {shown}"
        )
        kept = form_posting_to(loser.text, edit)
        typed = {"name": f"f{n}", "data_type": "bigint"} if renamed else {"name": new_name}
        for name, value in typed.items():
            assert kept.get(name) == value, f"{what}: what was typed is lost: {kept.fields}"
    table = site.table_by_id(site.design(), table["id"])
    for n, (renamed, *responses) in winners.items():
        column = site.column(table, ids[f"f{n}"])
        assert column is not None, f"[{site.store}] round {n}: the field f{n} vanished"
        final = (column["name"], column["type"]["base"])
        expected = (f"f{n}_renamed", "integer") if renamed else (f"f{n}", "bigint")
        assert final == expected, (
            f"[{site.store}] round {n}: lost update: the field is {final}, the change saved "
            f"was {expected}"
        )
        site.tally("rename vs type", "rename won" if renamed else "type change won", *responses)
    site.report("rename vs type")


@pytest.mark.postgres
def test_rename_races_check_on_the_column(site: Site, pg_server: PgServer) -> None:
    """Renaming a to b while a check constraint reading a is added, from the same
    revision: never a check on a column that no longer exists."""
    design = site.replace_design(
        _tables("CREATE TABLE race_check_{n} (id bigint PRIMARY KEY, a integer);")
    )
    renamer, checker = site.client(), site.client()
    rounds = []
    for n in range(ROUNDS):
        table = site.table_named(design, f"race_check_{n}")
        field_id = next(column["id"] for column in table["columns"] if column["name"] == "a")
        edit = f"{P}/fields/{field_id}/edit/"
        rename_form = form_posting_to(renamer.get(edit, htmx=True).text, edit)
        check_form = site.form("check", table["id"], rename_form.get("base_revision") or "")
        offset = site.log_offset()
        rename, check = race(
            partial(renamer.post, edit, rename_form.values(name="b"), htmx=True),
            partial(
                checker.post, check_form.action, check_form.values(expression="a > 0"), htmx=True
            ),
            turn=n,
        )
        what = f"round {n}: rename a to b vs add CHECK (a > 0)"
        site.assert_clean(what, [rename, check], offset)
        site.assert_answered(what, [rename, check])
        assert applied(rename) or applied(check), f"[{site.store}] {what}: both refused"
        rounds.append((what, table["id"], rename, check))
    design = site.design()
    for what, entity, rename, check in rounds:
        table = site.table_by_id(design, entity)
        names = {column["name"] for column in table["columns"]}
        expressions = [item["expression"] for item in table["checks"]]
        for expression in expressions:
            unknown = column_references(expression) - names
            assert not unknown, (
                f"[{site.store}] {what}: CHECK ({expression}) reads {sorted(unknown)}, which "
                f"{table['name']} does not have ({sorted(names)})"
            )
        assert ("b" in names) == applied(rename) and ("a" in names) != applied(rename), (
            f"[{site.store}] {what}: columns {sorted(names)}; {describe(rename)}"
        )
        assert len(expressions) == int(applied(check)), (
            f"[{site.store}] {what}: checks {expressions}; {describe(check)}"
        )
        if applied(rename) and applied(check):
            assert expressions == ["b > 0"], f"[{site.store}] {what}: checks {expressions}"
            outcome = "check first, the rename rewrote it"
        elif applied(rename):
            outcome = "rename first, check refused"
        else:
            outcome = "check first, rename refused"
        site.tally("rename vs check", outcome, rename, check)
    site.report("rename vs check")
    site.assert_design_survives("rename-vs-check", pg_server)


@pytest.mark.postgres
def test_entity_and_enum_of_one_name(site: Site, pg_server: PgServer) -> None:
    """An entity status and an enum type status created at once: one is refused, saying
    why; the DDL applies (a table and a type may not share a name in PostgreSQL)."""
    site.replace_design("CREATE TABLE race_names (id bigint PRIMARY KEY);")
    tables, types = site.client(), site.client()
    rounds = []
    for n in range(ROUNDS):
        name = f"status_{n}"
        base = site.revision()
        entity_form = site.form("entity", base_revision=base)
        enum_form = site.form("enum", base_revision=base)
        offset = site.log_offset()
        entity, enum = race(
            partial(tables.post, entity_form.action, entity_form.values(name=name), htmx=True),
            partial(
                types.post,
                enum_form.action,
                enum_form.values(name=name, values_text="draft\nactive"),
                htmx=True,
            ),
            turn=n,
        )
        what = f"round {n}: entity {name} vs enum type {name}"
        site.assert_clean(what, [entity, enum], offset)
        site.assert_answered(what, [entity, enum])
        assert applied(entity) != applied(enum), (
            f"[{site.store}] {what}: exactly one must be created: {describe(entity)}; "
            f"{describe(enum)}"
        )
        loser = enum if applied(entity) else entity
        assert name in refusal(loser), (
            f"[{site.store}] {what}: the refusal does not say why: {describe(loser)}"
        )
        rounds.append((what, name, entity, enum))
    design = site.design()
    for what, name, entity, enum in rounds:
        table = site.table_named(design, name) is not None
        enum_type = any(item["name"] == name for item in design["enums"])
        assert (table, enum_type) == (applied(entity), applied(enum)), (
            f"[{site.store}] {what}: table {table}, enum type {enum_type}; {describe(entity)}; "
            f"{describe(enum)}"
        )
        site.tally(
            "entity vs enum", "entity created" if table else "enum type created", entity, enum
        )
    site.report("entity vs enum")
    site.assert_design_survives("entity-vs-enum", pg_server)


@pytest.mark.postgres
def test_delete_races_edit_of_an_indexed_field(site: Site, pg_server: PgServer) -> None:
    """Deleting a field while another user edits it: either it is gone with its index, or
    the edit is there with the index (following a rename) and the delete was refused."""
    design = site.replace_design(
        _tables(
            "CREATE TABLE race_delete_{n} (id bigint PRIMARY KEY, f integer);\n"
            "CREATE INDEX ix_race_delete_{n}_f ON race_delete_{n} (f);"
        )
    )
    deleter, editor = site.client(), site.client()
    rounds = []
    for n in range(ROUNDS):
        table = site.table_named(design, f"race_delete_{n}")
        field_id = next(column["id"] for column in table["columns"] if column["name"] == "f")
        remove = f"{P}/fields/{field_id}/delete/"
        edit = f"{P}/fields/{field_id}/edit/"
        delete_form = form_posting_to(deleter.get(remove, htmx=True).text, remove)
        edit_form = form_posting_to(editor.get(edit, htmx=True).text, edit)
        assert delete_form.get("base_revision") == edit_form.get("base_revision")
        change = {"name": "g"} if n % 2 == 0 else {"data_type": "bigint", "description": "edited"}
        offset = site.log_offset()
        delete, edited = race(
            partial(deleter.post, remove, delete_form.values(), htmx=True),
            partial(editor.post, edit, edit_form.values(**change), htmx=True),
            turn=n,
        )
        what = f"round {n}: delete race_delete_{n}.f vs edit it ({change})"
        site.assert_clean(what, [delete, edited], offset)
        site.assert_answered(what, [delete, edited])
        assert applied(delete) or applied(edited), f"[{site.store}] {what}: both refused"
        rounds.append((n, what, table["id"], field_id, delete, edited))
    design = site.design()
    for n, what, entity, field_id, delete, edited in rounds:
        table = site.table_by_id(design, entity)
        column = site.column(table, field_id)
        indexed = [element["column"] for index in table["indexes"] for element in index["elements"]]
        if column is None:
            assert applied(delete), f"[{site.store}] {what}: f vanished: {describe(delete)}"
            assert indexed == [], f"[{site.store}] {what}: f is gone, its index is not"
            outcome = "edit, then delete" if applied(edited) else "delete won, edit refused"
        else:
            assert not applied(delete), (
                f"[{site.store}] {what}: the delete was saved but f is there: {column}"
            )
            done = column["name"] == "g" if n % 2 == 0 else column["type"]["base"] == "bigint"
            assert done == applied(edited), (
                f"[{site.store}] {what}: lost update: f is {column}; {describe(edited)}"
            )
            assert indexed == [column["name"]], (
                f"[{site.store}] {what}: the field is there without its index: indexes on "
                f"{indexed}, field {column['name']}"
            )
            outcome = "edit won, delete refused"
        if not applied(edited):
            outcome += " (404)" if edited.status == 404 else ""
        site.tally("delete field vs edit it", outcome, delete, edited)
    site.report("delete field vs edit it")
    site.assert_design_survives("delete-vs-edit", pg_server)


def test_same_field_added_twice(site: Site) -> None:
    """Two users add a field of the same name at once: one is added, the other gets a
    form error."""
    design = site.replace_design(
        _tables("CREATE TABLE race_same_field_{n} (id bigint PRIMARY KEY);")
    )
    first, second = site.client(), site.client()
    rounds = []
    for n in range(ROUNDS):
        entity = site.table_named(design, f"race_same_field_{n}")["id"]
        form = site.form("field", entity, site.revision())
        offset = site.log_offset()
        responses = race(
            partial(
                first.post, form.action, form.values(name="twice", data_type="text"), htmx=True
            ),
            partial(
                second.post, form.action, form.values(name="twice", data_type="date"), htmx=True
            ),
            turn=n,
        )
        what = f"round {n}: add the field race_same_field_{n}.twice twice"
        site.assert_clean(what, responses, offset)
        site.assert_answered(what, responses)
        winners = [response for response in responses if applied(response)]
        assert len(winners) == 1, f"[{site.store}] {what}: {[describe(r) for r in responses]}"
        loser = next(response for response in responses if not applied(response))
        assert "twice" in refusal(loser), f"[{site.store}] {what}: {describe(loser)}"
        expected = "text" if winners[0] is responses[0] else "date"
        rounds.append((what, entity, expected, responses))
    design = site.design()
    for what, entity, expected, responses in rounds:
        columns = site.table_by_id(design, entity)["columns"]
        named = [column["type"]["base"] for column in columns if column["name"] == "twice"]
        assert named == [expected], f"[{site.store}] {what}: the fields named twice: {named}"
        site.tally("same field twice", "one added, one form error", *responses)
    site.report("same field twice")


def test_same_project_slug_twice(site: Site) -> None:
    """Two users create a project with the same slug at once: one is created, the other
    gets a form error."""
    first, second = site.client(), site.client()
    template = site.templates["project"]
    for n in range(ROUNDS):
        slug = f"race-{n}"
        offset = site.log_offset()
        responses = race(
            *(
                partial(
                    client.post,
                    "/",
                    template.values(
                        csrfmiddlewaretoken=None,
                        name=f"Race {n} by {who}",
                        slug=slug,
                        pg_version="15",
                        key_strategy="uuid",
                        timestamps_default=True,
                    ),
                )
                for who, client in (("first", first), ("second", second))
            ),
            turn=n,
        )
        what = f"round {n}: create the project {slug} twice"
        site.assert_clean(what, responses, offset)
        created = [r for r in responses if r.status == 302]
        refused_ = [r for r in responses if r.status == 200]
        assert len(created) == 1 and len(refused_) == 1, (
            f"[{site.store}] {what}: {[describe(r) for r in responses]}"
        )
        assert created[0].header("location") == f"/projects/{slug}/", describe(created[0])
        assert slug in refusal(refused_[0]), describe(refused_[0])
        who = "first" if created[0] is responses[0] else "second"
        page = site.admin.get(f"/projects/{slug}/")
        assert page.status == 200 and f"Race {n} by {who}" in page.text, (
            f"[{site.store}] {what}: the project is not the one created"
        )
        site.tally("same slug twice", "one created, one form error", *responses)
    site.report("same slug twice")


def test_delete_entity_races_new_field(site: Site) -> None:
    """Deleting an entity while another user adds a field to it: either the add is
    refused (the entity is gone) or the delete is refused as a conflict."""
    design = site.replace_design(_tables("CREATE TABLE race_gone_{n} (id bigint PRIMARY KEY);"))
    deleter, adder = site.client(), site.client()
    rounds = []
    for n in range(ROUNDS):
        entity = site.table_named(design, f"race_gone_{n}")["id"]
        remove = f"{P}/entities/{entity}/delete/"
        delete_form = form_posting_to(deleter.get(remove, htmx=True).text, remove)
        add_form = site.form("field", entity, delete_form.get("base_revision") or "")
        offset = site.log_offset()
        delete, add = race(
            partial(deleter.post, remove, delete_form.values(), htmx=True),
            partial(adder.post, add_form.action, add_form.values(name="extra"), htmx=True),
            turn=n,
        )
        what = f"round {n}: delete race_gone_{n} vs add a field to it"
        site.assert_clean(what, [delete, add], offset)
        site.assert_answered(what, [delete, add])
        assert applied(delete) or applied(add), f"[{site.store}] {what}: both refused"
        rounds.append((what, entity, delete, add))
    design = site.design()
    for what, entity, delete, add in rounds:
        table = site.table_by_id(design, entity)
        assert (table is None) == applied(delete), (
            f"[{site.store}] {what}: entity there: {table is not None}; {describe(delete)}"
        )
        if table is not None:
            extra = any(column["name"] == "extra" for column in table["columns"])
            assert extra == applied(add), f"[{site.store}] {what}: lost update; {describe(add)}"
            outcome = "add won, delete refused"
        elif applied(add):
            outcome = "add, then delete"
        else:
            outcome = "delete won, add refused" + (" (404)" if add.status == 404 else "")
        site.tally("delete entity vs add field", outcome, delete, add)
    site.report("delete entity vs add field")


def test_replace_import_while_ten_users_edit(site: Site) -> None:
    """A replace-import confirmed while ten users add entities to the project: every
    request succeeds (writers queue), and the design is the import plus the entities
    added after it (those added before it are replaced with the rest)."""
    importer = site.client()
    editors = [site.client() for _ in range(EDITORS)]
    for n in range(ROUNDS):
        draft, confirm_form = site.stage_import(
            importer,
            f"CREATE TABLE imported_{n}_authors (id bigint PRIMARY KEY, name text NOT NULL);\n"
            f"CREATE TABLE imported_{n}_books (id bigint PRIMARY KEY, author_id bigint NOT "
            f"NULL REFERENCES imported_{n}_authors (id), title text NOT NULL);",
        )
        base = site.revision()
        entity_form = site.form("entity", base_revision=base)
        offset = site.log_offset()
        responses = race(
            partial(importer.post, draft, confirm_form.fields),
            *(
                partial(
                    client.post,
                    entity_form.action,
                    entity_form.values(name=f"client{k}_{n}"),
                    htmx=True,
                )
                for k, client in enumerate(editors)
            ),
            turn=n,
        )
        what = f"round {n}: replace-import vs {EDITORS} users adding entities"
        site.assert_clean(what, responses, offset)
        confirmed, edits = responses[0], responses[1:]
        assert confirmed.status == 302 and confirmed.header("location") == f"{P}/", (
            f"[{site.store}] {what}: the import failed: {describe(confirmed)} {refusal(confirmed)}"
        )
        failed = [describe(response) for response in edits if not applied(response)]
        assert not failed, f"[{site.store}] {what}: requests failed: {failed}"
        changes = site.changes_since(base)
        replaced = [i for i, s in enumerate(changes) if s.startswith("Replaced the design from")]
        assert len(replaced) == 1, f"[{site.store}] {what}: changes {changes}"
        after = set()
        for k in range(EDITORS):
            summary = f"Added the entity client{k}_{n}"
            assert changes.count(summary) == 1, f"[{site.store}] {what}: changes {changes}"
            if changes.index(summary) > replaced[0]:
                after.add(f"client{k}_{n}")
        names = {table["name"] for table in site.design()["tables"]}
        expected = {f"imported_{n}_authors", f"imported_{n}_books"} | after
        assert names == expected, (
            f"[{site.store}] {what}: the design holds {sorted(names)}, serially it would hold "
            f"{sorted(expected)} (changes: {changes})"
        )
        site.tally("replace-import vs 10 editors", f"{len(after)} of 10 adds after the import")
    site.report("replace-import vs 10 editors")
