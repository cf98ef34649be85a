"""What the module will say, decided before any text is written: names, roles, types.

``plan(schema)`` is a pipeline of small steps over the schema model:

1. class names for tables (``User`` and its ``UserBase`` / ``UserCreate`` / ``UserUpdate``
   / ``UserRead``) and enum types, then the enums' members and SQLAlchemy types;
2. per table, one ``FieldPlan`` per column: its Python name, type, default, and its role
   (key, foreign key, sensitive, filled by the database), which decides the classes it
   appears in;
3. relationship attributes (``relations.py``);
4. the order of the classes: link models first (``link_model=`` needs the class itself),
   then the DDL's foreign-key order, so a referenced class usually comes first.

Which model holds a column: ``<Name>Base`` has the ordinary fields; the table class adds
the key, foreign keys, sensitive columns and what the database fills in (generated keys,
``created_at`` / ``updated_at``); ``<Name>Create`` adds back what a client sends (natural
keys, foreign keys, sensitive columns), ``<Name>Read`` what a client may see (keys,
foreign keys, timestamps; never a sensitive column), ``<Name>Update`` has every field of
Create, all optional.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from designer.generators import ddl
from designer.schema.model import (
    Action,
    Column,
    Deferral,
    EnumType,
    Generated,
    ManyToMany,
    QName,
    Relationship,
    Schema,
    Table,
)
from designer.schema.naming import Names, assign_names

from . import names as py
from .checks import CheckRules, column_rules
from .defaults import PythonDefault, python_default
from .pytypes import EnumNames, PythonType, python_type
from .relations import RelationshipAttribute, relationship_attributes

_STRINGS_WITH_LENGTH = frozenset({"varchar", "char"})
# What SQLModel's Field(ondelete=...) accepts; other actions need a ForeignKeyConstraint.
FIELD_ON_DELETE = frozenset({Action.CASCADE, Action.SET_NULL, Action.RESTRICT})
TIMESTAMPS = frozenset({"created_at", "updated_at"})


@dataclass(frozen=True)
class EnumPlan:
    enum: EnumType
    names: EnumNames
    members: tuple[tuple[str, str], ...]  # (member name, label)

    @cached_property
    def spellings(self) -> dict[str, str]:
        """Each label's Python spelling: ``it's`` → ``Status.IT_S`` (once per enum, not
        once per column of its type)."""
        return {label: f"{self.names.class_name}.{member}" for member, label in self.members}


# A schema has thousands of columns: a field's plan is a slotted dataclass, not a frozen
# one (which pays an ``object.__setattr__`` per attribute on creation). Nothing changes a
# plan once it is made, so it still hashes by value, as a frozen one would.
@dataclass(slots=True, unsafe_hash=True)
class FieldPlan:
    column: Column
    attribute: str
    python: PythonType
    default: PythonDefault | None
    max_length: int | None
    primary_key: bool
    single_key: bool  # the table's only key column
    foreign: bool
    server_managed: bool
    foreign_key: Relationship | None  # written as Field(foreign_key=..., ondelete=...)
    unique: bool  # written as Field(unique=True)
    # What the column's CHECKs say that pydantic can check too (checks.py); a list of
    # values becomes the annotation, a ``Literal[...]`` under the name ``choices``.
    rules: CheckRules | None = None
    choices: str | None = None

    @property
    def in_base(self) -> bool:
        return not (
            self.primary_key or self.foreign or self.column.sensitive or self.server_managed
        )

    @property
    def in_create(self) -> bool:
        return not self.server_managed

    @property
    def in_read(self) -> bool:
        return not self.column.sensitive

    @property
    def optional(self) -> bool:
        """Whether Python may leave the value out (``X | None``): NULL, or the database fills it."""
        if self.column.nullable:
            return True
        return self.default is None and (
            self.column.default is not None or self.column.generated is not Generated.NONE
        )

    @property
    def native_serial(self) -> bool:
        """A serial key SQLAlchemy writes as ``SERIAL`` itself (its autoincrement column)."""
        return self.column.generated is Generated.SERIAL and self.single_key


@dataclass(frozen=True)
class ModelPlan:
    table: Table  # a partition with the NOT NULLs its parents impose (as the DDL writes it)
    class_name: str
    fields: tuple[FieldPlan, ...]
    relationships: tuple[RelationshipAttribute, ...]
    # A partition's copies of its parents' checks, (name, expression): ATTACH PARTITION
    # wants them, as the DDL's CREATE TABLE writes them.
    inherited_checks: tuple[tuple[str, str], ...] = ()

    def extra(self, kind: str) -> tuple[FieldPlan, ...]:
        """Fields a class adds to ``<Name>Base``: ``table``, ``create`` or ``read``."""
        added = self._split[1]
        if kind == "create":
            return tuple([f for f in added if f.in_create])
        if kind == "read":
            return tuple([f for f in added if f.in_read])
        assert kind == "table", kind
        return added

    def base_fields(self) -> tuple[FieldPlan, ...]:
        return self._split[0]

    def update_fields(self) -> tuple[FieldPlan, ...]:
        return tuple([f for f in self.fields if f.in_create])

    @cached_property
    def _split(self) -> tuple[tuple[FieldPlan, ...], tuple[FieldPlan, ...]]:
        """The fields of ``<Name>Base`` and the others, sorted once for all five classes."""
        base: list[FieldPlan] = []
        added: list[FieldPlan] = []
        for f in self.fields:
            (base if f.in_base else added).append(f)
        return tuple(base), tuple(added)


@dataclass(frozen=True)
class ModulePlan:
    schema: Schema
    names: Names
    enums: tuple[EnumPlan, ...]
    models: tuple[ModelPlan, ...]  # in the order the module defines them
    redundant_uniques: frozenset[str]

    @cached_property
    def added_later(self) -> frozenset[str]:
        """Ids of the foreign keys the DDL adds once every table exists (a cycle's, a NOT
        VALID one): ``use_alter=True`` in the models, where SQLAlchemy does the same."""
        return later_foreign_keys(self.schema)


def plan(schema: Schema) -> ModulePlan:
    """Every decision about the module, in the order the docstring describes."""
    names = assign_names(schema)
    class_names, namespace = _class_names(schema)
    enums = _enum_plans(schema, class_names)
    enum_by_name = {enum.enum.qname: enum for enum in enums}
    redundant = frozenset().union(*(ddl.redundant_unique_ids(t) for t in schema.tables))
    as_written = {table.qname: ddl.partition_parts(schema, table, names) for table in schema.tables}
    fields = {
        qname: _field_plans(
            schema,
            table,
            names,
            enum_by_name,
            redundant,
            _choices_names(namespace, class_names[table.id]),
        )
        for qname, (table, _) in as_written.items()
    }
    attributes = {
        qname: {f.column.name: f.attribute for f in plans} for qname, plans in fields.items()
    }
    order = _class_order(schema)
    positions = {table.qname: index for index, table in enumerate(order)}
    relationships = relationship_attributes(
        schema, {t.qname: class_names[t.id] for t in schema.tables}, attributes, positions
    )
    models = tuple(
        ModelPlan(
            as_written[table.qname][0],
            class_names[table.id],
            fields[table.qname],
            relationships.get(table.qname, ()),
            as_written[table.qname][1],
        )
        for table in order
    )
    return ModulePlan(schema, names, enums, models, redundant)


# --- names ----------------------------------------------------------------------------


def _class_names(schema: Schema) -> tuple[dict[str, str], py.Namespace]:
    """Class names by table and enum id; a table's names come first and keep its suffixes
    free. Also the namespace, for the names of the ``Literal`` aliases that come later."""
    namespace = py.class_namespace()
    result = {}
    for position, table in enumerate(schema.tables, start=1):
        wanted = py.class_name(table.name, f"Table{position}")
        result[table.id] = namespace.claim(wanted, related=("Base", "Create", "Update", "Read"))
    for position, enum in enumerate(schema.enums, start=1):
        result[enum.id] = namespace.claim(py.enum_class_name(enum.name, f"Enum{position}"))
    return result, namespace


def _choices_names(namespace: py.Namespace, class_name: str) -> Callable[[Column], str]:
    """The name of a column's ``Literal`` alias: ``OrderStatusChoice``."""
    return lambda column: namespace.claim(f"{class_name}{py.pascal(column.name)}Choice")


def _enum_plans(schema: Schema, class_names: dict[str, str]) -> tuple[EnumPlan, ...]:
    constants = py.Namespace({"NAMING_CONVENTION", "UPDATE_UPDATED_AT_COLUMN"})
    plans = []
    for position, enum in enumerate(schema.enums, start=1):
        members = py.Namespace()
        labelled = tuple(
            (members.claim(py.member_name(label, f"VALUE_{index}")), label)
            for index, label in enumerate(enum.values, start=1)
        )
        constant = constants.claim(py.constant_name(enum.name, f"ENUM_{position}") + "_TYPE")
        plans.append(EnumPlan(enum, EnumNames(class_names[enum.id], constant), labelled))
    return tuple(plans)


# --- fields ---------------------------------------------------------------------------


def _field_plans(
    schema: Schema,
    table: Table,
    names: Names,
    enums: dict[QName, EnumPlan],
    redundant: frozenset[str],
    choices_name: Callable[[Column], str],
) -> tuple[FieldPlan, ...]:
    namespace = py.attribute_namespace()
    rules = column_rules(schema, table)
    key = table.primary_key.columns if table.primary_key else ()
    foreign = {name for rel in schema.relationships_from(table.qname) for name in rel.from_columns}
    in_fields = _field_foreign_keys(schema, table, names, later_foreign_keys(schema))
    plans = []
    for position, column in enumerate(table.columns, start=1):
        attribute = namespace.claim(py.attribute_name(column.name, f"field_{position}"))
        enum = enums.get(column.type.enum) if column.type.is_enum else None
        rule = rules.get(column.name)
        max_length = _max_length(column)
        if rule is not None and rule.max_length is not None:  # a CHECK on the length
            max_length = min(rule.max_length, max_length or rule.max_length)
        members = enum.spellings if enum else None
        python = python_type(column.type, enum.names if enum else None, max_length)
        choices = choices_name(column) if rule is not None and rule.choices else None
        if choices is not None:
            python = replace(python, annotation=choices, inferred=False)
        plans.append(
            FieldPlan(
                column=column,
                attribute=attribute,
                python=python,
                default=python_default(column.default, column.type, members),
                max_length=max_length,
                primary_key=column.name in key,
                single_key=key == (column.name,),
                foreign=column.name in foreign,
                server_managed=_server_managed(column, key),
                foreign_key=in_fields.get(column.name),
                unique=column.unique
                and column.id not in redundant
                and names.unique_column(column.id) == f"uq_{table.name}_{column.name}",
                rules=rule,
                choices=choices,
            )
        )
    return tuple(plans)


def _max_length(column: Column) -> int | None:
    """The record's max_length, else the length of a ``varchar(n)`` / ``char(n)``."""
    if column.type.array:
        return None
    if column.validation.max_length is not None:
        return column.validation.max_length
    if column.type.base in _STRINGS_WITH_LENGTH:
        return column.type.length or (1 if column.type.base == "char" else None)
    return None


def _server_managed(column: Column, key: tuple[str, ...]) -> bool:
    """Values a client never sends: generated keys and numbers, and the row timestamps."""
    if column.generated is not Generated.NONE:
        return True
    if column.name in key:
        return column.default is not None
    return column.name in TIMESTAMPS and column.default is not None


def later_foreign_keys(schema: Schema) -> frozenset[str]:
    """Ids of the foreign keys the DDL adds after every table (once per schema object)."""
    return schema.derived(_later_foreign_keys)


def _later_foreign_keys(schema: Schema) -> frozenset[str]:
    return frozenset(rel.id for rel in ddl.creation_plan(schema).deferred)


def _field_foreign_keys(
    schema: Schema, table: Table, names: Names, later: frozenset[str]
) -> dict[str, Relationship]:
    """Foreign keys that ``Field(foreign_key=..., ondelete=...)`` says exactly, by column.

    Field() names its foreign key through the metadata's naming convention
    (``fk_<table>_<column>``), knows only CASCADE / SET NULL / RESTRICT and no ON UPDATE,
    DEFERRABLE, NOT VALID or ``use_alter`` (a key the DDL adds after the tables), and
    takes the target as a dotted string; anything else is a ``ForeignKeyConstraint`` in
    ``__table_args__``.
    """
    result: dict[str, Relationship] = {}
    for relationship in schema.relationships_from(table.qname):
        if len(relationship.from_columns) != 1:
            continue
        column = table.column(relationship.from_columns[0])
        target = (relationship.to_table.schema, relationship.to_table.name)
        if (
            column.name not in result
            and relationship.on_delete in FIELD_ON_DELETE
            and (relationship.on_delete is not Action.SET_NULL or column.nullable)
            and relationship.on_update is Action.NO_ACTION
            and relationship.deferral is Deferral.NOT_DEFERRABLE
            and not relationship.not_valid
            and relationship.id not in later
            and names.foreign_key(relationship) == f"fk_{table.name}_{column.name}"
            and not any("." in part for part in (*target, *relationship.to_columns))
        ):
            result[column.name] = relationship
    return result


def sa_schema(table: QName) -> str | None:
    """The schema SQLAlchemy is told: none for ``public``, unless a pg_catalog relation
    hides the name (``pg_stats``; every one is a ``pg_`` name). A table named like a
    built-in type (``name``) needs none: PostgreSQL prints a reference to it unqualified,
    and Alembic would see ``public.name`` as another table's key."""
    if table.schema == "public" and not table.name.startswith("pg_"):
        return None
    return table.schema


def foreign_key_target(relationship: Relationship, column: str) -> str:
    """``users.id`` / ``sales.orders.id``: how SQLAlchemy names a referenced column."""
    schema = sa_schema(relationship.to_table)
    prefix = f"{schema}." if schema else ""
    return f"{prefix}{relationship.to_table.name}.{column}"


# --- order ----------------------------------------------------------------------------


def _class_order(schema: Schema) -> tuple[Table, ...]:
    """Link models first, then the DDL's foreign-key order (referenced tables first)."""
    links = _link_tables(schema.many_to_many)
    ordered = ddl.creation_plan(schema).tables
    return tuple(
        [t for t in ordered if t.qname in links] + [t for t in ordered if t.qname not in links]
    )


def _link_tables(many_to_many: tuple[ManyToMany, ...]) -> set[QName]:
    return {m2m.through for m2m in many_to_many}
