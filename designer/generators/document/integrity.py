"""Section 8: the data integrity rules, each marked as enforced by the database (naming
the constraint or trigger) or by the application (naming the SQLModel class and the
``Field()`` validation), or both.

The SQLModel names come from the SQLModel generator's own plan, so they are the names
in section 4.
"""

from __future__ import annotations

from designer.generators.ddl import index_key, trigger_name
from designer.generators.sqlmodel.plan import FieldPlan, ModelPlan
from designer.schema.model import Action, Column, ObjectKind, Table
from designer.schema.sqltext import type_sql

from . import objects
from .context import Context, columns_label, label
from .markdown import code, table, text

DATABASE = "Database"
APPLICATION = "Application"
BOTH = "Database and application"
_NUMBERS = frozenset({"int", "float", "Decimal"})
_DELETE = {
    Action.CASCADE: "deleting it deletes these rows",
    Action.RESTRICT: "it cannot be deleted while these rows point to it",
    Action.NO_ACTION: "it cannot be deleted while these rows point to it",
    Action.SET_NULL: "deleting it sets the key to NULL",
    Action.SET_DEFAULT: "deleting it sets the key to its default",
}


def section(context: Context) -> str:
    models = {model.table.id: model for model in context.models.models}
    rows: list[list[str]] = []
    for t in context.tables:
        if t.partition_of is not None:
            continue  # a partition holds its parent's rules (the parent's row says so)
        model = models.get(t.id)
        rows += _table_rules(context, t, model) if model is not None else []
        rows += _partition_rules(context, t)
    rows += _domain_rules(context)
    rows += _object_rules(context)
    intro = (
        "What the data must satisfy. Database-enforced rules hold whatever writes the data "
        "(the API, a script, psql); application-enforced rules are checked by the SQLModel "
        "models of section 4 before anything reaches the database, with clear messages."
    )
    if not rows:
        return intro
    return intro + "\n\n" + table(["Rule", "Enforced by", "How"], rows)


def _table_rules(context: Context, t: Table, model: ModelPlan) -> list[list[str]]:
    names = context.names
    name = code(label(t.qname))
    rows = []
    required = [c for c in t.columns if not c.nullable]
    if required:
        listed = ", ".join(code(c.name) for c in required)
        rows.append([f"Required in {name}: {listed}", DATABASE, "`NOT NULL`"])
    if t.primary_key is not None:
        keys = ", ".join(code(c) for c in t.primary_key.columns)
        rows.append(
            [
                f"Each {name} row is identified by {keys}",
                DATABASE,
                _constraint(names.primary_key(t), "PRIMARY KEY"),
            ]
        )
    for c in t.columns:
        if c.unique:
            rows.append(
                [
                    f"{_column(t, c)} is unique",
                    DATABASE,
                    _constraint(names.unique_column(c.id), "UNIQUE"),
                ]
            )
    for unique in t.uniques:
        columns = ", ".join(code(n) for n in unique.columns)
        rows.append(
            [
                f"({columns}) is unique in {name}",
                DATABASE,
                _constraint(names.unique(unique.id), "UNIQUE"),
            ]
        )
    rows += _unique_index_rules(context, t)
    for c in t.columns:
        if c.check:
            rows.append(
                [
                    f"{name}: {code(c.check)}",
                    DATABASE,
                    _constraint(names.check_column(c.id), "CHECK"),
                ]
            )
    for check in t.checks:
        rows.append(
            [
                f"{name}: {code(check.expression)}",
                DATABASE,
                _constraint(names.check(check.id), "CHECK")
                + (_NOT_VALID if check.not_valid else ""),
            ]
        )
    for rel in context.schema.relationships_from(t.qname):
        rule = (
            f"{code(columns_label(t.qname, rel.from_columns))} points to an existing "
            f"{code(label(rel.to_table))} row; {_DELETE[rel.on_delete]}"
        )
        how = _constraint(names.foreign_key(rel), "FOREIGN KEY")
        if rel.on_delete is not Action.NO_ACTION:
            how += f", ON DELETE {rel.on_delete.value}"
        if rel.not_valid:
            how += _NOT_VALID
        rows.append([rule, DATABASE, how])
    fields = {f.column.name: f for f in model.fields}
    for c in t.columns:
        rows += _column_rules(context, t, c, model, fields.get(c.name))
    if t.has_updated_at_trigger:
        rows.append(
            [
                f"{_column(t, t.column('updated_at'))} is the time of the last change",
                DATABASE,
                f"trigger {code(trigger_name(t))}",
            ]
        )
    return rows


_NOT_VALID = ", NOT VALID: rows there before it was added are not checked"
_OBJECT_RULES = {
    ObjectKind.TRIGGER: "trigger",
    ObjectKind.POLICY: "row-level security policy",
    ObjectKind.RULE: "rule",
}


def _partition_rules(context: Context, t: Table) -> list[list[str]]:
    """A partitioned table: each row goes to the partition its key selects, under the
    parent's rules."""
    if not t.partition_by:
        return []
    partitions = context.schema.partitions_of(t.qname)
    names = ", ".join(code(label(p.qname)) for p in partitions) or "*none yet*"
    return [
        [
            f"Each {code(label(t.qname))} row is stored in the partition its key selects "
            f"({names}), under the rules above",
            DATABASE,
            code(f"PARTITION BY {t.partition_by}"),
        ]
    ]


def _domain_rules(context: Context) -> list[list[str]]:
    """A domain's checks and NOT NULL hold for every column of the domain."""
    schema = context.schema
    rows = []
    for domain in schema.domains:
        users = objects.domain_users(schema, domain)
        if not users:
            continue
        columns = ", ".join(code(f"{label(t.qname)}.{c.name}") for t, c in users)
        how = f"domain {code(label(domain.qname))}"
        if not domain.nullable:
            rows.append([f"{columns}: never NULL", DATABASE, f"{how} (`NOT NULL`)"])
        for check in domain.checks:
            named = f", {code(check.name)}" if check.name else ""
            rows.append([f"{columns}: {code(check.expression)}", DATABASE, f"{how} (CHECK{named})"])
    return rows


def _object_rules(context: Context) -> list[list[str]]:
    """Triggers, policies and rules kept as SQL: rules the database applies (section 2
    has their text)."""
    rows = []
    for item in context.schema.sql_objects:
        word = _OBJECT_RULES.get(item.kind)
        if word is None:
            continue
        described = text(item.description) if item.description.strip() else "see its SQL"
        rows.append([f"{code(item.name)}: {described} (section 2)", DATABASE, word])
    return rows


def _unique_index_rules(context: Context, t: Table) -> list[list[str]]:
    """A unique index is a uniqueness rule like a unique constraint; a partial one holds
    only for the rows its WHERE selects, so the rule says which."""
    rows = []
    for index in t.indexes:
        if not index.unique:
            continue
        keys = ", ".join(code(index_key(element)) for element in index.elements)
        rule = f"({keys}) is unique in {code(label(t.qname))}"
        if index.where is not None:
            rule += f" among the rows where {code(index.where)}"
        rows.append([rule, DATABASE, _constraint(context.names.index(index.id), "UNIQUE INDEX")])
    return rows


def _column_rules(
    context: Context, t: Table, c: Column, model: ModelPlan, field: FieldPlan | None
) -> list[list[str]]:
    rows = []
    where = _model_field(model, field) if field is not None else None
    validation = c.validation
    kind = field.python.annotation if field is not None else ""
    if c.type.is_enum and c.type.enum is not None:
        values = ", ".join(code(v) for v in context.schema.enum(c.type.enum).values)
        rows.append(
            [
                f"{_column(t, c)} is one of {values}",
                DATABASE,
                f"enum type {code(type_sql(c.type.without_domain()))}",
            ]
        )
    length = field.max_length if field is not None and kind == "str" else None
    if length is not None and where:
        database = c.type.length is not None and c.type.length <= length
        how = f"{code(objects.column_type(c))}; " if database else ""
        rows.append(
            [
                f"{_column(t, c)} has at most {_characters(length)}",
                BOTH if database else APPLICATION,
                f"{how}{where}: `Field(max_length={length})`",
            ]
        )
    elif c.type.length is not None and c.type.base in {"varchar", "char"}:
        rows.append(
            [
                f"{_column(t, c)} has at most {c.type.length} characters",
                DATABASE,
                code(objects.column_type(c)),
            ]
        )
    if where and kind == "str" and validation.min_length is not None:
        rows.append(
            [
                f"{_column(t, c)} has at least {_characters(validation.min_length)}",
                APPLICATION,
                f"{where}: `Field(min_length={validation.min_length})`",
            ]
        )
    if where and kind == "str" and validation.pattern:
        rows.append(
            [
                f"{_column(t, c)} matches {code(validation.pattern)}",
                APPLICATION,
                f"{where}: `Field(pattern=...)`",
            ]
        )
    if where and kind in _NUMBERS:
        for keyword, bound, words in (
            ("ge", validation.ge, "at least"),
            ("le", validation.le, "at most"),
        ):
            if bound is not None:
                rows.append(
                    [
                        f"{_column(t, c)} is {words} {text(bound)}",
                        APPLICATION,
                        f"{where}: {code(f'Field({keyword}={bound})')}",
                    ]
                )
    if c.sensitive:
        rows.append(
            [
                f"{_column(t, c)} is never returned by the API",
                APPLICATION,
                f"left out of {code(model.class_name + 'Read')}",
            ]
        )
    return rows


def _model_field(model: ModelPlan, field: FieldPlan) -> str:
    """Where the field's validation is written: the Base class, else Create, else the table."""
    if field.in_base:
        owner = f"{model.class_name}Base"
    elif field.in_create:
        owner = f"{model.class_name}Create"
    else:
        owner = model.class_name
    return code(f"{owner}.{field.attribute}")


def _column(t: Table, c: Column) -> str:
    return code(columns_label(t.qname, (c.name,)))


def _constraint(name: str, kind: str) -> str:
    return f"{code(name)} ({kind})"


def _characters(count: int) -> str:
    return f"{count} character" + ("" if count == 1 else "s")
