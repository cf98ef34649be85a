"""Importing a schema into the store, for the command line and the Import page alike.

``read_import`` turns a file's bytes (PostgreSQL DDL or a JSON design file) or a live
database's URL into an ``ImportResult`` without touching the store; ``save_import``
writes one, as a new project or replacing a project's contents, in one transaction.
Every failure is an ``ImportFailure`` with a one-line message; nothing is half saved.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction

from ..importers.live import import_live
from ..importers.sql import import_sql
from ..importers.summary import ImportFailure, ImportResult, ImportSummary
from ..models import Project
from ..schema.design_file import DesignFileError, loads
from ..store import create_project, replace_schema

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


@transaction.atomic
def save_import(
    result: ImportResult, *, slug: str, name: str = "", replace: Project | None = None
) -> Project:
    """A new project ``slug`` holding the import, or ``replace``'s contents replaced."""
    if replace is not None:
        replace_schema(replace, result.schema)
        return replace
    return create_project(name=name or result.schema.name or slug, slug=slug, schema=result.schema)
