"""The design review's side of the design: one-click fixes and accepted findings.

A finding's one-click fix (``designer.lint.findings.Fix``) is carried out by the
operation that makes the same change in the editor (``fix_operation``), so a fix
follows the project's standards exactly as the editor does. ``ApplyFix`` names the
finding by its key and the fix by its position, and finds both again in a fresh review
of the schema it applies to: nothing of the fix is taken from a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

from designer.lint import findings as fixes
from designer.lint import lint
from designer.lint.findings import Finding
from designer.schema.model import Schema, Suppression

from .base import Gone, Invalid, Operation, new_id
from .constraints import AddIndex, DeleteConstraint
from .entities import AddPrimaryKey, AddTimestamps
from .fields import EditField
from .lookup import find_column, find_table
from .relationships import EditRelationship


def fix_operation(schema: Schema, fix: fixes.Fix, new: str) -> Operation:
    """The operation that carries out ``fix``; ``new`` is the id it creates from."""
    match fix:
        case fixes.SetOnDelete():
            return EditRelationship(fix.relationship, {"on_delete": fix.action.value})
        case fixes.AddIndex():
            _, table = find_table(schema, fix.table)
            names = []
            for column_id in fix.columns:
                found, _, column = find_column(schema, column_id)
                if found.id != table.id:
                    raise Gone(f"That column is no longer in {table.name}.")
                names.append(column.name)
            elements = tuple({"column": name} for name in names)
            return AddIndex(fix.table, elements, rationale=fix.rationale, id=new)
        case fixes.DropIndex():
            return DeleteConstraint("index", fix.index)
        case fixes.AddTimestamps():
            return AddTimestamps(fix.table, id=new)
        case fixes.AddPrimaryKey():
            return AddPrimaryKey(fix.table, fix.strategy.value, id=new)
        case fixes.MarkSensitive():
            return EditField(fix.column, {"sensitive": True})
        case fixes.SetNotNull():
            return EditField(fix.column, {"nullable": False})
        case fixes.UseIdentity():
            _, _, column = find_column(schema, fix.column)
            if column.generated.value != "serial":
                raise Invalid(f"{column.name} is not serial.")
            return EditField(fix.column, {"generated": "identity_by_default"})
        case fixes.SetColumnType():
            t = fix.type
            return EditField(
                fix.column,
                {
                    "data_type": t.base,
                    "length": t.length,
                    "precision": t.precision,
                    "scale": t.scale,
                    "is_array": t.array,
                },
            )
    raise Invalid(f"Unknown fix {type(fix).__name__}.")


def find_finding(schema: Schema, rule: str, target: str) -> Finding:
    """The finding of ``rule`` on ``target`` in a fresh review of the schema."""
    for finding in lint(schema, schema.review_profile, schema.suppressions):
        if finding.key == (rule, target):
            return finding
    raise Gone("That finding is gone: the design changed since the review was shown.")


def _target_ids(target: str) -> frozenset[str]:
    """The object ids a finding's target key names (``table=<id>;columns=<id>,<id>``)."""
    ids = set()
    for part in target.split(";"):
        _, _, value = part.partition("=")
        ids.update(item for item in value.split(",") if item)
    return frozenset(ids)


@dataclass(frozen=True)
class ApplyFix(Operation):
    """Apply the ``choice``-th one-click fix of the finding ``(rule, target)``."""

    kind: ClassVar[str] = "apply_fix"
    rule: str
    target: str
    choice: int = 0
    id: str = field(default_factory=new_id)

    def operation(self, schema: Schema) -> tuple[Finding, Operation]:
        finding = find_finding(schema, self.rule, self.target)
        if not 0 <= self.choice < len(finding.auto_fixes):
            raise Invalid("That fix is not offered for this finding.")
        return finding, fix_operation(schema, finding.auto_fixes[self.choice], self.id)

    def apply(self, schema: Schema) -> Schema:
        return self.operation(schema)[1].apply(schema)

    def describe(self, schema: Schema) -> str:
        try:
            finding, _ = self.operation(schema)
        except (Gone, Invalid):
            return f"Fixed a {self.rule} finding"
        label = finding.auto_fixes[self.choice].label
        return f"Fixed: {label}" if label else f"Fixed a {self.rule} finding"

    def targets(self, schema: Schema) -> frozenset[str]:
        return _target_ids(self.target)


@dataclass(frozen=True)
class Suppress(Operation):
    """Accept the finding ``(rule, target)`` on purpose, saying why."""

    kind: ClassVar[str] = "suppress"
    rule: str
    target: str
    reason: str

    def apply(self, schema: Schema) -> Schema:
        if not self.reason.strip():
            raise Invalid("Say why this finding is accepted.", "reason")
        find_finding(replace(schema, suppressions=()), self.rule, self.target)
        kept = tuple(item for item in schema.suppressions if (item.rule, item.target) != self._key)
        accepted = Suppression(self.rule, self.target, self.reason.strip())
        return replace(schema, suppressions=(*kept, accepted))

    @property
    def _key(self) -> tuple[str, str]:
        return (self.rule, self.target)

    def describe(self, schema: Schema) -> str:
        return f"Accepted a {self.rule} finding: {self.reason.strip()}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({f"review:{self.rule} {self.target}"})


@dataclass(frozen=True)
class Unsuppress(Operation):
    """Open an accepted finding again."""

    kind: ClassVar[str] = "unsuppress"
    rule: str
    target: str

    def apply(self, schema: Schema) -> Schema:
        kept = tuple(
            item
            for item in schema.suppressions
            if (item.rule, item.target) != (self.rule, self.target)
        )
        if len(kept) == len(schema.suppressions):
            raise Gone("That finding is not accepted any more.")
        return replace(schema, suppressions=kept)

    def describe(self, schema: Schema) -> str:
        return f"Opened a {self.rule} finding again"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({f"review:{self.rule} {self.target}"})
