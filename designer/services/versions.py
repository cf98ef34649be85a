"""Versions: named, immutable snapshots of a project's design.

A version holds the design file of the project's schema at one revision
(``designer.models.Version``). Saving one writes no change of the design (the revision
stays); restoring one is a change like any other, through the one entry point
(``designer.services.edits.apply``), so it can be undone and appears in the history.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse

from .. import store
from ..access import acting_user
from ..models import Change, Project, Version
from ..operations import OperationError, ReplaceSchema
from ..schema import design_file
from ..schema.limits import MAX_DESCRIPTION_LENGTH, text_problem
from ..schema.model import Schema
from . import activity, edits

MAX_NAME_LENGTH = 40  # Version.name
# Letters, digits, dots, underscores and hyphens: safe in a URL's path, a file name and
# a Content-Disposition header as they are. "." and ".." are path segments browsers
# resolve away, so they cannot name a page.
NAME_CHARACTER = r"[A-Za-z0-9._-]"  # also the URL converter's (designer.urls)
_NAME = re.compile(f"{NAME_CHARACTER}+")
# Names that stand for the design now, in a comparison (services.migrations.WORKING).
RESERVED_NAMES = frozenset({"working", "live"})
_SUGGESTIONS = 20  # names ``v{n+1}``... looked at in one query


class VersionError(OperationError):
    """Why a version cannot be saved or read; ``field`` names the input (name, message)."""


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a version, or None."""
    if not name:
        return "Give the version a name, such as v1."
    if len(name) > MAX_NAME_LENGTH:
        return f"A version's name is at most {MAX_NAME_LENGTH} characters ({len(name)} given)."
    if not _NAME.fullmatch(name):
        return "A version's name may hold only letters, digits, “.”, “_” and “-” (such as v3)."
    if name in (".", ".."):
        return "A version's name cannot be “.” or “..”."
    if name in RESERVED_NAMES:
        return f"“{name}” names the design as it is now; give the version another name."
    return None


def versions_of(project: Project) -> QuerySet[Version]:
    """The project's versions, newest first, without their designs (read only to open one)."""
    return (
        Version.objects.filter(project=project)
        .select_related("author")
        .defer("design")
        .order_by("-created_at", "-revision")
    )


def suggested_name(project: Project, count: int | None = None) -> str:
    """``v{n+1}`` for a project of ``n`` versions, or the next such name that is free."""
    count = Version.objects.filter(project=project).count() if count is None else count
    start = count + 1
    while True:
        candidates = [f"v{number}" for number in range(start, start + _SUGGESTIONS)]
        taken = set(
            Version.objects.filter(project=project, name__in=candidates).values_list(
                "name", flat=True
            )
        )
        free = next((name for name in candidates if name not in taken), None)
        if free is not None:
            return free
        start += _SUGGESTIONS


def save_version(project: Project, name: str, message: str = "", *, actor: Any = None) -> Version:
    """Save the project's design at its current revision as the version ``name``.

    A taken or malformed name, or a message too long, is a ``VersionError`` naming the
    input (never an IntegrityError)."""
    name = name.strip()
    message = message.strip()
    problem = name_problem(name)
    if problem:
        raise VersionError(problem, "name")
    problem = text_problem(message, "message", MAX_DESCRIPTION_LENGTH)
    if problem:
        raise VersionError(f"{problem[0].upper()}{problem[1:]}.", "message")
    taken = VersionError(f"The project has a version named “{name}” already.", "name")
    if Version.objects.filter(project=project, name=name).exists():
        raise taken
    schema = store.current_schema(project)  # project.revision is now the schema's
    try:
        with transaction.atomic():
            version = Version.objects.create(
                project=project,
                name=name,
                message=message,
                author=acting_user(actor),
                revision=project.revision,
                design=design_file.dump(schema),
            )
            url = reverse("designer:version", args=[project.slug, version.name])
            activity.record(project, actor, "version", f"saved the version {name}", url)
            return version
    except IntegrityError:  # saved by someone else meanwhile
        raise taken from None


def version_schema(version: Version) -> Schema:
    """The schema a version holds (its design file upgraded to the current format).

    It is not validated again: it was valid when saved, and rules that tighten later
    must not stop an old version from opening. Restoring it validates it (as any change).
    """
    if "design" in version.get_deferred_fields():
        version.refresh_from_db(fields=["design"])
    try:
        return design_file.load(version.design, check=False)
    except design_file.DesignFileError as error:
        raise VersionError(f"The version {version.name} cannot be read: {error}.") from None


def reader(version: Version) -> Callable[[], Schema]:
    """``version_schema(version)``, read once however many times it is called (a page
    that misses several cached artifacts reads the design once)."""
    return cache(lambda: version_schema(version))


def restore_version(
    project: Project,
    version: Version,
    *,
    actor: Any = None,
    base_revision: int | None = None,
) -> edits.Applied:
    """Make the design what ``version`` holds, as one new change (undoable, in the
    history). ``base_revision``, the revision the user saw, is checked by ``edits.apply``
    as for any change; ``ReplaceSchema`` names no single object, so it applies over what
    changed since — and Undo gives that back. (The activity feed shows it from the change
    log, as a "restore": no activity of its own.)"""
    operation = ReplaceSchema(version_schema(version), source=f"version {version.name}")
    return edits.apply(
        project,
        [operation],
        actor=actor,
        base_revision=base_revision,
        kind=Change.Kind.RESTORE,
    )
