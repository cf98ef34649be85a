"""What several sections of the document share, computed once per document."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from designer.generators import ddl, queries, sample_data
from designer.generators.ddl import CreationPlan
from designer.generators.sqlmodel.plan import ModulePlan
from designer.generators.sqlmodel.plan import plan as plan_models
from designer.generators.sqlmodel.render import render as render_models
from designer.lint.findings import Finding
from designer.schema.model import QName, Relationship, SavedQuery, Schema, Table
from designer.schema.naming import Names

if TYPE_CHECKING:
    from designer.workbench.analysis import QueryAnalysis


@dataclass(frozen=True)
class DocumentOptions:
    sample_rows: int = 5  # rows per table in section 6
    seed: int = 1  # of the sample data
    # The design review's findings (with suppressions); None: review with the defaults.
    findings: tuple[Finding, ...] | None = None
    # The version this design migrates from, (name, schema): section 7 shows that
    # migration; None: only the initial migration.
    previous: tuple[str, Schema] | None = None


@dataclass(frozen=True)
class Context:
    schema: Schema
    options: DocumentOptions
    plan: CreationPlan

    @classmethod
    def of(cls, schema: Schema, options: DocumentOptions) -> Context:
        return cls(schema, options, ddl.creation_plan(schema))

    @property
    def names(self) -> Names:
        return self.plan.names

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables in creation order (a table after the tables it references)."""
        return self.plan.tables

    @cached_property
    def sample(self) -> sample_data.SampleData:
        options = sample_data.SampleDataOptions(self.options.sample_rows, self.options.seed)
        return sample_data.build(self.schema, options)

    @cached_property
    def models(self) -> ModulePlan:
        """The SQLModel generator's plan: its class and field names (sections 4 and 8)."""
        return plan_models(self.schema)

    @cached_property
    def sqlmodel_source(self) -> str:
        # What sqlmodel.generate(schema) returns, from the plan computed once for both
        # sections (the tests hold the two equal).
        return render_models(self.models, api_models=True)

    @cached_property
    def examples(self) -> tuple[queries.QueryExample, ...]:
        return queries.examples(self.schema)

    @cached_property
    def query_analyses(self) -> dict[str, QueryAnalysis]:
        """The saved queries' analyses by query id (none without saved queries)."""
        if not self.schema.queries:
            return {}
        from designer.workbench.analysis import analyses

        return analyses(self.schema)

    @cached_property
    def index_usage(self) -> dict[str, tuple[SavedQuery, ...]]:
        """The saved queries each index, primary key and unique constraint serves, by the
        id of the index, constraint, column (its UNIQUE) or table (its primary key)."""
        if not self.schema.queries:
            return {}
        from designer.workbench.analysis import index_usage

        return index_usage(self.schema)

    @cached_property
    def junctions(self) -> frozenset[QName]:
        return frozenset(t.qname for t in self.schema.tables if queries.is_junction(self.schema, t))

    def deferred_keys(self, table: Table) -> tuple[Relationship, ...]:
        """The table's foreign keys that the DDL adds after every table exists (cycles)."""
        return self._deferred_by_table.get(table.qname, ())

    @cached_property
    def _deferred_by_table(self) -> dict[QName, tuple[Relationship, ...]]:
        by_table: dict[QName, list[Relationship]] = {}
        for rel in self.plan.deferred:
            by_table.setdefault(rel.from_table, []).append(rel)
        return {name: tuple(keys) for name, keys in by_table.items()}


def label(name: QName) -> str:
    """A table or type as people read it: ``todos``, ``sales.orders``."""
    return str(name)


def columns_label(name: QName, columns: tuple[str, ...]) -> str:
    """Columns of a table as people read them: ``todos.user_id``, ``t.(a, b)``."""
    if len(columns) == 1:
        return f"{name}.{columns[0]}"
    return f"{name}.({', '.join(columns)})"
