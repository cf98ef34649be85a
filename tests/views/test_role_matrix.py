"""Every URL x every role, GET and POST: the permission matrix, generated from the URL conf.

Each URL of the URL conf (but the admin's, which has its own sign-in) must be listed in
``NEEDS`` with what it needs for GET and for POST, so a new view cannot escape this
test. Each is then requested by seven personas — someone not signed in, a signed-in
outsider, a viewer, a reviewer, an editor and an owner of the project, and a visitor
holding a share link — each request inside a transaction that is rolled back, so that a
POST that deletes something leaves the next request the same world.

What is checked, for a URL of a project:
- not signed in: sent to the sign-in page;
- outsider: 404 (a project's existence is not told);
- a member whose role lacks the permission: 403 — never a silent no-op;
- a member whose role has it: anything but 403 / 404 / the sign-in page, unless the owner
  gets the same (a 404 for a draft of another session is everybody's);
- a share link: the read-only pages marked ``@shareable`` (exactly ``SHAREABLE``) when
  they need only reading or downloading; the sign-in page elsewhere.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from designer import access, models
from designer.access import (
    APPROVE,
    COMMENT,
    DOWNLOAD,
    EDIT,
    LIVE_IMPORT,
    MANAGE,
    MERGE,
    PERMISSIONS,
    READ,
)
from designer.demo import demo_schema
from designer.operations import AddCheck, AddEnum, AddQuery, AddSqlObject, AddUnique
from designer.services.diagram_views import ViewDefinition, add_view
from designer.services.edits import apply, create_project
from designer.services.versions import save_version
from tests.support.accounts import member, signed_in, with_role

pytestmark = pytest.mark.django_db

OPEN = "anyone"  # no account needed (the sign-in pages, a share or invitation link)
SIGNED_IN = "signed in"  # any account (not about one project)
NO = None  # the method is not allowed (405) for whoever reaches the view
# Only these people, whatever their role's permissions say (the proposal's author is the
# editor persona).
AUTHOR = frozenset({"editor"})
AUTHOR_OR_OWNER = frozenset({"editor", "owner"})

NEEDS: dict[str, tuple] = {
    # Django's accounts pages
    "login": (OPEN, OPEN),
    "logout": (NO, SIGNED_IN),
    "password_change": (SIGNED_IN, SIGNED_IN),
    "password_change_done": (SIGNED_IN, NO),
    "password_reset": (OPEN, OPEN),
    "password_reset_done": (OPEN, NO),
    "password_reset_confirm": (OPEN, OPEN),
    "password_reset_complete": (OPEN, NO),
    # projects and imports
    "designer:project_list": (SIGNED_IN, SIGNED_IN),
    "designer:import": (SIGNED_IN, SIGNED_IN),
    "designer:import_preview": (SIGNED_IN, SIGNED_IN),
    "designer:project": (READ, NO),
    "designer:project_settings": (EDIT, EDIT),
    "designer:project_rename": (MANAGE, MANAGE),
    "designer:project_duplicate": (DOWNLOAD, DOWNLOAD),
    "designer:project_delete": (MANAGE, MANAGE),
    # the editor
    "designer:entity_list": (READ, NO),
    "designer:entity_create": (NO, EDIT),
    "designer:entity": (READ, NO),
    "designer:entity_edit": (NO, EDIT),
    "designer:entity_delete": (EDIT, EDIT),
    "designer:field_create": (NO, EDIT),
    "designer:relationship_create": (NO, EDIT),
    "designer:index_create": (NO, EDIT),
    "designer:unique_create": (NO, EDIT),
    "designer:check_create": (NO, EDIT),
    "designer:field_row": (READ, NO),
    "designer:field_edit": (EDIT, EDIT),
    "designer:field_move": (NO, EDIT),
    "designer:field_delete": (EDIT, EDIT),
    "designer:relationship_edit": (NO, EDIT),
    "designer:relationship_delete": (NO, EDIT),
    "designer:index_delete": (NO, EDIT),
    "designer:index_edit": (EDIT, EDIT),
    "designer:quick_add": (NO, EDIT),
    "designer:diagram_views": (READ, NO),
    "designer:diagram_view_create": (NO, EDIT),
    "designer:diagram_view_edit": (EDIT, EDIT),
    "designer:diagram_view_delete": (NO, EDIT),
    "designer:diagram_view_mermaid": (DOWNLOAD, NO),
    "designer:sql_edit": (READ, EDIT),
    "designer:objects": (READ, NO),
    "designer:object_create": (NO, EDIT),
    "designer:object_edit": (EDIT, EDIT),
    "designer:object_delete": (NO, EDIT),
    "designer:object_comment": (NO, EDIT),
    "designer:queries": (READ, NO),
    "designer:query_create": (NO, EDIT),
    "designer:query": (READ, NO),
    "designer:query_edit": (NO, EDIT),
    "designer:query_delete": (NO, EDIT),
    "designer:query_add_index": (NO, EDIT),
    "designer:plans": (READ, READ),
    "designer:plans_live": (NO, LIVE_IMPORT),
    "designer:unique_delete": (NO, EDIT),
    "designer:check_delete": (NO, EDIT),
    "designer:enum_list": (READ, NO),
    "designer:enum_create": (NO, EDIT),
    "designer:enum_edit": (EDIT, EDIT),
    "designer:enum_delete": (NO, EDIT),
    "designer:review": (READ, NO),
    "designer:review_fix": (NO, EDIT),
    "designer:review_suppress": (NO, EDIT),
    "designer:review_unsuppress": (NO, EDIT),
    "designer:document": (READ, NO),
    "designer:history": (READ, NO),
    "designer:undo": (NO, EDIT),
    "designer:redo": (NO, EDIT),
    "designer:undo_bar": (READ, NO),
    "designer:restore": (NO, EDIT),
    "designer:revision": (READ, NO),
    "designer:erd": (READ, NO),
    "designer:preview": (READ, NO),
    "designer:export": (DOWNLOAD, NO),
    # versions, comparisons, live databases
    "designer:versions": (READ, EDIT),
    "designer:version": (READ, NO),
    "designer:version_document": (READ, NO),
    "designer:version_export": (DOWNLOAD, NO),
    "designer:version_restore": (NO, EDIT),
    "designer:compare": (READ, NO),
    "designer:compare_migration": (DOWNLOAD, NO),
    "designer:drift_start": (LIVE_IMPORT, LIVE_IMPORT),
    "designer:drift": (LIVE_IMPORT, NO),
    "designer:drift_migration": (LIVE_IMPORT, NO),
    # the team
    "designer:members": (READ, MANAGE),
    "designer:member_role": (NO, MANAGE),
    "designer:member_remove": (NO, MANAGE),
    "designer:invitation_revoke": (NO, MANAGE),
    "designer:review_rules": (NO, MANAGE),
    "designer:share_links": (MANAGE, MANAGE),
    "designer:share_link_revoke": (NO, MANAGE),
    "designer:invitation": (OPEN, OPEN),
    "designer:share": (OPEN, NO),
    # proposals and threads
    "designer:proposals": (READ, NO),
    "designer:proposal_create": (EDIT, EDIT),
    "designer:proposal": (READ, NO),
    "designer:proposal_update": (NO, AUTHOR),
    "designer:proposal_review": (NO, APPROVE),
    "designer:proposal_merge": (NO, MERGE),
    "designer:proposal_close": (NO, AUTHOR_OR_OWNER),
    "designer:comments": (READ, NO),
    "designer:thread_create": (COMMENT, COMMENT),
    "designer:thread": (READ, NO),
    "designer:thread_reply": (NO, COMMENT),
    "designer:thread_resolve": (NO, COMMENT),
    "designer:thread_reopen": (NO, COMMENT),
    # activity and notifications
    "designer:activity": (READ, NO),
    "designer:notifications": (SIGNED_IN, SIGNED_IN),
    "designer:notification_badge": (SIGNED_IN, NO),
    "designer:notification_open": (SIGNED_IN, NO),
    "designer:notification_settings": (SIGNED_IN, SIGNED_IN),
}

# The pages a share link opens: read-only, and nothing else.
SHAREABLE = frozenset(
    {
        "designer:project",
        "designer:entity",
        "designer:entity_list",
        "designer:field_row",
        "designer:enum_list",
        "designer:review",
        "designer:document",
        "designer:erd",
        "designer:diagram_views",
        "designer:diagram_view_mermaid",
        "designer:objects",
        "designer:queries",
        "designer:query",
        "designer:preview",
        "designer:export",
        "designer:revision",
    }
)
ROLES = ("viewer", "reviewer", "editor", "owner")
PERSONAS = ("anonymous", "outsider", *ROLES, "share link")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str  # the route with its converters, e.g. projects/<slug:slug>/
    view: object

    @property
    def of_a_project(self) -> bool:
        return "<slug:slug>" in self.pattern

    @property
    def shareable(self) -> bool:
        return getattr(self.view, "shareable", False)


def _routes(patterns, prefix: str = "", namespace: str = "") -> list[Route]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith("admin/"):  # the admin has its own sign-in
                inner = pattern.namespace or namespace
                found += _routes(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            found.append(Route(name, route, pattern.callback))
    return found


ROUTES = _routes(get_resolver().url_patterns)


def test_every_url_says_what_it_needs():
    names = {route.name for route in ROUTES}
    assert names - NEEDS.keys() == set(), "a URL missing from NEEDS: say what it needs"
    assert NEEDS.keys() - names == set(), "NEEDS lists a URL that is gone"


def test_exactly_the_read_only_pages_open_to_a_share_link():
    assert {route.name for route in ROUTES if route.shareable} == SHAREABLE
    for name in SHAREABLE:
        assert NEEDS[name][0] in (READ, DOWNLOAD) and NEEDS[name][1] is NO, name


@dataclass
class World:
    project: models.Project
    clients: dict[str, Client]
    cookies: dict[str, dict]
    values: dict[str, str]


@pytest.fixture
def world(db) -> World:
    project = create_project(name="Acme", slug="acme", schema=demo_schema(), actor=member("owner"))
    users = {role: with_role(project, role) for role in ROLES}
    colleague = with_role(project, "viewer", "colleague")
    todos = project.entities.get(name="todos")
    apply(
        project,
        [
            AddUnique(str(todos.id), ("title", "user_id")),
            AddCheck(str(todos.id), "length(title) > 0"),
            AddEnum("todo_state", ("open", "done")),
            AddSqlObject("CREATE VIEW todo_titles AS SELECT id, title FROM todos;"),
            AddQuery("Todos", "SELECT id FROM todos WHERE completed = false AND user_id = $1"),
        ],
    )
    add_view(project, ViewDefinition("Around todos", "around", center=str(todos.id)))
    version = save_version(project, "v1", actor=users["editor"])
    proposal = models.Proposal.objects.create(
        project=project, number=1, title="Add states", author=users["editor"], version=version
    )
    models.ProposalUpdate.objects.create(proposal=proposal, version=version, author=users["editor"])
    thread = models.Thread.objects.create(
        project=project, proposal=proposal, anchor=models.Thread.Anchor.PROPOSAL
    )
    models.Comment.objects.create(thread=thread, author=users["reviewer"], body="Why?")
    link = models.ShareLink.objects.create(
        project=project, label="for the client", token="share-" + uuid.uuid4().hex
    )
    invitation = models.Invitation.objects.create(
        project=project,
        role="viewer",
        email="new@example.com",
        token="invite-" + uuid.uuid4().hex,
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    field = models.Field.objects.filter(entity=todos).order_by("position").last()
    values = {
        "slug": project.slug,
        "entity_id": str(todos.id),
        "field_id": str(field.id),
        "relationship_id": str(project.relationships.get().id),
        "index_id": str(models.Index.objects.get(entity=todos).id),
        "unique_id": str(models.UniqueConstraint.objects.get(entity=todos).id),
        "check_id": str(models.CheckConstraint.objects.get(entity=todos).id),
        "enum_id": str(project.enum_types.get().id),
        "view_id": project.diagram_views[0]["id"],
        "object_id": project.sql_objects[0]["id"],
        "query_id": project.queries[0]["id"],
        "name": version.name,
        "format": "sql",
        "revision": "1",
        "draft_id": str(uuid.uuid4()),  # another session's: not found for anyone
        "number": "1",
        "thread_id": str(thread.id),
        "membership_id": str(models.Membership.objects.get(project=project, user=colleague).id),
        "invitation_id": str(invitation.id),
        "link_id": str(link.id),
        "notification_id": str(uuid.uuid4()),
        "uidb64": "MQ",
        "share": link.token,
        "invitation": invitation.token,
    }
    clients = {"anonymous": Client(), "outsider": signed_in(Client(), member("outsider"))}
    for role, user in users.items():
        clients[role] = signed_in(Client(), user)
    sharer = Client()
    assert sharer.get(reverse("designer:share", args=[link.token])).status_code == 302
    clients["share link"] = sharer
    cookies = {persona: dict(client.cookies.items()) for persona, client in clients.items()}
    return World(project, clients, cookies, values)


def _path(route: Route, values: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(2)
        if name == "token":
            return values["share" if route.pattern.startswith("share/") else "invitation"]
        return values.get(name, "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route.pattern)


def _request(world: World, persona: str, method: str, path: str):
    client = world.clients[persona]
    client.cookies.clear()
    for name, morsel in world.cookies[persona].items():
        client.cookies[name] = morsel.value
    with transaction.atomic():
        response = getattr(client, method)(path)
        transaction.set_rollback(True)
    return response


def _to_sign_in(response) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith(
        reverse(settings.LOGIN_URL) + "?next="
    )


def _allowed(route: Route, need, persona: str) -> bool:
    if need == OPEN:
        return True
    if need == SIGNED_IN:
        return persona not in ("anonymous", "share link")
    if persona in ("anonymous", "outsider"):
        return False
    if isinstance(need, frozenset):
        return persona in need
    if persona == "share link":
        return route.shareable and need in (READ, DOWNLOAD)
    return need in PERMISSIONS[persona]


def _expected_refusal(route: Route, need, persona: str) -> str:
    """What refusing ``persona`` looks like: the sign-in page, 404 or 403."""
    if persona == "anonymous" or (persona == "share link" and not route.shareable):
        return "sign in"
    if need == SIGNED_IN:
        return "sign in"
    if persona == "outsider":
        return "404"
    return "403"


def test_every_role_gets_what_its_role_allows(world):
    """One world for every URL (each request rolled back): the problems of all URLs are
    listed together."""
    problems = []
    for route in ROUTES:
        path = _path(route, world.values)
        assert resolve(path).url_name == route.name.split(":")[-1], path
        for method, need in zip(("get", "post"), NEEDS[route.name], strict=True):
            problems += [
                f"{method.upper()} {path} {problem}"
                for problem in _check(world, route, method, need, path)
            ]
    assert problems == [], "\n".join(problems)


def _check(world: World, route: Route, method: str, need, path: str) -> list[str]:
    problems = []
    owners = None
    for persona in PERSONAS:
        response = _request(world, persona, method, path)
        status = response.status_code
        seen = "sign in" if _to_sign_in(response) else str(status)
        if need is NO:
            expected = "sign in" if _refused_before_the_view(route, persona) else "405"
            if seen != expected:
                problems.append(f"{persona}: {seen}, expected {expected}")
        elif _allowed(route, need, persona):
            if status == 404 and owners is None:
                owners = _request(world, "owner", method, path).status_code
            if seen in ("sign in", "403", "405") or (status == 404 and owners != 404):
                problems.append(f"{persona}: {seen}, expected allowed")
        else:
            expected = _expected_refusal(route, need, persona)
            if seen != expected:
                problems.append(f"{persona}: {seen}, expected {expected}")
    return problems


def _refused_before_the_view(route: Route, persona: str) -> bool:
    """Whether the middleware sends ``persona`` to sign in before the view's method check."""
    if not getattr(route.view, "login_required", True):  # @login_not_required
        return False
    if persona == "anonymous":
        return True
    return persona == "share link" and not route.shareable


def test_a_revoked_share_link_is_not_found_at_once(world):
    link = models.ShareLink.objects.get(project=world.project)
    project_page = reverse("designer:project", args=[world.project.slug])
    assert _request(world, "share link", "get", project_page).status_code == 200
    models.ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    assert _request(world, "share link", "get", project_page).status_code == 404
    share_page = reverse("designer:share", args=[link.token])
    assert _request(world, "anonymous", "get", share_page).status_code == 404


def test_commands_get_their_project_through_access(world):
    assert access.command_project("acme") == world.project
    assert access.command_project("nope") is None
