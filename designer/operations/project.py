"""The project as a whole: its settings, and replacing its whole design (an import)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

from designer.schema.design_file import DesignFileError, dump, load
from designer.schema.limits import PG_VERSIONS
from designer.schema.model import REVIEW_PROFILES, KeyStrategy, Schema

from .base import Invalid, Operation

PROJECT_ATTRIBUTES = (
    "name",
    "description",
    "pg_version",
    "key_strategy",
    "timestamps_default",
    "extensions",
    "review_profile",
)


@dataclass(frozen=True)
class EditProject(Operation):
    """Change the project's settings: ``values`` holds some of ``PROJECT_ATTRIBUTES``."""

    kind: ClassVar[str] = "edit_project"
    values: dict[str, Any]

    def apply(self, schema: Schema) -> Schema:
        values = self.values
        if unknown := sorted(set(values) - set(PROJECT_ATTRIBUTES)):
            raise Invalid(f"A project has no setting {unknown[0]!r}.")
        changes: dict[str, Any] = {}
        if "name" in values:
            name = (values["name"] or "").strip()
            if not name:
                raise Invalid("Give the project a name.", "name")
            changes["name"] = name
        if "description" in values:
            changes["description"] = values["description"] or ""
        if "pg_version" in values:
            if values["pg_version"] not in PG_VERSIONS:
                raise Invalid("Choose a PostgreSQL version from 13 to 18.", "pg_version")
            changes["pg_version"] = values["pg_version"]
        if "key_strategy" in values:
            changes["key_strategy"] = KeyStrategy(values["key_strategy"])
        if "timestamps_default" in values:
            changes["timestamps_default"] = bool(values["timestamps_default"])
        if "extensions" in values:
            changes["extensions"] = tuple(values["extensions"])
        if "review_profile" in values:
            if values["review_profile"] not in REVIEW_PROFILES:
                raise Invalid("Choose strict or relaxed.", "review_profile")
            changes["review_profile"] = values["review_profile"]
        return replace(schema, **changes)

    def describe(self, schema: Schema) -> str:
        if set(self.values) == {"name"}:
            return f"Renamed the project to {self.values['name']}"
        return "Changed the project's settings"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({"project"})


@dataclass(frozen=True)
class ReplaceSchema(Operation):
    """Replace the whole design (tables, types, settings, review) by ``schema``; the
    project keeps its name. Objects keep their rows where the ids match."""

    kind: ClassVar[str] = "replace_schema"
    schema: Schema
    source: str = ""  # what it came from, for the history: "pagila.sql"

    def apply(self, schema: Schema) -> Schema:
        return replace(self.schema, name=schema.name)

    def describe(self, schema: Schema) -> str:
        tables = len(self.schema.tables)
        where = f" from {self.source}" if self.source else ""
        return f"Replaced the design{where} ({tables} table{'s' if tables != 1 else ''})"

    def to_data(self) -> dict[str, Any]:
        return {"op": self.kind, "schema": dump(self.schema), "source": self.source}

    @classmethod
    def from_fields(cls, data: dict[str, Any]) -> ReplaceSchema:
        try:
            schema = load(data["schema"])
        except (DesignFileError, KeyError) as error:
            raise TypeError(f"not a design: {error}") from None
        return cls(schema=schema, source=data.get("source", ""))
