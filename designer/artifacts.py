"""The downloadable artifacts: each format's file name, content type and generator.

One registry serves the command line (``export_schema --format``) and the download
views, so that a file is the same whichever way it is fetched. Nothing here imports
Django.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .generators import ddl, mermaid
from .schema import design_file
from .schema.model import Schema


@dataclass(frozen=True)
class Artifact:
    format: str
    filename: str
    content_type: str
    render: Callable[[Schema], str]


ARTIFACTS: dict[str, Artifact] = {
    "sql": Artifact("sql", "schema.sql", "application/sql", ddl.generate),
    "mermaid": Artifact("mermaid", "erd.mmd", "text/plain", mermaid.generate),
    "json": Artifact(
        "json",
        "design.json",
        "application/json",
        design_file.dumps,
    ),
}
