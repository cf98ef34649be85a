"""Who may do what: the one place that fetches what a request works on, with the rights
of the person asking.

Every view, htmx partial and download gets its project through ``project_access`` (or
``get_project``, which returns just the project), naming what it needs — ``READ``,
``DOWNLOAD``, ``COMMENT``, ``APPROVE``, ``EDIT``, ``LIVE_IMPORT``, ``MANAGE`` or
``MERGE``. The answer is an ``Access``: the project, the person's role and what that role
may do, which the templates read (``access.can_edit``...) to hide what a role cannot do.
The server refuses anyway:

- someone who is not a member (and holds no share link to it) gets a 404: a project's
  existence is not told to outsiders;
- a member whose role lacks the permission gets a 403 (``PermissionDenied``);
- a visitor who is not signed in is sent to the sign-in page by the middleware
  (``designer.middleware.SignInRequiredMiddleware``), except on the pages a share link
  opens (``@shareable``) when the session holds a share link.

A share link (``designer.models.ShareLink``) is opened at ``/share/<token>/``, which keeps
its token in the session; each request checks it again, so a revoked or expired link is a
404 at once. Site administrators (superusers) have an owner's rights in every project, so
that a project can always be given an owner again.

Management commands are run by whoever holds the server's shell and database: they have
every right, and get their project through ``command_project``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import models
from .models import Role

READ = "read"
DOWNLOAD = "download"
COMMENT = "comment"
APPROVE = "approve"
EDIT = "edit"
LIVE_IMPORT = "live_import"
MANAGE = "manage"
MERGE = "merge"

_READER = frozenset({READ, DOWNLOAD})
_REVIEWER = _READER | {COMMENT, APPROVE}
_EDITOR = _REVIEWER | {EDIT, LIVE_IMPORT}
PERMISSIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: _READER,
    Role.REVIEWER: _REVIEWER,
    Role.EDITOR: _EDITOR,
    Role.OWNER: _EDITOR | {MANAGE, MERGE},
}
SHARE = "share link"  # the role of someone who reads a project through a share link
ADMINISTRATOR = "administrator"  # a superuser: an owner's rights everywhere
_ROLE_OF = {**PERMISSIONS, SHARE: _READER, ADMINISTRATOR: PERMISSIONS[Role.OWNER]}

_REFUSED = {
    READ: "You cannot read this project.",
    DOWNLOAD: "You cannot download from this project.",
    COMMENT: "Only the project's reviewers, editors and owners can comment.",
    APPROVE: "Only the project's reviewers, editors and owners can review a proposal.",
    EDIT: "Only the project's editors and owners can change its design.",
    LIVE_IMPORT: "Only the project's editors and owners can read a live database into it.",
    MANAGE: "Only the project's owners can do this.",
    MERGE: "Only the project's owners can merge a proposal.",
}

SHARE_SESSION_KEY = "designer_share_links"  # {project id: token}
_LAST_USED_EVERY = 60  # seconds: a share link's "last used" is written at most this often


@dataclass(frozen=True)
class Access:
    """A project and what the person asking may do with it."""

    project: models.Project
    user: Any
    role: str
    share_link: models.ShareLink | None = None

    @property
    def permissions(self) -> frozenset[str]:
        return _ROLE_OF[self.role]

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> Access:
        if not self.can(permission):
            raise PermissionDenied(_REFUSED[permission])
        return self

    @property
    def via_share(self) -> bool:
        return self.share_link is not None

    @property
    def is_member(self) -> bool:
        return self.role in PERMISSIONS or self.role == ADMINISTRATOR

    can_read = property(lambda self: self.can(READ))
    can_download = property(lambda self: self.can(DOWNLOAD))
    can_comment = property(lambda self: self.can(COMMENT))
    can_approve = property(lambda self: self.can(APPROVE))
    can_edit = property(lambda self: self.can(EDIT))
    can_live_import = property(lambda self: self.can(LIVE_IMPORT))
    can_manage = property(lambda self: self.can(MANAGE))
    can_merge = property(lambda self: self.can(MERGE))


def acting_user(actor: Any) -> Any:
    """The signed-in user behind an action, or None (anonymous, or a command)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def actor_name(actor: Any) -> str:
    """How an action's author is named in the feed and in notifications."""
    return actor.get_username() if acting_user(actor) is not None else "Someone"


def shareable(view: Callable) -> Callable:
    """Marks a read-only view that a share link opens (the middleware lets a visitor
    holding a share link reach it without signing in; ``project_access`` decides)."""
    view.shareable = True
    return view


def _role_query(user: Any) -> Subquery:
    return Subquery(
        models.Membership.objects.filter(project=OuterRef("pk"), user=user).values("role")[:1]
    )


def project_access(request: HttpRequest, slug: str, *, need: str) -> Access:
    """The project ``slug`` and what the request's user may do with it; 404 for someone
    with no access to it, 403 when their role does not allow ``need``."""
    user = request.user
    signed_in = user.is_authenticated
    projects = models.Project.objects.all()
    if signed_in and not user.is_superuser:
        projects = projects.annotate(member_role=_role_query(user))
    project = get_object_or_404(projects, slug=slug)
    role = None
    if signed_in:
        role = ADMINISTRATOR if user.is_superuser else project.member_role
    link = None
    if role is None:
        link = _share_link(request, project)
        if link is None:
            raise Http404("No such project.")
        role = SHARE
    access = Access(project=project, user=user if signed_in else None, role=role, share_link=link)
    request.access = access
    return access.require(need)


def get_project(request: HttpRequest, slug: str, *, need: str) -> models.Project:
    """``project_access(...).project``: for the views that read the rights from
    ``request.access`` (as the templates do)."""
    return project_access(request, slug, need=need).project


def _share_link(request: HttpRequest, project: models.Project) -> models.ShareLink | None:
    """The session's share link to ``project`` if it is still valid (checked on every
    request: revoking takes effect at once)."""
    token = request.session.get(SHARE_SESSION_KEY, {}).get(str(project.pk))
    if not token:
        return None
    link = valid_share_links().filter(project=project, token=token).first()
    if link is None:
        return None
    now = timezone.now()
    if link.last_used_at is None or (now - link.last_used_at).total_seconds() > _LAST_USED_EVERY:
        from .services.team import share_link_used

        share_link_used(link, now)
    return link


def valid_share_links() -> QuerySet[models.ShareLink]:
    now = timezone.now()
    return models.ShareLink.objects.filter(revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def share_link(token: str) -> models.ShareLink:
    """The valid share link of ``token`` (404 when there is none, revoked or expired)."""
    from .services.team import is_token

    if not is_token(token):
        raise Http404("No such link.")
    return get_object_or_404(valid_share_links().select_related("project"), token=token)


def remember_share_link(request: HttpRequest, link: models.ShareLink) -> None:
    links = dict(request.session.get(SHARE_SESSION_KEY, {}))
    links[str(link.project_id)] = link.token
    request.session[SHARE_SESSION_KEY] = links


def holds_share_link(request: HttpRequest) -> bool:
    return bool(request.session.get(SHARE_SESSION_KEY))


def projects_for(user: Any, need: str = READ) -> QuerySet[models.Project]:
    """The projects in which ``user`` may do ``need``."""
    if not user.is_authenticated:
        return models.Project.objects.none()
    if user.is_superuser:
        return models.Project.objects.all()
    roles = [role for role, permissions in PERMISSIONS.items() if need in permissions]
    return models.Project.objects.filter(
        memberships__user=user, memberships__role__in=roles
    ).distinct()


def role_in(project: models.Project, user: Any) -> str | None:
    """``user``'s role in ``project`` (``ADMINISTRATOR`` for a superuser), or None."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return ADMINISTRATOR
    return (
        models.Membership.objects.filter(project=project, user=user)
        .values_list("role", flat=True)
        .first()
    )


def may(project: models.Project, user: Any, permission: str) -> bool:
    role = role_in(project, user)
    return role is not None and permission in _ROLE_OF[role]


def command_project(slug: str) -> models.Project | None:
    """The project ``slug`` for a management command (run by the server's operator, who
    holds every right), or None."""
    return models.Project.objects.filter(slug=slug).first()


def get_entity(project: models.Project, entity_id) -> models.Entity:
    entity = get_object_or_404(models.Entity, project=project, pk=entity_id)
    entity.project = project  # the request's project: read once, at one revision
    return entity


def get_field(project: models.Project, field_id) -> models.Field:
    field = get_object_or_404(
        models.Field.objects.select_related("entity", "enum_type"),
        entity__project=project,
        pk=field_id,
    )
    field.entity.project = project
    return field


def get_relationship(project: models.Project, relationship_id) -> models.Relationship:
    return get_object_or_404(models.Relationship, project=project, pk=relationship_id)


def get_index(project: models.Project, index_id) -> models.Index:
    return get_object_or_404(models.Index, entity__project=project, pk=index_id)


def get_unique(project: models.Project, unique_id) -> models.UniqueConstraint:
    return get_object_or_404(models.UniqueConstraint, entity__project=project, pk=unique_id)


def get_check(project: models.Project, check_id) -> models.CheckConstraint:
    return get_object_or_404(models.CheckConstraint, entity__project=project, pk=check_id)


def get_enum(project: models.Project, enum_id) -> models.EnumType:
    return get_object_or_404(models.EnumType, project=project, pk=enum_id)


def get_version(project: models.Project, name: str) -> models.Version:
    """The project's version ``name``, without its design (read only when it is needed)."""
    version = get_object_or_404(
        models.Version.objects.select_related("author").defer("design"),
        project=project,
        name=name,
    )
    version.project = project
    return version
