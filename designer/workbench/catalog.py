"""The design as the analysis looks names up in it: built once per schema object.

Tables are found by qualified name, or unqualified by the search path (``public``
first, then the one schema that has the name); views and materialized views are
relations whose columns are not checked.
"""

from __future__ import annotations

from functools import cached_property

from designer.schema.model import ObjectKind, QName, Schema, Table
from designer.schema.naming import Names, assign_names, sequence_name

_VIEW_KINDS = (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)


class Catalog:
    """The lookups of one schema; per-table facts are worked out when first asked."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.tables: dict[QName, Table] = schema.tables_by_name
        self.views: set[QName] = {
            item.qname for item in schema.sql_objects if item.kind in _VIEW_KINDS
        }
        self._by_name: dict[str, list[QName]] = {}
        for name in (*self.tables, *sorted(self.views)):
            self._by_name.setdefault(name.name, []).append(name)
        # Per-table facts other modules compute (index shapes...), by (purpose, table id).
        self.memo: dict[tuple[str, str], object] = {}

    def relation(self, schema_name: str | None, name: str) -> Table | QName | None:
        """The design table (or the view's name) ``schema_name.name``, or None."""
        if schema_name:
            wanted = QName(schema_name, name)
        else:
            wanted = QName("public", name)
            if wanted not in self.tables and wanted not in self.views:
                found = self._by_name.get(name, [])
                if len(found) != 1:
                    return None
                wanted = found[0]
        if wanted in self.tables:
            return self.tables[wanted]
        return wanted if wanted in self.views else None

    @cached_property
    def names(self) -> Names:
        return assign_names(self.schema)

    @cached_property
    def taken(self) -> dict[str, set[str]]:
        """By PostgreSQL schema, the relation names in use: tables, sequences, views,
        and every constraint and index name (a new index must not take one)."""
        taken: dict[str, set[str]] = {}
        owner: dict[str, str] = {}
        for table in self.schema.tables:
            space = taken.setdefault(table.schema, set())
            space.add(table.name)
            owner[table.id] = table.schema
            for column in table.columns:
                owner[column.id] = table.schema
                if column.generated.value:
                    space.add(sequence_name(table, column.name))
            for item in (*table.uniques, *table.checks, *table.indexes):
                owner[item.id] = table.schema
        for relationship in self.schema.relationships:
            owner[relationship.id] = relationship.from_table.schema
        for sequence in self.schema.sequences:
            taken.setdefault(sequence.schema, set()).add(sequence.name)
        for view in self.views:
            taken.setdefault(view.schema, set()).add(view.name)
        for (_, object_id), name in self.names.by_id.items():
            taken.setdefault(owner.get(object_id, "public"), set()).add(name)
        return taken


def catalog(schema: Schema) -> Catalog:
    """The lookups of ``schema``, built once per schema object."""
    return schema.derived(Catalog)
