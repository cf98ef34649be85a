"""``__table_args__``: every constraint and index a field cannot say, each with its name.

In the DDL's order (naming.py's): the primary key when its name or column order is not
what the columns' ``primary_key=True`` gives, unique constraints, checks (a partition's
copies of its parents' too; a NOT VALID one is added after the table, ``render.py``),
the foreign keys ``Field(foreign_key=...)`` cannot express (with ``use_alter`` where the
DDL adds the key once every table exists: a cycle's, a NOT VALID one), indexes; then ``schema``,
``postgresql_partition_by``, a partition's ``info`` (``partition_of``) and ``comment``.
Unique constraints that repeat a key are left out, as the DDL leaves them out.
"""

from __future__ import annotations

from dataclasses import replace

from designer.generators import ddl
from designer.schema.model import Action, Deferral, Index, IndexMethod, Relationship
from designer.schema.sqltext import qualified, quote_ident

from .code import Atom, Node, Str, call, dict_of, list_of, tuple_of
from .plan import ModelPlan, ModulePlan, foreign_key_target, sa_schema
from .sqlcalls import check_text, sql_text

_DEFERRAL: dict[Deferral, dict[str, Node | None]] = {
    Deferral.NOT_DEFERRABLE: {},
    Deferral.DEFERRABLE: {"deferrable": Atom("True")},
    Deferral.DEFERRED: {"deferrable": Atom("True"), "initially": Str("DEFERRED")},
}


def table_args(plan: ModulePlan, model: ModelPlan) -> Node | None:
    """The ``__table_args__`` value, or None when the table needs none."""
    items = _primary_key(plan, model) + _uniques(plan, model) + _checks(plan, model)
    items += _foreign_keys(plan, model) + _indexes(plan, model)
    table = model.table
    options: list[tuple[str, Node]] = []
    schema = sa_schema(table.qname)
    if schema is not None:
        options.append(("schema", Str(schema)))
    if table.partition_by:
        options.append(("postgresql_partition_by", Str(table.partition_by)))
    if table.partition_of is not None:
        # For Alembic's include_object: the foreign keys and indexes PostgreSQL copies
        # from the parent when the partition is attached are not in this table's models.
        parent = Str(qualified(table.partition_of))
        options.append(("info", dict_of([("partition_of", parent)])))
    if table.description:
        options.append(("comment", Str(table.description.replace("\x00", ""))))
    if not items:
        return dict_of(options) if options else None
    return tuple_of([*items, dict_of(options)] if options else items)


def _primary_key(plan: ModulePlan, model: ModelPlan) -> list[Node]:
    table, key = model.table, model.table.primary_key
    if key is None:
        return []
    name = plan.names.primary_key(table)
    in_table_order = [column.name for column in table.columns if column.name in key.columns]
    if name == f"pk_{table.name}" and list(key.columns) == in_table_order:
        return []  # the naming convention and the columns' order say it
    return [call("sa.PrimaryKeyConstraint", *map(Str, key.columns), name=Str(name))]


def _uniques(plan: ModulePlan, model: ModelPlan) -> list[Node]:
    items: list[Node] = []
    for field in model.fields:
        column = field.column
        if column.unique and not field.unique and column.id not in plan.redundant_uniques:
            name = Str(plan.names.unique_column(column.id))
            items.append(call("sa.UniqueConstraint", Str(column.name), name=name))
    for unique in model.table.uniques:
        if unique.id not in plan.redundant_uniques:
            nulls = Atom("True") if unique.nulls_not_distinct else None
            items.append(
                call(
                    "sa.UniqueConstraint",
                    *map(Str, unique.columns),
                    name=Str(plan.names.unique(unique.id)),
                    postgresql_nulls_not_distinct=nulls,
                )
            )
    return items


def _checks(plan: ModulePlan, model: ModelPlan) -> list[Node]:
    items: list[Node] = []
    for column in model.table.columns:
        if column.check:
            name = Str(plan.names.check_column(column.id))
            items.append(call("sa.CheckConstraint", check_text(column.check), name=name))
    for check in model.table.checks:
        if check.not_valid:
            continue  # CREATE TABLE cannot say NOT VALID: added after it (render.py)
        name = Str(plan.names.check(check.id))
        items.append(call("sa.CheckConstraint", check_text(check.expression), name=name))
    for name, expression in model.inherited_checks:  # a partition's, from its parents
        items.append(call("sa.CheckConstraint", check_text(expression), name=Str(name)))
    return items


def _foreign_keys(plan: ModulePlan, model: ModelPlan) -> list[Node]:
    in_fields = {f.foreign_key.id for f in model.fields if f.foreign_key is not None}
    return [
        _foreign_key(
            relationship,
            plan.names.foreign_key(relationship),
            later=relationship.id in plan.added_later,
        )
        for relationship in plan.schema.relationships_from(model.table.qname)
        if relationship.id not in in_fields
    ]


def _foreign_key(relationship: Relationship, name: str, *, later: bool) -> Node:
    keywords: dict[str, Node | None] = {
        "name": Str(name),
        "ondelete": Str(relationship.on_delete.value),
    }
    if relationship.on_update is not Action.NO_ACTION:
        keywords["onupdate"] = Str(relationship.on_update.value)
    keywords |= _DEFERRAL[relationship.deferral]
    if later:  # a cycle's, or NOT VALID: added by ALTER TABLE once the tables exist
        keywords["use_alter"] = Atom("True")
    if relationship.not_valid:  # without checking the rows already there
        keywords["postgresql_not_valid"] = Atom("True")
    return call(
        "sa.ForeignKeyConstraint",
        list_of([Str(column) for column in relationship.from_columns]),
        list_of([_target(relationship, column) for column in relationship.to_columns]),
        **keywords,
    )


def _target(relationship: Relationship, column: str) -> Node:
    """``"users.id"``, or a (schema, table, column) tuple when a name holds a dot."""
    table = relationship.to_table
    if any("." in part for part in (table.schema, table.name, column)):
        schema = sa_schema(table)
        return tuple_of([Str(schema) if schema else Atom("None"), Str(table.name), Str(column)])
    return Str(foreign_key_target(relationship, column))


def _indexes(plan: ModulePlan, model: ModelPlan) -> list[Node]:
    return [_index(index, plan.names.index(index.id)) for index in model.table.indexes]


def _index(index: Index, name: str) -> Node:
    """``sa.Index``: plain column keys by name (an operator class in ``postgresql_ops``,
    where Alembic's autogenerate can compare it), any other key as the DDL writes it."""
    keys: list[Node] = []
    ops: list[tuple[str, Node]] = []
    for element in index.elements:
        text = ddl.index_key(element)
        column = element.column
        if column is not None and text == quote_ident(column):
            keys.append(Str(column))
            continue
        bare = replace(element, opclass=None)
        once = column is not None and all(key != column for key, _ in ops)
        if once and element.opclass and ddl.index_key(bare) == quote_ident(column or ""):
            assert column is not None
            keys.append(Str(column))
            ops.append((column, Str(text[len(quote_ident(column)) + 1 :])))
            continue
        keys.append(sql_text(text))
    return call(
        "sa.Index",
        Str(name),
        *keys,
        unique=Atom("True") if index.unique else None,
        postgresql_using=Str(index.method.value) if index.method is not IndexMethod.BTREE else None,
        postgresql_ops=dict_of(ops) if ops else None,
        postgresql_include=list_of([Str(c) for c in index.include]) if index.include else None,
        postgresql_where=sql_text(index.where) if index.where is not None else None,
    )
