"""Importing a schema into the store, for the command line and the Import page alike.

``read_import`` turns a file's bytes (PostgreSQL DDL or a JSON design file) or a live
database's URL into an ``ImportResult`` without touching the store; ``save_import``
writes one, as a new project or as one ``ReplaceSchema`` change of an existing project
(undoable), in one transaction. The Import page keeps an import for its preview
(``stage_import``) and saves it when confirmed (``confirm_import``).
Every failure is an ``ImportFailure`` with a one-line message; nothing is half saved.
"""

from __future__ import annotations

import dataclasses
import gc
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from psycopg import sql

from ..importers.live import import_live
from ..importers.sql import import_sql
from ..importers.summary import ImportFailure, ImportResult, ImportSummary
from ..models import ImportDraft, Project
from ..operations import OperationError, ReplaceSchema
from ..schema.design_file import DesignFileError, dump, load, loads
from ..schema.ids import adopt_ids, with_new_ids
from ..store import current_schema, ids_in_use
from .edits import apply, create_project

FORMATS = ("sql", "json", "live")
# The tables a preview names, and the names of each kind of skipped object and the
# warnings it lists: its counts say how many there are in all.
PREVIEW_TABLES = 100
PREVIEW_NAMES = 50

_pauses = 0
_pauses_lock = threading.Lock()
_collecting = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused meanwhile (and while any other thread
    is in such a block). A big import builds millions of objects that all stay alive
    until it ends; each collection would look at every one of them again, a third of
    a 20 MB import's time (``benchmarks/import_large.py``). Reference counting still
    frees what is dropped; the collector comes back when the last block ends."""
    global _pauses, _collecting
    with _pauses_lock:
        if _pauses == 0:
            _collecting = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0 and _collecting:
                gc.enable()


def guess_format(data: bytes) -> str:
    """``json`` for a design file (a JSON object), ``sql`` for anything else."""
    return "json" if data.lstrip()[:1] == b"{" else "sql"


@collector_paused()
def read_import(
    *,
    fmt: str,
    data: bytes = b"",
    url: str = "",
    name: str = "Imported schema",
    schemas: Sequence[str] | None = None,
) -> ImportResult:
    """The schema in ``data`` (sql or json) or in the database at ``url`` (live)."""
    if fmt == "live":
        return import_live(
            url,
            allowed_hosts=settings.LIVE_IMPORT_HOSTS,
            schemas=list(schemas or ["public"]),
            deadline_seconds=settings.LIVE_IMPORT_DEADLINE_SECONDS,
        )
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise ImportFailure(
            f"the file is {len(data):,} bytes; the limit is {settings.MAX_UPLOAD_BYTES:,} "
            "(MAX_UPLOAD_BYTES)"
        )
    if fmt == "json":
        try:
            return ImportResult(loads(data), ImportSummary())
        except DesignFileError as error:
            raise ImportFailure(str(error)) from None
    return import_sql(data, name=name, schemas=schemas)


@collector_paused()
def save_import(
    result: ImportResult,
    *,
    slug: str,
    name: str = "",
    replace: Project | None = None,
    ids_from_file: bool = True,
    source: str = "",
    actor: Any = None,
) -> Project:
    """A new project ``slug`` holding the import, or ``replace``'s design replaced (one
    change, undoable). Ids a design file brings are kept unless another project has
    them; a dump's objects take the ids of the objects they match in ``replace``."""
    schema = result.schema
    if replace is None:
        return create_project(
            name=name or schema.name or slug,
            slug=slug,
            # A design file's ids are the file's; a dump's were made by the importer.
            schema=with_new_ids(schema) if ids_from_file else schema,
            source=source,
            actor=actor,
        )
    if ids_from_file:
        if ids_in_use(schema, exclude=replace):
            schema = with_new_ids(schema)
    else:
        # A dump holds no diagram views or saved queries: the project's own stay
        # (views drawn without the tables the dump no longer has; queries analysed
        # against the new tables).
        current = current_schema(replace)
        schema = dataclasses.replace(
            adopt_ids(schema, current),
            diagram_views=current.diagram_views,
            queries=current.queries,
        )
    apply(replace, [ReplaceSchema(schema, source=source)], actor=actor)
    return replace


def session_key(request: HttpRequest) -> str:
    """The request's session key (the session is saved first when it is new)."""
    if request.session.session_key is None:
        request.session.save()
    return request.session.session_key


@collector_paused()
def stage_import(
    result: ImportResult,
    *,
    session: str,
    source: str,
    name: str,
    replace: Project | None,
    ids_from_file: bool,
) -> ImportDraft:
    """Keep an import for its preview, until the user confirms it (a day at most), with
    what the preview shows: the counts, the first PREVIEW_TABLES tables' names and the
    summary (the preview never reads the design itself)."""
    _forget_old_drafts()
    return ImportDraft.objects.create(
        session_key=session,
        source=source[:300],
        name=name,
        replace=replace,
        ids_from_file=ids_from_file,
        **_preview(result),
    )


def _forget_old_drafts() -> None:
    ImportDraft.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()


def _preview(result: ImportResult) -> dict[str, Any]:
    """A draft's fields for its preview: the design and what the page shows of it."""
    return {
        "design": dump(result.schema),
        "lines": result.lines(limit=PREVIEW_NAMES),
        "counts": result.counts,
        "tables": [str(table.qname) for table in result.schema.tables[:PREVIEW_TABLES]],
    }


@collector_paused()
@transaction.atomic
def confirm_import(draft: ImportDraft, *, slug: str, actor: Any = None) -> Project:
    """Save a previewed import, all or nothing, and forget the draft; DesignFileError
    when the draft no longer reads as a design (staged by an older version). The
    design is checked once, as ``ReplaceSchema`` applies it."""
    # The design's JSON (hundreds of MB as dicts for a big import) goes once read.
    design = ImportDraft.objects.values_list("design", flat=True).get(pk=draft.pk)
    result = ImportResult(load(design, check=False), ImportSummary())
    del design
    project = save_import(
        result,
        slug=slug,
        name=draft.name,
        replace=draft.replace,
        ids_from_file=draft.ids_from_file,
        source=draft.source,
        actor=actor,
    )
    draft.delete()
    return project


# A big import (more than IMPORT_IN_BACKGROUND_BYTES) is read, and then saved, by a
# background job (designer/tasks.py, run by `manage.py db_worker`) instead of in the
# request; the draft holds the job's state and progress, so that the preview page shows
# them, however often it is reloaded. Each job acts only on a draft in the state it
# expects, so a job run twice (offered again after its worker stopped) does nothing more.
READ_STEPS = 3  # waiting, reading, keeping the preview
SAVE_STEPS = 2  # waiting, saving


def upload_name(filename: str) -> str:
    """The name an uploaded file gives its import."""
    return filename.rsplit(".", 1)[0].replace("_", " ") or "Imported schema"


def queue_import(
    data: bytes,
    *,
    session: str,
    source: str,
    name: str,
    replace: Project | None,
    schemas: Sequence[str] | None,
) -> ImportDraft:
    """A draft that keeps ``data`` (a file's bytes, from ``source``) until a background
    job has read it; ImportFailure at once for a file that is too big."""
    from .. import tasks

    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise ImportFailure(
            f"the file is {len(data):,} bytes; the limit is {settings.MAX_UPLOAD_BYTES:,} "
            "(MAX_UPLOAD_BYTES)"
        )
    _forget_old_drafts()
    fmt = guess_format(data)
    with transaction.atomic():
        draft = ImportDraft.objects.create(
            session_key=session,
            source=source[:300],
            design=None,
            name=name,
            replace=replace,
            ids_from_file=fmt == "json",
            state=ImportDraft.State.READING,
            stage="Waiting for a worker",
            total=READ_STEPS,
            in_background=True,
            format=fmt,
            schemas=list(schemas or []),
        )
        _keep_upload(draft, data)
    tasks.read_import_draft.enqueue(str(draft.pk))
    return draft


def _keep_upload(draft: ImportDraft, data: bytes) -> None:
    """The file's bytes on the draft. On PostgreSQL they go as one binary parameter
    (psycopg's server-side binding): Django's cursor binds on the client, which sends
    20 MB as 40 MB of hex text for the server to parse again (0.4 s of the request)."""
    if connection.vendor != "postgresql":
        ImportDraft.objects.filter(pk=draft.pk).update(upload=data)
        return
    statement = sql.SQL("UPDATE {} SET upload = %b WHERE id = %s").format(
        sql.Identifier(ImportDraft._meta.db_table)
    )
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(statement, [data, draft.pk])


def _progress(draft_id: Any, state: str, stage: str, done: int, total: int) -> None:
    ImportDraft.objects.filter(pk=draft_id, state=state).update(
        stage=stage, done=done, total=total, updated_at=timezone.now()
    )


def _failed(draft_id: Any, state: str, error: str, **fields: Any) -> None:
    ImportDraft.objects.filter(pk=draft_id, state=state).update(
        state=ImportDraft.State.FAILED, error=error, updated_at=timezone.now(), **fields
    )


def _unexpected(error: BaseException) -> str:
    return (
        f"the import stopped on an unexpected error ({type(error).__name__}); "
        "start again, and report it if it happens again"
    )


@collector_paused()
def read_queued_import(draft_id: Any) -> str:
    """The background job's reading of a queued draft: the preview's fields, or the
    failure, written to the draft; what happened (for the task's result)."""
    reading = ImportDraft.State.READING
    draft = (
        ImportDraft.objects.only("source", "name", "format", "schemas", "upload")
        .filter(pk=draft_id, state=reading)
        .first()
    )
    if draft is None:
        return "not waiting"  # read already, or forgotten
    what = "the design file" if draft.format == "json" else "the SQL"
    _progress(draft_id, reading, f"Reading {what}", 1, READ_STEPS)
    data, draft.upload = bytes(draft.upload), b""
    try:
        result = read_import(
            fmt=draft.format,
            data=data,
            name=upload_name(draft.source),
            schemas=draft.schemas or None,
        )
    except ImportFailure as error:
        _failed(draft_id, reading, str(error), upload=b"")
        return "failed"
    except Exception as error:
        _failed(draft_id, reading, _unexpected(error))
        raise
    del data
    _progress(draft_id, reading, "Keeping the preview", 2, READ_STEPS)
    ImportDraft.objects.filter(pk=draft_id, state=reading).update(
        **_preview(result),
        name=draft.name or result.schema.name,
        state=ImportDraft.State.READY,
        stage="",
        done=READ_STEPS,
        upload=b"",
        updated_at=timezone.now(),
    )
    return "ready"


def queue_confirm(draft: ImportDraft, *, slug: str, actor: Any = None) -> None:
    """Have a background job save a draft read in the background (``confirm_import``'s
    work); nothing happens unless the draft is ready for it."""
    from .. import tasks

    waiting = ImportDraft.objects.filter(pk=draft.pk, state=ImportDraft.State.READY).update(
        state=ImportDraft.State.SAVING,
        slug=slug,
        stage="Waiting for a worker",
        done=0,
        total=SAVE_STEPS,
        error="",
        updated_at=timezone.now(),
    )
    if waiting:
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        tasks.save_import_draft.enqueue(str(draft.pk), actor_id)


@collector_paused()
def save_queued_import(draft_id: Any, actor_id: Any = None) -> str:
    """The background job's saving of a draft: the project saved and the draft marked
    saved (pointing at it) in one transaction, so a job that stops leaves the draft as it
    was; a refusal (a slug taken meanwhile) puts the draft back for review with the
    message, for the user to correct."""
    saving = ImportDraft.State.SAVING
    if not ImportDraft.objects.filter(pk=draft_id, state=saving).exists():
        return "not waiting"
    _progress(draft_id, saving, "Saving the project", 1, SAVE_STEPS)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        with transaction.atomic():
            draft = (
                ImportDraft.objects.select_for_update()
                .defer("design", "upload")
                .filter(pk=draft_id, state=saving)
                .first()
            )
            if draft is None:
                return "not waiting"  # another run of the job saved it
            design = ImportDraft.objects.values_list("design", flat=True).get(pk=draft_id)
            result = ImportResult(load(design, check=False), ImportSummary())
            del design
            project = save_import(
                result,
                slug=draft.slug,
                name=draft.name,
                replace=draft.replace,
                ids_from_file=draft.ids_from_file,
                source=draft.source,
                actor=actor,
            )
            ImportDraft.objects.filter(pk=draft_id).update(
                state=ImportDraft.State.SAVED,
                saved=project,
                design=None,
                stage="",
                done=SAVE_STEPS,
                updated_at=timezone.now(),
            )
    except OperationError as error:
        ImportDraft.objects.filter(pk=draft_id, state=saving).update(
            state=ImportDraft.State.READY, error=error.message, updated_at=timezone.now()
        )
        return "refused"
    except DesignFileError as error:
        _failed(draft_id, saving, f"this import cannot be saved ({error}): import it again")
        return "failed"
    except Exception as error:
        _failed(draft_id, saving, _unexpected(error))
        raise
    return "saved"


def is_stale(draft: ImportDraft) -> bool:
    """Whether a draft's job has not moved for IMPORT_JOB_STALE_SECONDS (its worker
    stopped, or none runs): the page offers to run it again."""
    limit = timezone.now() - timedelta(seconds=settings.IMPORT_JOB_STALE_SECONDS)
    return draft.running and draft.updated_at < limit


def retry_job(draft: ImportDraft) -> bool:
    """Queue a stale draft's job again (reading or saving, where it stopped)."""
    from .. import tasks

    if not is_stale(draft):
        return False
    ImportDraft.objects.filter(pk=draft.pk).update(
        stage="Waiting for a worker", done=0, updated_at=timezone.now()
    )
    if draft.state == ImportDraft.State.READING:
        tasks.read_import_draft.enqueue(str(draft.pk))
    else:
        tasks.save_import_draft.enqueue(str(draft.pk), None)
    return True
