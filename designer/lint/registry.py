"""Rules, their registration, and the profiles that give each rule its severity.

A rule is a small pure function registered with ``@rule(...)``: it receives the
review's ``Context`` and one table (or, with ``@enum_rule``, one enum type; with
``@query_rule``, one saved query) and yields ``Issue`` values. The rule declares its
severity in each profile; ``None`` turns it off there. The table of every rule's
severities is ``designer/lint/RULES.md``, written from this registry by ``rules_table()``
(a test keeps the two in step).

Rules run in a fixed order: families in ``FAMILIES`` order, and within a family in the
order the module registers them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from designer.schema.model import REVIEW_PROFILES, EnumType, SavedQuery, Table

from .findings import Issue, Severity

if TYPE_CHECKING:
    from .context import Context

TableCheck = Callable[["Context", Table], Iterable[Issue]]
EnumCheck = Callable[["Context", EnumType], Iterable[Issue]]
QueryCheck = Callable[["Context", SavedQuery], Iterable[Issue]]

FAMILIES = (
    "keys",
    "timestamps",
    "foreign_keys",
    "integrity",
    "column_types",
    "nullability",
    "sensitivity",
    "indexes",
    "names",
    "normalization",
    "queries",
)


@dataclass(frozen=True)
class Profile:
    """A review profile: which rules apply and how severe each one is."""

    name: str
    description: str
    max_indexes: int = 8  # more indexes than this on one table is reported

    def severity(self, rule: Rule) -> Severity | None:
        return rule.severities.get(self.name)


STRICT = Profile(
    "strict",
    "An expert designer's standards: keys per the project's strategy, timestamps everywhere, every "
    "foreign key indexed with an explicit ON DELETE, bounded strings.",
    max_indexes=8,
)
RELAXED = Profile(
    "relaxed",
    "Errors stay errors; the other standards become hints and naming style is not reviewed.",
    max_indexes=12,
)
PROFILES: dict[str, Profile] = {profile.name: profile for profile in (STRICT, RELAXED)}
DEFAULT_PROFILE = STRICT.name
# The schema model names the profiles a design may choose (it cannot import the review).
assert tuple(PROFILES) == REVIEW_PROFILES, "designer.schema.model.REVIEW_PROFILES is stale"


@dataclass
class Rule:
    id: str
    family: str
    title: str
    severities: dict[str, Severity | None]
    check: TableCheck | None = None
    check_enum: EnumCheck | None = None
    check_query: QueryCheck | None = None
    order: int = field(default=0, compare=False)


_REGISTERED: dict[str, Rule] = {}


def rule(
    rule_id: str, *, title: str, strict: Severity | None, relaxed: Severity | None
) -> Callable[[TableCheck], TableCheck]:
    """Register a table rule: ``@rule("fk-unindexed", title=..., strict=..., relaxed=...)``."""

    def register(check: TableCheck) -> TableCheck:
        _entry(rule_id, check.__module__, title, strict, relaxed).check = check
        return check

    return register


def enum_rule(
    rule_id: str, *, title: str, strict: Severity | None, relaxed: Severity | None
) -> Callable[[EnumCheck], EnumCheck]:
    """Register an enum-type check, under a rule id of its own or a table rule's."""

    def register(check: EnumCheck) -> EnumCheck:
        _entry(rule_id, check.__module__, title, strict, relaxed).check_enum = check
        return check

    return register


def query_rule(
    rule_id: str, *, title: str, strict: Severity | None, relaxed: Severity | None
) -> Callable[[QueryCheck], QueryCheck]:
    """Register a check of one saved query (the query workbench's queries)."""

    def register(check: QueryCheck) -> QueryCheck:
        _entry(rule_id, check.__module__, title, strict, relaxed).check_query = check
        return check

    return register


def _entry(
    rule_id: str, module: str, title: str, strict: Severity | None, relaxed: Severity | None
) -> Rule:
    family = module.rsplit(".", 1)[-1]
    if family not in FAMILIES:
        raise ValueError(f"rule {rule_id}: {module} is not a rule family")
    existing = _REGISTERED.get(rule_id)
    if existing is None:
        existing = Rule(
            rule_id,
            family,
            title,
            {STRICT.name: strict, RELAXED.name: relaxed},
            order=len(_REGISTERED),
        )
        _REGISTERED[rule_id] = existing
    return existing


def rules() -> tuple[Rule, ...]:
    """Every rule, in review order."""
    from . import (  # noqa: F401 - importing a family registers its rules
        column_types,
        foreign_keys,
        indexes,
        integrity,
        keys,
        names,
        normalization,
        nullability,
        queries,
        sensitivity,
        timestamps,
    )

    return tuple(
        sorted(_REGISTERED.values(), key=lambda item: (FAMILIES.index(item.family), item.order))
    )


def rules_table() -> str:
    """The Markdown table of every rule and its severity per profile (RULES.md's body)."""
    names = list(PROFILES)
    lines = [
        "| rule | family | what it reports | " + " | ".join(names) + " |",
        "|---|---|---|" + "---|" * len(names),
    ]
    for item in rules():
        cells = [str(item.severities.get(name) or "off") for name in names]
        family = item.family.replace("_", " ")
        lines.append(f"| `{item.id}` | {family} | {item.title} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
