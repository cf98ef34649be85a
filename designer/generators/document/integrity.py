"""Section 8: the data integrity rules, each marked as enforced by the database (naming
the constraint or trigger) or by the application (naming the SQLModel class and the
``Field()`` validation), or both.

The SQLModel names come from the SQLModel generator's own plan, so they are the names
in section 4.
"""

from __future__ import annotations

from designer.generators.ddl import index_key, trigger_name
from designer.generators.sqlmodel.plan import FieldPlan, ModelPlan
from designer.schema.model import Action, Column, Table
from designer.schema.sqltext import type_sql

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
        rows += _table_rules(context, t, models[t.id])
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
                _constraint(names.check(check.id), "CHECK"),
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
            [f"{_column(t, c)} is one of {values}", DATABASE, f"enum type {code(type_sql(c.type))}"]
        )
    length = field.max_length if field is not None and kind == "str" else None
    if length is not None and where:
        database = c.type.length is not None and c.type.length <= length
        how = f"{code(type_sql(c.type))}; " if database else ""
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
                code(type_sql(c.type)),
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
