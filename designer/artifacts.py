"""The downloadable artifacts: each format's file name, content type and generator.

One registry serves the command line (``export_schema --format``) and the download
views, so that a file is the same whichever way it is fetched. Nothing here imports
Django.

The render contract: ``Artifact.render(schema, findings, previous)`` returns ``str`` for a
text format and ``bytes`` for a binary one (``binary=True``: the zip); ``findings`` are the
project's design-review findings (with its profile and suppressions) for the formats that
show them (``reviewed``: the document, and the zip that holds it), or None to review with
the defaults; ``previous`` is the version the design migrates from, ``(name, schema)``,
which the document's section 7 shows the migration from (None: there is none).
``Artifact.content(schema, findings, previous)`` is always the bytes to send or write
(text as UTF-8), and ``Artifact.media_type`` the Content-Type to send them with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import bundle
from .generators import dbml, ddl, document, mermaid, sample_data, sqlmodel
from .lint.findings import Finding
from .schema import design_file
from .schema.model import Schema

Findings = tuple[Finding, ...] | None
Previous = tuple[str, Schema] | None  # the version a design migrates from: (name, schema)
Render = Callable[[Schema, Findings, Previous], str | bytes]


def _of_schema(generate: Callable[[Schema], str]) -> Render:
    """A generator that shows no review and no migration, as a render function."""
    return lambda schema, findings, previous: generate(schema)


def _document(schema: Schema, findings: Findings, previous: Previous) -> str:
    options = document.DocumentOptions(findings=findings, previous=previous)
    return document.generate(schema, options)


@dataclass(frozen=True)
class Artifact:
    format: str
    filename: str
    content_type: str
    render: Render  # str for text, bytes when binary
    description: str = ""
    binary: bool = False
    reviewed: bool = False  # shows the design review: render it with the project's findings

    @property
    def media_type(self) -> str:
        """The Content-Type header: text formats say they are UTF-8."""
        return self.content_type if self.binary else f"{self.content_type}; charset=utf-8"

    def content(
        self, schema: Schema, findings: Findings = None, previous: Previous = None
    ) -> bytes:
        """The file's bytes (text encoded as UTF-8)."""
        rendered = self.render(schema, findings, previous)
        return rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")


# The files of the bundle, in the order the zip (and the export menu) lists them.
FILES: tuple[Artifact, ...] = (
    Artifact(
        "sql",
        "schema.sql",
        "application/sql",
        _of_schema(ddl.generate),
        "PostgreSQL DDL: enum types, tables with named constraints, indexes, the "
        "`updated_at` trigger, comments; one transaction.",
    ),
    Artifact(
        "sqlmodel",
        "models.py",
        "text/x-python",
        _of_schema(sqlmodel.generate),
        "SQLModel classes: a table model and Create / Update / Read models per table.",
    ),
    Artifact(
        "mermaid",
        "erd.mmd",
        "text/plain",
        _of_schema(mermaid.generate),
        "The entity relationship diagram, as Mermaid source.",
    ),
    Artifact(
        "dbml",
        "schema.dbml",
        "text/plain",
        _of_schema(dbml.generate),
        "The schema in DBML, for dbdiagram.io and other DBML tools (what DBML cannot say, "
        "such as CHECK constraints and partial indexes, is written as comments).",
    ),
    Artifact(
        "markdown",
        "DATABASE_SCHEMA.md",
        "text/markdown",
        _document,
        "The schema document: overview, tables, diagram, models, indexes, sample data, "
        "migration, integrity rules, queries, maintenance.",
        reviewed=True,
    ),
    Artifact(
        "sample-data",
        "sample_data.sql",
        "application/sql",
        _of_schema(sample_data.generate),
        "Sample rows for every table, to load after `schema.sql`.",
    ),
    Artifact(
        "json",
        "design.json",
        "application/json",
        _of_schema(design_file.dumps),
        "The design file: the whole design, to import into another installation.",
    ),
)


def _bundle(schema: Schema, findings: Findings, previous: Previous) -> bytes:
    return bundle.build(schema, FILES, findings, previous)


ARTIFACTS: dict[str, Artifact] = {
    artifact.format: artifact
    for artifact in (
        *FILES,
        Artifact(
            "zip",
            "schema.zip",
            "application/zip",
            _bundle,
            "Every file above in one zip, with a README.",
            binary=True,
            reviewed=True,
        ),
    )
}
