"""The one way in for every change: ``apply(project, operations, actor=, base_revision=)``.

Every view, htmx partial, management command and import changes a project here, and
nowhere else. One change, in one transaction:

1. lock the project's row (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite every
   transaction begins IMMEDIATE, which takes the database's write lock), so changes to a
   project are applied one at a time and positions are assigned inside the lock;
2. read the schema at the current revision (from the revision cache when it is there);
3. when the change was made on an older revision (``base_revision``, carried by every
   editor form), refuse it with ``Conflict`` if it touches an object changed since —
   nothing is ever silently overwritten; a change touching nothing changed since applies;
4. run the operations on the pure model (``designer.operations.run``): each is checked,
   and ``OperationError`` leaves everything as it was;
5. write only the rows that changed (``designer.store.write``), increment the revision,
   and append the change to the log with its patch (what undo and redo apply).

Undo and redo are changes too (the history is never rewritten): the log's rows link the
undo and redo stacks (``models.Change``). "Restore this state" applies an old state as a
new change.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import store
from ..access import acting_user
from ..models import Change, Project
from ..operations import (
    EditProject,
    Gone,
    Operation,
    OperationError,
    Patch,
    ReplaceSchema,
    Stale,
    check_step,
    run,
)
from ..schema.ids import with_new_ids
from ..schema.model import Schema
from . import team

# A form older than this many changes is not worth comparing: it is reloaded.
MAX_CHANGES_BEHIND = 200


class Conflict(Exception):
    """The change was based on an older revision and touches what changed since."""

    def __init__(self, changes: list[Change], revision: int) -> None:
        self.changes = changes
        self.revision = revision
        latest = changes[-1] if changes else None
        if latest is None:
            message = "The design changed a lot since this page was loaded: reload it."
        else:
            message = (
                "Someone changed this since you opened it: "
                f"{latest.summary} (revision {latest.revision})."
            )
        super().__init__(message)
        self.message = message


class NothingToUndo(OperationError):
    pass


@dataclass(frozen=True)
class Applied:
    """What ``apply`` did: the change recorded (None when nothing changed)."""

    change: Change | None
    schema: Schema
    revision: int
    rows: int = 0

    @property
    def summary(self) -> str:
        return self.change.summary if self.change else ""


def _lock(project: Project) -> Project:
    locked = Project.objects.select_for_update().filter(pk=project.pk).first()
    if locked is None:
        raise Gone("This project no longer exists: someone deleted it.")
    return locked


def _schema(locked: Project) -> Schema:
    """The schema at the locked project's revision (consistent: writers wait)."""
    schema = store.cached_schema(locked.pk, locked.revision)
    if schema is None:
        schema = store.load_schema(locked)
        store.schema_cache.put(locked.pk, locked.revision, schema)
    return schema


def _latest(locked: Project) -> Change | None:
    return (
        Change.objects.filter(project=locked)
        .only("id", "revision", "undo_top_id", "redo_top_id")
        .order_by("-revision")
        .first()
    )


def apply(
    project: Project,
    operations: Sequence[Operation],
    *,
    actor: Any = None,
    base_revision: int | None = None,
    kind: str = Change.Kind.EDIT,
) -> Applied:
    """Apply ``operations`` as one change (see the module's docstring)."""
    try:
        return _apply(project, operations, actor, base_revision, kind)
    except IntegrityError as error:  # e.g. a design's ids taken by another project meanwhile
        raise OperationError(f"The design could not be saved: {error}.") from None


def _own_ids(project: Project, operation: Operation) -> Operation:
    """A whole design brought in keeps its ids unless another project has them."""
    if isinstance(operation, ReplaceSchema) and store.ids_in_use(operation.schema, exclude=project):
        return replace(operation, schema=with_new_ids(operation.schema))
    return operation


def _apply(
    project: Project,
    operations: Sequence[Operation],
    actor: Any,
    base_revision: int | None,
    kind: str,
) -> Applied:
    with transaction.atomic():
        locked = _lock(project)
        operations = [_own_ids(locked, operation) for operation in operations]
        before = _schema(locked)
        if base_revision is not None and base_revision < locked.revision:
            _check_conflicts(locked, before, operations, base_revision)
        outcome = run(before, operations)
        if not outcome.changed:
            _sync(project, locked)
            return Applied(None, before, locked.revision)
        return _commit(
            project,
            locked,
            before,
            outcome.after,
            outcome.patch,
            kind=kind,
            summary=outcome.summary,
            operations=[_logged(operation) for operation in operations],
            actor=actor,
        )


def _logged(operation: Operation) -> dict[str, Any]:
    """An operation as the change log keeps it. A whole design brought in is in the
    change's patch already: ``ReplaceSchema`` is logged without it (a 20 MB import
    would write its design twice, and hold both in memory as it does)."""
    if isinstance(operation, ReplaceSchema):
        tables = len(operation.schema.tables)
        return {"op": operation.kind, "source": operation.source, "tables": tables}
    return operation.to_data()


def _commit(
    project: Project,
    locked: Project,
    before: Schema,
    after: Schema,
    patch: Patch,
    *,
    kind: str,
    summary: str,
    operations: list[dict[str, Any]],
    actor: Any,
    reverts: Change | None = None,
) -> Applied:
    rows = store.write(locked, before, after, patch)
    latest = _latest(locked)
    undo_top = latest.undo_top_id if latest else None
    redo_top = latest.redo_top_id if latest else None
    identifier = uuid.uuid4()
    if kind == Change.Kind.UNDO:
        assert reverts is not None
        stack_below, undo_top, redo_top = redo_top, reverts.stack_below_id, identifier
    elif kind == Change.Kind.REDO:
        assert reverts is not None
        stack_below, undo_top, redo_top = undo_top, identifier, reverts.stack_below_id
    else:
        stack_below, undo_top, redo_top = undo_top, identifier, None
    revision = locked.revision + 1
    change = Change.objects.create(
        id=identifier,
        project=locked,
        revision=revision,
        actor=acting_user(actor),
        kind=kind,
        summary=summary[:500] or "Changed the design",
        operations=operations,
        patch=patch.to_data(),
        touched=sorted(patch.touched()),
        reverts=reverts,
        undo_top_id=undo_top,
        redo_top_id=redo_top,
        stack_below_id=stack_below,
    )
    settings = store.settings_values(patch)
    Project.objects.filter(pk=locked.pk).update(
        revision=revision, updated_at=timezone.now(), **settings
    )
    rows += 2  # the project's row and the change log's
    transaction.on_commit(lambda: store.schema_cache.put(locked.pk, revision, after))
    transaction.on_commit(lambda: store.patch_cache.put(locked.pk, revision, patch))
    for name, value in {"revision": revision, **settings}.items():
        setattr(locked, name, value)
    _sync(project, locked)
    return Applied(change, after, revision, rows)


def _sync(project: Project, locked: Project) -> None:
    """Give the caller's project object the row's latest values."""
    for name in ("revision", *store.PROJECT_SETTINGS):
        setattr(project, name, getattr(locked, name))


def _check_conflicts(
    locked: Project, current: Schema, operations: Sequence[Operation], base_revision: int
) -> None:
    since = list(
        Change.objects.filter(project=locked, revision__gt=base_revision)
        .select_related("actor")
        .defer("patch", "operations")  # the patches come from the process's cache
        .order_by("revision")
    )
    if len(since) > MAX_CHANGES_BEHIND:
        raise Conflict([], locked.revision)
    # The operations name objects as the user saw them: resolve them in that schema (kept
    # by this process, or the current one with the changes since taken back).
    base = store.schema_cache.get(locked.pk, base_revision) or current
    try:
        if base is current:
            for patch in reversed(store.logged_patches(locked.pk, [c.revision for c in since])):
                base = patch.inverted().apply(base)
    except Stale:
        raise Conflict(since, locked.revision) from None
    keys: set[str] = set()
    for operation in operations:
        try:
            keys |= operation.targets(base)
        except OperationError:
            continue
    clashing = [change for change in since if keys & set(change.touched)]
    if clashing:
        raise Conflict(clashing, locked.revision)


# --- undo, redo, restore -------------------------------------------------------------------


def undo_state(project: Project) -> tuple[Change | None, Change | None]:
    """The changes Undo and Redo would revert now (either may be None)."""
    shown = ("id", "revision", "summary", "kind", "created_at")
    latest = (
        Change.objects.filter(project=project)
        .select_related("undo_top", "redo_top")
        .only(
            "undo_top",
            "redo_top",
            *(f"{top}__{name}" for top in ("undo_top", "redo_top") for name in shown),
        )
        .order_by("-revision")
        .first()
    )
    if latest is None:
        return None, None
    return latest.undo_top, latest.redo_top


def _plain(summary: str) -> str:
    for prefix in ("Undid: ", "Redid: "):
        if summary.startswith(prefix):
            return summary[len(prefix) :]
    return summary


def undo(project: Project, *, actor: Any = None, expected: int | None = None) -> Applied:
    """Revert the change on top of the undo stack (``expected``: its revision, as the
    button showed it; someone else's newer change is never undone by surprise)."""
    return _step(project, Change.Kind.UNDO, actor=actor, expected=expected)


def redo(project: Project, *, actor: Any = None, expected: int | None = None) -> Applied:
    """Apply again the change the last undo reverted."""
    return _step(project, Change.Kind.REDO, actor=actor, expected=expected)


def _step(project: Project, kind: str, *, actor: Any, expected: int | None) -> Applied:
    undoing = kind == Change.Kind.UNDO
    with transaction.atomic():
        locked = _lock(project)
        latest = _latest(locked)
        top_id = (latest.undo_top_id if undoing else latest.redo_top_id) if latest else None
        if top_id is None:
            raise NothingToUndo("There is nothing to undo." if undoing else "Nothing to redo.")
        top = Change.objects.only("revision", "summary", "patch", "stack_below").get(pk=top_id)
        if expected is not None and top.revision != expected:
            raise Conflict([latest], locked.revision)
        before = _schema(locked)
        patch = Patch.from_data(top.patch).inverted()
        try:
            after = patch.apply(before)
        except Stale as error:
            raise OperationError(f"This cannot be undone: {error}.") from None
        # No check: undo and redo are linear, so ``after`` is exactly a state the design
        # was in (the one before, or after, the reverted change), checked when it was made.
        verb = "Undid" if undoing else "Redid"
        return _commit(
            project,
            locked,
            before,
            after,
            patch,
            kind=kind,
            summary=f"{verb}: {_plain(top.summary)}",
            operations=[],
            actor=actor,
            reverts=top,
        )


def schema_at(project: Project, revision: int) -> Schema:
    """The project's schema as it was at ``revision`` (the current one, with the changes
    made since reverted one by one)."""
    schema = store.current_schema(project)
    if not 0 <= revision <= project.revision:
        raise OperationError(f"There is no revision {revision}.")
    changes = Change.objects.filter(
        project=project, revision__gt=revision, revision__lte=project.revision
    ).order_by("-revision")
    for change in changes.iterator():
        schema = Patch.from_data(change.patch).inverted().apply(schema)
    return schema


def restore(project: Project, revision: int, *, actor: Any = None) -> Applied:
    """Make the design what it was at ``revision``, as a new change (undoable)."""
    target = schema_at(project, revision)
    operation = ReplaceSchema(target, source=f"revision {revision}")
    return apply(project, [operation], actor=actor, kind=Change.Kind.RESTORE)


# --- projects ---------------------------------------------------------------------------------


class SlugTaken(OperationError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"A project with the slug “{slug}” exists already.", "slug")


def create_project(
    *,
    name: str,
    slug: str,
    schema: Schema | None = None,
    settings: dict[str, Any] | None = None,
    source: str = "",
    actor: Any = None,
) -> Project:
    """A new project, owned by ``actor`` (its creator); with ``schema``, holding it as its
    first change."""
    # The name and settings are checked as an edit of them would be (their length, the
    # PostgreSQL version...): ``Invalid`` names the input.
    blank = Schema()
    check_step(blank, EditProject({"name": name, **(settings or {})}).apply(blank))
    with transaction.atomic():
        try:
            with transaction.atomic():
                project = Project.objects.create(name=name, slug=slug, **(settings or {}))
        except IntegrityError:
            raise SlugTaken(slug) from None
        team.add_owner(project, actor)
        if schema is not None:
            apply(project, [ReplaceSchema(schema, source=source)], actor=actor)
    return project
