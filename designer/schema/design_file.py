"""The JSON design file: one project's whole schema, lossless and versioned.

Layout (version 2)::

    {
      "format": "pg-schema-designer",
      "version": 1,
      "project": {"name", "description", "pg_version", "key_strategy",
                  "timestamps_default", "extensions": [...]},
      "enums": [{"id", "schema", "name", "values": [...], "description"}],
      "tables": [{
        "id", "schema", "name", "description", "timestamps",
        "primary_key": {"name": null | str, "columns": [...]} | null,
        "columns": [{"id", "name",
                     "type": {"base", "length", "precision", "scale", "array",
                              "enum": {"schema", "name"} | null},
                     "nullable", "default", "generated", "unique", "check",
                     "description", "sensitive",
                     "validation": {"min_length", "max_length", "ge", "le", "pattern"}}],
        "uniques": [{"id", "name", "columns", "nulls_not_distinct"}],
        "checks": [{"id", "name", "expression"}],
        "indexes": [{"id", "name", "unique", "method", "where", "include", "rationale",
                     "elements": [{"column", "expression", "descending", "nulls",
                                   "opclass"}]}]
      }],
      "relationships": [{"id", "name", "kind", "on_delete", "on_update", "deferral",
                         "from": {"schema", "table", "columns"},
                         "to": {"schema", "table", "columns"},
                         "from_attribute", "to_attribute"}],
      "many_to_many": [{"id", "left", "right", "through" (each {"schema", "name"}),
                        "left_attribute", "right_attribute"}],
      "review": {"profile": "strict" | "relaxed",
                 "suppressions": [{"rule", "target", "reason"}]},
      "diagram_views": [{"id", "name", "mode": "tables" | "schemas" | "around",
                         "tables": [table ids], "schemas": [...], "center": table id | "",
                         "hops"}],
      "domains": [{"id", "schema", "name", "type": {...as a column's}, "nullable",
                   "default", "checks": [{"id", "name", "expression", "not_valid"}],
                   "description"}],
      "sequences": [{"id", "schema", "name", "data_type", "start", "increment",
                     "min_value", "max_value", "cache", "cycle",
                     "owned_by": {"schema", "table", "column"} | null, "description"}],
      "sql_objects": [{"id", "kind", "schema", "name", "sql", "depends_on": [{"schema",
                       "name"}], "reads": [...], "columns": [...], "description"}],
      "queries": [{"id", "name", "sql", "frequency": "per_request" | "per_minute" |
                   "hourly" | "daily" | "rare", "note"}]
    }

Every key is written, in this order, so files diff well — but these, written only when
they differ from their default so that a design without them keeps its file:
``diagram_views``, ``domains``, ``sequences``, ``sql_objects``, ``queries`` (a file
without them reads as none); a column type's ``domain``; a check's or relationship's
``not_valid`` (true); a table's ``partition_by``, ``partition_of`` and
``partition_bound``. Ids are the records' UUIDs.
Older versions are read through ``upgrade``: version 1 had no ``review`` (the design
review's profile and accepted findings), which reads as the strict profile and none.
``load`` refuses a file of another format or version, unknown or missing keys, wrong
types and schemas that ``validate`` rejects, with a one-line ``DesignFileError``.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from .ids import all_ids
from .model import (
    DIAGRAM_VIEW_MODES,
    MAX_DIAGRAM_VIEW_HOPS,
    Action,
    CheckConstraint,
    Column,
    ColumnType,
    Deferral,
    DiagramView,
    Domain,
    EnumType,
    Frequency,
    Generated,
    Index,
    IndexElement,
    IndexMethod,
    KeyStrategy,
    ManyToMany,
    NullsOrder,
    ObjectKind,
    PrimaryKey,
    QName,
    Relationship,
    RelationshipKind,
    SavedQuery,
    Schema,
    Sequence,
    SqlObject,
    Suppression,
    Table,
    UniqueConstraint,
    Validation,
)
from .validation import validate

FORMAT = "pg-schema-designer"
VERSION = 2

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


class DesignFileError(ValueError):
    """The file is not a valid design file; the message is one line.

    A name in the file may hold a lone surrogate, which no page or terminal can show:
    the message writes it as an escape (``\\ud800``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message.encode("utf-8", "backslashreplace").decode("utf-8"))


# -- writing -----------------------------------------------------------------------------
# ``enum_data``, ``table_data``, ``relationship_data``, ``many_to_many_data`` and their
# ``read_*`` counterparts are public: the change log stores objects in the same form.


def _qname(name: QName | None) -> dict[str, str] | None:
    return None if name is None else {"schema": name.schema, "name": name.name}


def _type(t: ColumnType) -> dict[str, Any]:
    data = {
        "base": t.base,
        "length": t.length,
        "precision": t.precision,
        "scale": t.scale,
        "array": t.array,
        "enum": _qname(t.enum),
    }
    if t.domain is not None:
        data["domain"] = _qname(t.domain)
    return data


def _check(c: CheckConstraint) -> dict[str, Any]:
    data: dict[str, Any] = {"id": c.id, "name": c.name, "expression": c.expression}
    if c.not_valid:
        data["not_valid"] = True
    return data


def _column(column: Column) -> dict[str, Any]:
    v = column.validation
    return {
        "id": column.id,
        "name": column.name,
        "type": _type(column.type),
        "nullable": column.nullable,
        "default": column.default,
        "generated": column.generated.value,
        "unique": column.unique,
        "check": column.check,
        "description": column.description,
        "sensitive": column.sensitive,
        "validation": {
            "min_length": v.min_length,
            "max_length": v.max_length,
            "ge": v.ge,
            "le": v.le,
            "pattern": v.pattern,
        },
    }


def enum_data(e: EnumType) -> dict[str, Any]:
    return {
        "id": e.id,
        "schema": e.schema,
        "name": e.name,
        "values": list(e.values),
        "description": e.description,
    }


def relationship_data(r: Relationship) -> dict[str, Any]:
    data = {
        "id": r.id,
        "name": r.name,
        "kind": r.kind.value,
        "on_delete": r.on_delete.value,
        "on_update": r.on_update.value,
        "deferral": r.deferral.value,
        "from": {
            "schema": r.from_table.schema,
            "table": r.from_table.name,
            "columns": list(r.from_columns),
        },
        "to": {
            "schema": r.to_table.schema,
            "table": r.to_table.name,
            "columns": list(r.to_columns),
        },
        "from_attribute": r.from_attribute,
        "to_attribute": r.to_attribute,
    }
    if r.not_valid:
        data["not_valid"] = True
    return data


def many_to_many_data(m: ManyToMany) -> dict[str, Any]:
    return {
        "id": m.id,
        "left": _qname(m.left),
        "right": _qname(m.right),
        "through": _qname(m.through),
        "left_attribute": m.left_attribute,
        "right_attribute": m.right_attribute,
    }


def table_data(table: Table) -> dict[str, Any]:
    """One table as the design file writes it (also the change log's form of a table)."""
    pk = table.primary_key
    data = {
        "id": table.id,
        "schema": table.schema,
        "name": table.name,
        "description": table.description,
        "timestamps": table.timestamps,
        "primary_key": None if pk is None else {"name": pk.name, "columns": list(pk.columns)},
        "columns": [_column(column) for column in table.columns],
        "uniques": [
            {
                "id": u.id,
                "name": u.name,
                "columns": list(u.columns),
                "nulls_not_distinct": u.nulls_not_distinct,
            }
            for u in table.uniques
        ],
        "checks": [_check(c) for c in table.checks],
        "indexes": [
            {
                "id": i.id,
                "name": i.name,
                "unique": i.unique,
                "method": i.method.value,
                "where": i.where,
                "include": list(i.include),
                "rationale": i.rationale,
                "elements": [
                    {
                        "column": e.column,
                        "expression": e.expression,
                        "descending": e.descending,
                        "nulls": e.nulls.value,
                        "opclass": e.opclass,
                    }
                    for e in i.elements
                ],
            }
            for i in table.indexes
        ],
    }
    if table.partition_by is not None:
        data["partition_by"] = table.partition_by
    if table.partition_of is not None:
        data["partition_of"] = _qname(table.partition_of)
        data["partition_bound"] = table.partition_bound
    return data


def domain_data(d: Domain) -> dict[str, Any]:
    return {
        "id": d.id,
        "schema": d.schema,
        "name": d.name,
        "type": _type(d.type),
        "nullable": d.nullable,
        "default": d.default,
        "checks": [_check(c) for c in d.checks],
        "description": d.description,
    }


def sequence_data(s: Sequence) -> dict[str, Any]:
    owner = None
    if s.owned_by is not None:
        table, column = s.owned_by
        owner = {"schema": table.schema, "table": table.name, "column": column}
    return {
        "id": s.id,
        "schema": s.schema,
        "name": s.name,
        "data_type": s.data_type,
        "start": s.start,
        "increment": s.increment,
        "min_value": s.min_value,
        "max_value": s.max_value,
        "cache": s.cache,
        "cycle": s.cycle,
        "owned_by": owner,
        "description": s.description,
    }


def sql_object_data(o: SqlObject) -> dict[str, Any]:
    return {
        "id": o.id,
        "kind": o.kind.value,
        "schema": o.schema,
        "name": o.name,
        "sql": o.sql,
        "depends_on": [_qname(name) for name in o.depends_on],
        "reads": [_qname(name) for name in o.reads],
        "columns": list(o.columns),
        "description": o.description,
    }


def query_data(query: SavedQuery) -> dict[str, Any]:
    return {
        "id": query.id,
        "name": query.name,
        "sql": query.sql,
        "frequency": query.frequency.value,
        "note": query.note,
    }


def diagram_view_data(view: DiagramView) -> dict[str, Any]:
    return {
        "id": view.id,
        "name": view.name,
        "mode": view.mode,
        "tables": list(view.tables),
        "schemas": list(view.schemas),
        "center": view.center,
        "hops": view.hops,
    }


def dump(schema: Schema) -> dict[str, Any]:
    """The design file of ``schema`` as a JSON-ready dict."""
    data = {
        "format": FORMAT,
        "version": VERSION,
        "project": {
            "name": schema.name,
            "description": schema.description,
            "pg_version": schema.pg_version,
            "key_strategy": schema.key_strategy.value,
            "timestamps_default": schema.timestamps_default,
            "extensions": list(schema.extensions),
        },
        "enums": [enum_data(enum) for enum in schema.enums],
        "tables": [table_data(table) for table in schema.tables],
        "relationships": [relationship_data(r) for r in schema.relationships],
        "many_to_many": [many_to_many_data(m) for m in schema.many_to_many],
        "review": {
            "profile": schema.review_profile,
            "suppressions": [
                {"rule": item.rule, "target": item.target, "reason": item.reason}
                for item in schema.suppressions
            ],
        },
    }
    if schema.diagram_views:
        data["diagram_views"] = [diagram_view_data(view) for view in schema.diagram_views]
    if schema.domains:
        data["domains"] = [domain_data(domain) for domain in schema.domains]
    if schema.sequences:
        data["sequences"] = [sequence_data(sequence) for sequence in schema.sequences]
    if schema.sql_objects:
        data["sql_objects"] = [sql_object_data(item) for item in schema.sql_objects]
    if schema.queries:
        data["queries"] = [query_data(query) for query in schema.queries]
    return data


def dumps(schema: Schema) -> str:
    """The design file as text: indented, keys in a fixed order, ending with a newline."""
    return json.dumps(dump(schema), indent=2, ensure_ascii=False) + "\n"


# -- reading -----------------------------------------------------------------------------


class _Object:
    """A JSON object being read, which knows where it is in the file for error messages."""

    def __init__(
        self, data: Any, path: str, keys: set[str], optional: frozenset[str] = frozenset()
    ) -> None:
        if not isinstance(data, dict):
            raise DesignFileError(f"{path} must be an object")
        keys = keys | (optional & set(data))  # an optional key is read when present
        unknown = sorted(set(data) - keys)
        if unknown:
            raise DesignFileError(f"{path} has an unknown key {unknown[0]!r}")
        missing = sorted(keys - set(data))
        if missing:
            raise DesignFileError(f"{path} lacks the key {missing[0]!r}")
        self.data = data
        self.path = path

    def _get(self, key: str, kinds: tuple[type, ...], what: str, optional: bool) -> Any:
        value = self.data[key]
        if value is None and optional:
            return None
        if isinstance(value, bool) and bool not in kinds:
            raise DesignFileError(f"{self.path}.{key} must be {what}")
        if not isinstance(value, kinds):
            raise DesignFileError(f"{self.path}.{key} must be {what}")
        return value

    def str(self, key: str) -> str:
        return self._get(key, (str,), "a string", False)

    def opt_str(self, key: str) -> str | None:
        return self._get(key, (str,), "a string or null", True)

    def int(self, key: str) -> int:
        return self._get(key, (int,), "an integer", False)

    def opt_int(self, key: str) -> int | None:
        return self._get(key, (int,), "an integer or null", True)

    def bool(self, key: str) -> bool:
        return self._get(key, (bool,), "true or false", False)

    def strings(self, key: str) -> tuple[str, ...]:
        items = self._get(key, (list,), "a list", False)
        if not all(isinstance(item, str) for item in items):
            raise DesignFileError(f"{self.path}.{key} must be a list of strings")
        return tuple(items)

    def choice(self, key: str, enum: type[E]) -> E:
        value = self.str(key)
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(repr(member.value) for member in enum)
            raise DesignFileError(f"{self.path}.{key} must be one of {allowed}") from None

    def objects(self, key: str, read: Callable[[Any, str], T]) -> tuple[T, ...]:
        if key not in self.data:
            return ()  # an optional list left out
        items = self._get(key, (list,), "a list", False)
        return tuple(read(item, f"{self.path}.{key}[{n}]") for n, item in enumerate(items))

    def flag(self, key: str) -> bool:
        """An optional boolean, false when left out."""
        return key in self.data and self.bool(key)


def _read_qname(data: Any, path: str) -> QName:
    o = _Object(data, path, {"schema", "name"})
    return QName(o.str("schema"), o.str("name"))


def _read_type(data: Any, path: str) -> ColumnType:
    t = _Object(data, path, {"base", "length", "precision", "scale", "array", "enum"}, {"domain"})
    enum = t.data["enum"]
    domain = t.data.get("domain")
    return ColumnType(
        base=t.str("base"),
        length=t.opt_int("length"),
        precision=t.opt_int("precision"),
        scale=t.opt_int("scale"),
        array=t.bool("array"),
        enum=None if enum is None else _read_qname(enum, f"{path}.enum"),
        domain=None if domain is None else _read_qname(domain, f"{path}.domain"),
    )


def _read_column(data: Any, path: str) -> Column:
    o = _Object(
        data,
        path,
        {
            "id",
            "name",
            "type",
            "nullable",
            "default",
            "generated",
            "unique",
            "check",
            "description",
            "sensitive",
            "validation",
        },
    )
    v = _Object(
        o.data["validation"],
        f"{path}.validation",
        {"min_length", "max_length", "ge", "le", "pattern"},
    )
    return Column(
        id=o.str("id"),
        name=o.str("name"),
        type=_read_type(o.data["type"], f"{path}.type"),
        nullable=o.bool("nullable"),
        default=o.opt_str("default"),
        generated=o.choice("generated", Generated),
        unique=o.bool("unique"),
        check=o.opt_str("check"),
        description=o.str("description"),
        sensitive=o.bool("sensitive"),
        validation=Validation(
            min_length=v.opt_int("min_length"),
            max_length=v.opt_int("max_length"),
            ge=v.opt_str("ge"),
            le=v.opt_str("le"),
            pattern=v.opt_str("pattern"),
        ),
    )


def _read_element(data: Any, path: str) -> IndexElement:
    o = _Object(data, path, {"column", "expression", "descending", "nulls", "opclass"})
    return IndexElement(
        column=o.opt_str("column"),
        expression=o.opt_str("expression"),
        descending=o.bool("descending"),
        nulls=o.choice("nulls", NullsOrder),
        opclass=o.opt_str("opclass"),
    )


def _read_index(data: Any, path: str) -> Index:
    o = _Object(
        data,
        path,
        {"id", "name", "unique", "method", "where", "include", "rationale", "elements"},
    )
    return Index(
        id=o.str("id"),
        name=o.opt_str("name"),
        unique=o.bool("unique"),
        method=o.choice("method", IndexMethod),
        where=o.opt_str("where"),
        include=o.strings("include"),
        rationale=o.str("rationale"),
        elements=o.objects("elements", _read_element),
    )


def _read_unique(data: Any, path: str) -> UniqueConstraint:
    o = _Object(data, path, {"id", "name", "columns", "nulls_not_distinct"})
    return UniqueConstraint(
        id=o.str("id"),
        name=o.opt_str("name"),
        columns=o.strings("columns"),
        nulls_not_distinct=o.bool("nulls_not_distinct"),
    )


def _read_check(data: Any, path: str) -> CheckConstraint:
    o = _Object(data, path, {"id", "name", "expression"}, {"not_valid"})
    return CheckConstraint(
        id=o.str("id"),
        name=o.opt_str("name"),
        expression=o.str("expression"),
        not_valid=o.flag("not_valid"),
    )


def read_table(data: Any, path: str = "table") -> Table:
    o = _Object(
        data,
        path,
        {
            "id",
            "schema",
            "name",
            "description",
            "timestamps",
            "primary_key",
            "columns",
            "uniques",
            "checks",
            "indexes",
        },
        {"partition_by", "partition_of", "partition_bound"},
    )
    primary_key = None
    if o.data["primary_key"] is not None:
        pk = _Object(o.data["primary_key"], f"{path}.primary_key", {"name", "columns"})
        primary_key = PrimaryKey(columns=pk.strings("columns"), name=pk.opt_str("name"))
    return Table(
        id=o.str("id"),
        schema=o.str("schema"),
        name=o.str("name"),
        description=o.str("description"),
        timestamps=o.bool("timestamps"),
        primary_key=primary_key,
        columns=o.objects("columns", _read_column),
        uniques=o.objects("uniques", _read_unique),
        checks=o.objects("checks", _read_check),
        indexes=o.objects("indexes", _read_index),
        partition_by=o.opt_str("partition_by") if "partition_by" in o.data else None,
        partition_of=(
            _read_qname(o.data["partition_of"], f"{path}.partition_of")
            if o.data.get("partition_of") is not None
            else None
        ),
        partition_bound=o.opt_str("partition_bound") if "partition_bound" in o.data else None,
    )


def read_enum(data: Any, path: str = "enum") -> EnumType:
    o = _Object(data, path, {"id", "schema", "name", "values", "description"})
    return EnumType(
        id=o.str("id"),
        schema=o.str("schema"),
        name=o.str("name"),
        values=o.strings("values"),
        description=o.str("description"),
    )


def _read_side(data: Any, path: str) -> tuple[QName, tuple[str, ...]]:
    o = _Object(data, path, {"schema", "table", "columns"})
    return QName(o.str("schema"), o.str("table")), o.strings("columns")


def read_relationship(data: Any, path: str = "relationship") -> Relationship:
    o = _Object(
        data,
        path,
        {
            "id",
            "name",
            "kind",
            "on_delete",
            "on_update",
            "deferral",
            "from",
            "to",
            "from_attribute",
            "to_attribute",
        },
        {"not_valid"},
    )
    from_table, from_columns = _read_side(o.data["from"], f"{path}.from")
    to_table, to_columns = _read_side(o.data["to"], f"{path}.to")
    return Relationship(
        id=o.str("id"),
        name=o.opt_str("name"),
        kind=o.choice("kind", RelationshipKind),
        on_delete=o.choice("on_delete", Action),
        on_update=o.choice("on_update", Action),
        deferral=o.choice("deferral", Deferral),
        from_table=from_table,
        from_columns=from_columns,
        to_table=to_table,
        to_columns=to_columns,
        from_attribute=o.opt_str("from_attribute"),
        to_attribute=o.opt_str("to_attribute"),
        not_valid=o.flag("not_valid"),
    )


def read_domain(data: Any, path: str = "domain") -> Domain:
    o = _Object(
        data,
        path,
        {"id", "schema", "name", "type", "nullable", "default", "checks", "description"},
    )
    return Domain(
        id=o.str("id"),
        schema=o.str("schema"),
        name=o.str("name"),
        type=_read_type(o.data["type"], f"{path}.type"),
        nullable=o.bool("nullable"),
        default=o.opt_str("default"),
        checks=o.objects("checks", _read_check),
        description=o.str("description"),
    )


def read_sequence(data: Any, path: str = "sequence") -> Sequence:
    o = _Object(
        data,
        path,
        {"id", "schema", "name", "data_type", "start", "increment", "min_value", "max_value",
         "cache", "cycle", "owned_by", "description"},
    )  # fmt: skip
    owned_by = None
    if o.data["owned_by"] is not None:
        owner = _Object(o.data["owned_by"], f"{path}.owned_by", {"schema", "table", "column"})
        owned_by = (QName(owner.str("schema"), owner.str("table")), owner.str("column"))
    return Sequence(
        id=o.str("id"),
        schema=o.str("schema"),
        name=o.str("name"),
        data_type=o.str("data_type"),
        start=o.opt_int("start"),
        increment=o.int("increment"),
        min_value=o.opt_int("min_value"),
        max_value=o.opt_int("max_value"),
        cache=o.int("cache"),
        cycle=o.bool("cycle"),
        owned_by=owned_by,
        description=o.str("description"),
    )


def read_sql_object(data: Any, path: str = "sql_object") -> SqlObject:
    o = _Object(
        data,
        path,
        {"id", "kind", "schema", "name", "sql", "depends_on", "reads", "columns", "description"},
    )
    return SqlObject(
        id=o.str("id"),
        kind=o.choice("kind", ObjectKind),
        schema=o.str("schema"),
        name=o.str("name"),
        sql=o.str("sql"),
        depends_on=o.objects("depends_on", _read_qname),
        reads=o.objects("reads", _read_qname),
        columns=o.strings("columns"),
        description=o.str("description"),
    )


def read_query(data: Any, path: str = "queries") -> SavedQuery:
    o = _Object(data, path, {"id", "name", "sql", "frequency", "note"})
    return SavedQuery(
        id=_canonical_id(o.str("id"), f"{path}.id"),
        name=o.str("name"),
        sql=o.str("sql"),
        frequency=o.choice("frequency", Frequency),
        note=o.str("note"),
    )


def read_many_to_many(data: Any, path: str = "many_to_many") -> ManyToMany:
    o = _Object(data, path, {"id", "left", "right", "through", "left_attribute", "right_attribute"})
    return ManyToMany(
        id=o.str("id"),
        left=_read_qname(o.data["left"], f"{path}.left"),
        right=_read_qname(o.data["right"], f"{path}.right"),
        through=_read_qname(o.data["through"], f"{path}.through"),
        left_attribute=o.opt_str("left_attribute"),
        right_attribute=o.opt_str("right_attribute"),
    )


def _read_suppression(data: Any, path: str) -> Suppression:
    o = _Object(data, path, {"rule", "target", "reason"})
    return Suppression(rule=o.str("rule"), target=o.str("target"), reason=o.str("reason"))


def read_diagram_view(data: Any, path: str = "diagram_views") -> DiagramView:
    o = _Object(data, path, {"id", "name", "mode", "tables", "schemas", "center", "hops"})
    mode = o.str("mode")
    if mode not in DIAGRAM_VIEW_MODES:
        allowed = ", ".join(repr(item) for item in DIAGRAM_VIEW_MODES)
        raise DesignFileError(f"{path}.mode must be one of {allowed}")
    hops = o.int("hops")
    if not 1 <= hops <= MAX_DIAGRAM_VIEW_HOPS:
        raise DesignFileError(f"{path}.hops must be from 1 to {MAX_DIAGRAM_VIEW_HOPS}")
    center = o.str("center")
    return DiagramView(
        id=_canonical_id(o.str("id"), f"{path}.id"),
        name=o.str("name"),
        mode=mode,
        tables=tuple(_canonical_id(item, f"{path}.tables") for item in o.strings("tables")),
        schemas=o.strings("schemas"),
        center=_canonical_id(center, f"{path}.center") if center else "",
        hops=hops,
    )


def _canonical_id(value: str, path: str) -> str:
    """A view's id, or a table id it holds, in the form the records give ids back in
    (and URLs take): ``uuid.UUID`` reads other forms too."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise DesignFileError(f"{path}: the id {value!r} is not a UUID") from None


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """A design file of an older version in the layout of this one (a new dict)."""
    version = data.get("version")
    if version == 1:
        data = {**data, "version": 2, "review": {"profile": "strict", "suppressions": []}}
    return data


def load(data: Any, *, check: bool = True) -> Schema:
    """The schema of a parsed design file, or DesignFileError. ``check=False`` leaves
    out the model's rules (``validate``): for a file this application wrote and checks
    again where it uses it (an import's draft, which ``ReplaceSchema`` validates)."""
    if not isinstance(data, dict):
        raise DesignFileError("a design file is a JSON object")
    if data.get("format") != FORMAT:
        raise DesignFileError(f"not a design file (its format is not {FORMAT!r})")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= VERSION:
        raise DesignFileError(
            f"design file version {version!r} is not supported "
            f"(this version reads versions 1 to {VERSION})"
        )
    data = upgrade(data)
    o = _Object(
        data,
        "file",
        {
            "format",
            "version",
            "project",
            "enums",
            "tables",
            "relationships",
            "many_to_many",
            "review",
        },
        # Written only when the design has some.
        {"diagram_views", "domains", "sequences", "sql_objects", "queries"},
    )
    review = _Object(o.data["review"], "review", {"profile", "suppressions"})
    p = _Object(
        o.data["project"],
        "project",
        {"name", "description", "pg_version", "key_strategy", "timestamps_default", "extensions"},
    )
    schema = Schema(
        name=p.str("name"),
        description=p.str("description"),
        pg_version=p.int("pg_version"),
        key_strategy=p.choice("key_strategy", KeyStrategy),
        timestamps_default=p.bool("timestamps_default"),
        extensions=p.strings("extensions"),
        enums=o.objects("enums", read_enum),
        tables=o.objects("tables", read_table),
        relationships=o.objects("relationships", read_relationship),
        many_to_many=o.objects("many_to_many", read_many_to_many),
        review_profile=review.str("profile"),
        suppressions=review.objects("suppressions", _read_suppression),
        diagram_views=o.objects("diagram_views", read_diagram_view),
        domains=o.objects("domains", read_domain),
        sequences=o.objects("sequences", read_sequence),
        sql_objects=o.objects("sql_objects", read_sql_object),
        queries=o.objects("queries", read_query),
    )
    view_ids = [view.id for view in schema.diagram_views]
    for identifier in (*all_ids(schema), *view_ids):
        try:
            uuid.UUID(identifier)
        except ValueError:
            raise DesignFileError(f"the id {identifier!r} is not a UUID") from None
    if len(set(view_ids)) != len(view_ids):
        raise DesignFileError("two diagram views have the same id")
    query_ids = [query.id for query in schema.queries]
    if len(set(query_ids)) != len(query_ids):
        raise DesignFileError("two saved queries have the same id")
    problems = validate(schema) if check else []
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DesignFileError(f"{problems[0]}{more}")
    return schema


def loads(text: str | bytes) -> Schema:
    """Parse design-file text; see ``load``."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise DesignFileError(f"not valid JSON: {error}") from None
    except RecursionError:
        # Python's JSON reader recurses once a level; no design file nests beyond ten.
        raise DesignFileError("the file is nested too deeply to be a design file") from None
    except ValueError:
        # Python refuses to read an integer of more than 4,300 digits (CVE-2020-10735).
        raise DesignFileError(
            f"a number in the file has more than {sys.get_int_max_str_digits():,} digits"
        ) from None
    return load(data)
