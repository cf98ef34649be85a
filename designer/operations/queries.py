"""Saved queries: the queries the application runs, kept with the design (the query
workbench, ``designer.workbench``). A query is checked here, once, for every way it is
saved: a name unique in the project (casefold), at most ``MAX_NAME_LENGTH`` characters,
and SQL that is exactly one statement PostgreSQL's parser accepts
(``designer.workbench.analysis.parse_error``: refused with its line and column). A name
the design does not have is not refused: the analysis shows it as an error, and the
design review has a finding for it.

Adding the index a query needs is the existing ``AddIndex`` (with ``EditProject``'s
extensions when the index needs one), applied as one change by the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

from designer.schema.model import Frequency, SavedQuery, Schema

from .base import Gone, Invalid, Operation, new_id
from .objects import SqlInvalid

MAX_NAME_LENGTH = 100
MAX_SQL_CHARS = 100_000
MAX_NOTE_LENGTH = 10_000


def checked_query(
    schema: Schema, query_id: str, name: str, sql: str, frequency: str, note: str
) -> SavedQuery:
    """The saved query these inputs describe; ``Invalid`` naming the input that is wrong."""
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name:
        raise Invalid("Give the query a name.", "name")
    if len(name) > MAX_NAME_LENGTH:
        raise Invalid(f"A query's name has at most {MAX_NAME_LENGTH} characters.", "name")
    taken = {query.name.casefold() for query in schema.queries if query.id != query_id}
    if name.casefold() in taken:
        raise Invalid(f"There is a query named “{name}” already.", "name")
    try:
        chosen = Frequency(frequency)
    except ValueError:
        raise Invalid("Choose how often the query runs.", "frequency") from None
    note = note if isinstance(note, str) else ""
    if len(note) > MAX_NOTE_LENGTH:
        raise Invalid(f"A note has at most {MAX_NOTE_LENGTH:,} characters.", "note")
    sql = sql if isinstance(sql, str) else ""
    if not sql.strip():
        raise Invalid("Write the query's SQL.", "sql")
    if len(sql) > MAX_SQL_CHARS:
        raise Invalid(f"A query's SQL has at most {MAX_SQL_CHARS:,} characters.", "sql")
    for text, input_name in ((name, "name"), (sql, "sql"), (note, "note")):
        if "\x00" in text:
            raise Invalid("The text holds a NUL character: PostgreSQL cannot keep it.", input_name)
    # (imported here: the analysis imports the model, not the operations)
    from designer.workbench.analysis import parse_error

    if (error := parse_error(sql)) is not None:
        message = error.message.strip() or "Not one SQL statement"
        raise SqlInvalid(f"{message[:1].upper()}{message[1:]}", error.line, error.column)
    return SavedQuery(id=query_id, name=name, sql=sql, frequency=chosen, note=note)


def find_query(schema: Schema, query_id: str) -> tuple[int, SavedQuery]:
    for position, query in enumerate(schema.queries):
        if query.id == query_id:
            return position, query
    raise Gone("That query no longer exists: someone deleted it.")


@dataclass(frozen=True)
class AddQuery(Operation):
    """A new saved query, after the others."""

    kind: ClassVar[str] = "add_query"
    name: str
    sql: str
    frequency: str = Frequency.PER_REQUEST.value
    note: str = ""
    id: str = field(default_factory=new_id)

    def apply(self, schema: Schema) -> Schema:
        if any(query.id == self.id for query in schema.queries):
            raise Invalid("That query exists already.")
        query = checked_query(schema, self.id, self.name, self.sql, self.frequency, self.note)
        return replace(schema, queries=(*schema.queries, query))

    def describe(self, schema: Schema) -> str:
        return f"Added the query {_shown(self.name)}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({f"query:{self.id}"})


@dataclass(frozen=True)
class ChangeQuery(Operation):
    """A query's name, SQL, frequency and note, all given again (the form holds them all)."""

    kind: ClassVar[str] = "change_query"
    query_id: str
    name: str
    sql: str
    frequency: str = Frequency.PER_REQUEST.value
    note: str = ""

    def apply(self, schema: Schema) -> Schema:
        position, _ = find_query(schema, self.query_id)
        query = checked_query(schema, self.query_id, self.name, self.sql, self.frequency, self.note)
        queries = list(schema.queries)
        queries[position] = query
        return replace(schema, queries=tuple(queries))

    def describe(self, schema: Schema) -> str:
        try:
            _, query = find_query(schema, self.query_id)
        except Gone:
            return f"Changed the query {_shown(self.name)}"
        if query.name != _shown(self.name):
            return f"Changed the query {query.name} (now {_shown(self.name)})"
        return f"Changed the query {query.name}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({f"query:{self.query_id}"})


@dataclass(frozen=True)
class RemoveQuery(Operation):
    kind: ClassVar[str] = "remove_query"
    query_id: str

    def apply(self, schema: Schema) -> Schema:
        position, _ = find_query(schema, self.query_id)
        queries = schema.queries
        return replace(schema, queries=queries[:position] + queries[position + 1 :])

    def describe(self, schema: Schema) -> str:
        try:
            _, query = find_query(schema, self.query_id)
        except Gone:
            return "Removed a query"
        return f"Removed the query {query.name}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({f"query:{self.query_id}"})


def _shown(name: str) -> str:
    return (name or "").strip() if isinstance(name, str) else ""
