"""Importing a schema into the store, for the command line and the Import page alike.

``read_import`` turns a file's bytes (PostgreSQL DDL or a JSON design file) or a live
database's URL into an ``ImportResult`` without touching the store; ``save_import``
writes one, as a new project or as one ``ReplaceSchema`` change of an existing project
(undoable), in one transaction. The Import page keeps an import for its preview
(``stage_import``) and saves it when confirmed (``confirm_import``).
Every failure is an ``ImportFailure`` with a one-line message; nothing is half saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from ..importers.live import import_live
from ..importers.sql import import_sql
from ..importers.summary import ImportFailure, ImportResult, ImportSummary
from ..models import ImportDraft, Project
from ..operations import ReplaceSchema
from ..schema.design_file import DesignFileError, dump, load, loads
from ..schema.ids import adopt_ids, with_new_ids
from ..store import current_schema, ids_in_use
from .edits import apply, create_project

FORMATS = ("sql", "json", "live")


def guess_format(data: bytes) -> str:
    """``json`` for a design file (a JSON object), ``sql`` for anything else."""
    return "json" if data.lstrip()[:1] == b"{" else "sql"


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
        return import_live(url, schemas=list(schemas or ["public"]))
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
            schema=with_new_ids(schema),
            source=source,
            actor=actor,
        )
    if ids_from_file:
        if ids_in_use(schema, exclude=replace):
            schema = with_new_ids(schema)
    else:
        schema = adopt_ids(schema, current_schema(replace))
    apply(replace, [ReplaceSchema(schema, source=source)], actor=actor)
    return replace


def session_key(request: HttpRequest) -> str:
    """The request's session key (the session is saved first when it is new)."""
    if request.session.session_key is None:
        request.session.save()
    return request.session.session_key


def stage_import(
    result: ImportResult,
    *,
    session: str,
    source: str,
    name: str,
    replace: Project | None,
    ids_from_file: bool,
) -> ImportDraft:
    """Keep an import for its preview, until the user confirms it (a day at most)."""
    ImportDraft.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()
    return ImportDraft.objects.create(
        session_key=session,
        source=source[:300],
        design=dump(result.schema),
        lines=result.lines(),
        name=name,
        replace=replace,
        ids_from_file=ids_from_file,
    )


@transaction.atomic
def confirm_import(draft: ImportDraft, *, slug: str, actor: Any = None) -> Project:
    """Save a previewed import, all or nothing, and forget the draft."""
    result = ImportResult(load(draft.design), ImportSummary())
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
