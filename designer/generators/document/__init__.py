"""The schema document (``DATABASE_SCHEMA.md``): the seeds' ten-section deliverable.

``generate(schema, options)`` writes Markdown with exactly these top headings, in order:
``# Database Schema Design``, then ``## 1. Overview`` ... ``## 10. Maintenance
Recommendations`` (``SECTIONS``). Everything in it is derived from the schema, and every
piece of SQL or code is the text another generator writes, never a second copy:

- section 2 shows each table's ``ddl.table_block`` (with the ``ALTER TABLE`` of keys
  that close a cycle) and, before the first table, the schemas, enum types and trigger
  function the DDL creates first — so section 2 in order is the whole DDL;
- section 3 is ``mermaid.generate``, section 4 ``sqlmodel.generate``, section 6
  ``sample_data.generate``, section 7 ``migration.up`` / ``down`` /
  ``verification_query``, section 9 ``queries.examples``.

The pipeline: ``Context`` computes what several sections share once (the creation plan
and names, the sample data, the query examples); each section is a function of the
context returning its Markdown body. ``SECTIONS`` is a tuple of (heading, function), so
that a later section (a design review) is one more entry. User text goes through
``markdown.text`` / ``code`` / ``fence`` so that it renders as written and cannot inject
HTML (see ``markdown``). Same input, byte-identical output; no timestamps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from designer.schema.model import Schema

from . import (
    embedded,
    index_strategy,
    integrity,
    maintenance,
    migration_strategy,
    overview,
    query_examples,
    tables,
)
from .context import Context, DocumentOptions
from .markdown import one_line, text

TITLE = "# Database Schema Design"

Section = tuple[str, Callable[[Context], str]]

SECTIONS: tuple[Section, ...] = (
    ("1. Overview", overview.section),
    ("2. Tables", tables.section),
    ("3. Entity Relationship Diagram", embedded.diagram_section),
    ("4. SQLModel Classes", embedded.sqlmodel_section),
    ("5. Index Strategy", index_strategy.section),
    ("6. Sample Data", embedded.sample_data_section),
    ("7. Migration Strategy", migration_strategy.section),
    ("8. Data Integrity Rules", integrity.section),
    ("9. Query Examples", query_examples.section),
    ("10. Maintenance Recommendations", maintenance.section),
)


@dataclass(frozen=True)
class Document:
    """The document as its parts, for a page that shows one section at a time."""

    title: str
    sections: tuple[tuple[str, str], ...]  # (heading, Markdown body)

    def markdown(self) -> str:
        parts = [self.title]
        parts += [f"## {heading}\n\n{body}" for heading, body in self.sections]
        return "\n\n".join(parts) + "\n"


def build(schema: Schema, options: DocumentOptions | None = None) -> Document:
    context = Context.of(schema, options or DocumentOptions())
    title = TITLE + "\n\n" + _subtitle(schema)
    sections = tuple((heading, render(context).strip()) for heading, render in SECTIONS)
    return Document(title, sections)


def generate(schema: Schema, options: DocumentOptions | None = None) -> str:
    """The whole document as Markdown: same input, byte-identical output."""
    return build(schema, options).markdown()


def _subtitle(schema: Schema) -> str:
    name = f"**{text(schema.name)}**" if one_line(schema.name) else "**Schema**"
    if one_line(schema.description):
        return f"{name}: {text(schema.description)}"
    return name


__all__ = ["SECTIONS", "Context", "Document", "DocumentOptions", "build", "generate"]
