"""What PostgreSQL itself would refuse, found before any SQL is written.

``validate(schema)`` lists every problem in a schema as ``Problem(where, message)``:
identifiers (empty, longer than 63 bytes, duplicated in their scope), column types and
their parameters, references between tables, columns and enum types, foreign keys whose
column types PostgreSQL cannot compare, and SQL expressions that are not exactly one
expression. And what PostgreSQL would refuse of the objects when the DDL runs: names
that clash in a schema's one namespace of tables, indexes, key constraints and
sequences, or take the name the convention gives another object (``naming``);
defaults, checks, index keys and predicates whose types PostgreSQL would refuse, and
index keys and predicates that are not immutable (``expression_types``); operator
classes that do not exist or do not take the key's type; extensions that do not come
with PostgreSQL. Each says which input it is about (``Problem.field``). Design
mistakes that PostgreSQL accepts (SET NULL on a NOT NULL column, say) are left to the
design review; the editor refuses them through the operations' guards.

Reserved words are valid names: the generators quote them (see ``sqltext.quote_ident``)
and the design review warns about them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from pglast import parser

from . import builtins
from .expression_types import (
    NULL,
    ExpressionTypes,
    Literal,
    Refused,
    assignable,
    operator_class_problem,
    type_name,
)
from .expressions import (
    ExpressionError,
    column_references,
    expression_problem,
    expression_tree,
    table_qualifiers,
)
from .ids import all_ids
from .limits import (
    MAX_ATTRIBUTE_LENGTH,
    MAX_COLUMNS,
    MAX_DESCRIPTION_LENGTH,
    MAX_KEY_COLUMNS,
    MAX_PROJECT_DESCRIPTION_LENGTH,
    MAX_PROJECT_NAME_LENGTH,
    MAX_RULE_LENGTH,
    MAX_TARGET_LENGTH,
    PG_VERSIONS,
    count_problem,
    number_problem,
    pattern_problem,
    text_problem,
    unstorable_problem,
)
from .literals import literal_problem
from .memo import identity_memo
from .model import (
    REVIEW_PROFILES,
    Column,
    ColumnType,
    Domain,
    Generated,
    Index,
    IndexMethod,
    ObjectKind,
    QName,
    Schema,
    Table,
)
from .naming import MAX_IDENTIFIER_BYTES, conventional_names, sequence_name
from .types import ENUM, TYPES, Category, Params, index_methods

MAX_VARCHAR_LENGTH = 10_485_760
MAX_NUMERIC_PRECISION = 1000
MAX_FRACTIONAL_PRECISION = 6
INTEGER_TYPES = frozenset({"smallint", "integer", "bigint"})
# The columns PostgreSQL gives every table: it refuses another column of these names.
SYSTEM_COLUMNS = frozenset({"tableoid", "xmin", "cmin", "xmax", "cmax", "ctid"})


@dataclass(frozen=True)
class Problem:
    where: str  # e.g. "table users, column email"
    message: str
    # The input the problem is about, in the records' vocabulary ("name", "data_type",
    # "keys"...), so that the editor can show it beside that input; None for the object.
    field: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    @property
    def sentence(self) -> str:
        """The message as a sentence, for the editor."""
        return self.message[:1].upper() + self.message[1:] + "."


@dataclass(frozen=True)
class Scope:
    """The part of a schema a change touched, for ``validate(schema, scope)``: the
    tables (by id) and the relationships and many-to-many links (by id) to check; the
    schema-wide rules (names, ids, enum types, settings) are always checked."""

    tables: frozenset[str] = frozenset()
    relationships: frozenset[str] = frozenset()
    many_to_many: frozenset[str] = frozenset()


def identifier_problem(name: str, what: str = "name") -> str | None:
    """Why PostgreSQL would refuse ``name`` as an identifier, or None."""
    if not name or not name.strip():
        return f"the {what} is empty"
    if problem := unstorable_problem(name, what):
        return problem
    if name != name.strip():
        return f"the {what} starts or ends with a space"
    size = len(name.encode())
    if size > MAX_IDENTIFIER_BYTES:
        return f"the {what} is {size} bytes long; PostgreSQL allows at most {MAX_IDENTIFIER_BYTES}"
    return None


def type_problem(column_type: ColumnType, enums: set[QName]) -> str | None:
    """Why PostgreSQL would refuse this column type, or None."""
    if column_type.base == ENUM:
        if column_type.enum is None:
            return "an enum column needs its enum type"
        if column_type.enum not in enums:
            return f"the enum type {column_type.enum} does not exist"
        return None
    info = TYPES.get(column_type.base)
    if info is None:
        return f"{column_type.base!r} is not a supported type"
    if column_type.enum is not None:
        return "only an enum column refers to an enum type"
    if column_type.length is not None:
        if info.params is not Params.LENGTH:
            return f"{info.sql} takes no length"
        if not 1 <= column_type.length <= MAX_VARCHAR_LENGTH:
            return f"the length of {info.sql} must be between 1 and {MAX_VARCHAR_LENGTH}"
    if column_type.precision is not None:
        if info.params is Params.PRECISION_SCALE:
            if not 1 <= column_type.precision <= MAX_NUMERIC_PRECISION:
                return f"the precision of numeric must be between 1 and {MAX_NUMERIC_PRECISION}"
        elif info.params is Params.FRACTIONAL_SECONDS:
            if not 0 <= column_type.precision <= MAX_FRACTIONAL_PRECISION:
                return f"the precision of {info.sql} must be between 0 and 6"
        else:
            return f"{info.sql} takes no precision"
    if column_type.scale is not None:
        if info.params is not Params.PRECISION_SCALE:
            return f"{info.sql} takes no scale"
        if column_type.precision is None:
            return "a scale needs a precision"
        if not 0 <= column_type.scale <= column_type.precision:
            return "the scale of numeric must be between 0 and its precision"
    return None


def keyable(column_type: ColumnType) -> bool:
    """Whether the type has btree equality, so it can be a key, unique or referenced."""
    return "btree" in index_methods(column_type.base, array=column_type.array)


def comparable(referencing: ColumnType, referenced: ColumnType) -> bool:
    """Whether PostgreSQL can build a foreign key from one column type to the other."""
    if not (keyable(referencing) and keyable(referenced)):
        return False
    if referencing.array != referenced.array:
        return False
    if referencing.is_enum or referenced.is_enum:
        return referencing.is_enum and referenced.is_enum and referencing.enum == referenced.enum
    if referencing.base == referenced.base:
        return True
    a, b = TYPES.get(referencing.base), TYPES.get(referenced.base)
    if a is None or b is None:
        return False
    if a.family and a.family == b.family:
        return True
    # An integer column can reference a numeric or floating-point key: PostgreSQL
    # coerces it implicitly. Not the other way round.
    return a.category is Category.INTEGER and b.family in {"numeric", "float"}


def _duplicates(values: list[str]) -> list[str]:
    return [value for value, count in Counter(values).items() if count > 1]


def validate(schema: Schema, scope: Scope | None = None) -> list[Problem]:
    """Every problem in ``schema`` that PostgreSQL would refuse (empty when it is sound).

    With a ``scope``, the tables, relationships and links outside it are taken as
    checked already (an edit checks what it touched; the whole schema takes longer).
    """
    problems: list[Problem] = []
    enums = {enum.qname for enum in schema.enums}

    for duplicate in _duplicates(all_ids(schema)):
        problems.append(Problem("schema", f"the id {duplicate} is used twice"))

    for enum in schema.enums:
        where = f"enum {enum.qname}"
        for name, what, key in (
            (enum.schema, "schema name", "schema_name"),
            (enum.name, "name", "name"),
        ):
            if problem := identifier_problem(name, what):
                problems.append(Problem(where, problem, key))
        if not enum.values:
            problems.append(Problem(where, "an enum type needs at least one value", "values"))
        for value in enum.values:
            if problem := identifier_problem(value, f"value {value!r}"):
                problems.append(Problem(where, problem, "values"))
        for value in _duplicates(list(enum.values)):
            problems.append(Problem(where, f"the value {value!r} appears twice", "values"))

    tables = (
        schema.tables
        if scope is None
        else tuple(table for table in schema.tables if table.id in scope.tables)
    )
    problems.extend(_limit_problems(schema, tables, scope))
    for name in _duplicates([str(enum.qname) for enum in schema.enums]):
        problems.append(Problem(f"enum {name}", "two enum types have this name", "name"))
    for name in _duplicates([str(table.qname) for table in schema.tables]):
        problems.append(Problem(f"table {name}", "two tables have this name", "name"))
    for table in schema.tables:
        if table.qname in enums:
            problems.append(
                Problem(
                    f"table {table.qname}", "an enum type in the same schema has this name", "name"
                )
            )
    for table in tables:
        problems.extend(_table_problems(schema, table, enums))
    for position, extension in enumerate(schema.extensions):
        problem = identifier_problem(extension, "extension name") or _extension_problem(
            extension, schema.extensions[:position]
        )
        if problem:
            problems.append(Problem("schema", problem, "extensions"))
    for name in _duplicates(list(schema.extensions)):
        problems.append(Problem("schema", f"the extension {name!r} is listed twice"))

    problems.extend(_domain_problems(schema, enums))
    problems.extend(_sequence_problems(schema))
    problems.extend(_sql_object_problems(schema))
    problems.extend(_relationship_problems(schema, scope))
    problems.extend(_relation_name_problems(schema, scope))
    problems.extend(_convention_name_problems(schema, scope))
    problems.extend(_review_problems(schema))
    return problems


def _table_problems(schema: Schema, table: Table, enums: set[QName]) -> list[Problem]:
    where = f"table {table.qname}"
    problems = [
        Problem(where, problem, key)
        for name, what, key in (
            (table.schema, "schema name", "schema_name"),
            (table.name, "table name", "name"),
        )
        if (problem := identifier_problem(name, what))
    ]
    if not table.columns:
        problems.append(Problem(where, "a table needs at least one column"))
    for name in _duplicates([column.name for column in table.columns]):
        problems.append(Problem(where, f"two columns are named {name!r}", "name"))
    problems.extend(_partition_problems(schema, table))
    for column in table.columns:
        problems.extend(_column_problems(table, column, enums))
        if column.type.domain is not None and (problem := _domain_column_problem(schema, column)):
            problems.append(Problem(f"{where}, column {column.name}", problem, "data_type"))
        if column.type.enum in enums and (value := _literal(column.default)) is not None:
            values = schema.enum(column.type.enum).values
            if not column.type.array and value not in values:
                problems.append(
                    Problem(
                        f"{where}, column {column.name}",
                        f"the default {value!r} is not a value of {column.type.enum}",
                        "default",
                    )
                )

    columns = table.columns_by_name

    def unknown(names: tuple[str, ...], what: str) -> None:
        for name in names:
            if name not in columns:
                problems.append(Problem(where, f"{what} names the unknown column {name!r}"))
        for name in _duplicates(list(names)):
            problems.append(Problem(where, f"{what} names the column {name!r} twice"))

    if table.primary_key is not None:
        unknown(table.primary_key.columns, "the primary key")
        if not table.primary_key.columns:
            problems.append(Problem(where, "the primary key has no columns"))
        for name in table.primary_key.columns:
            if name in columns and columns[name].nullable:
                problems.append(
                    Problem(where, f"the primary-key column {name!r} must be NOT NULL", "nullable")
                )
    for unique in table.uniques:
        unknown(unique.columns, "a unique constraint")
        if not unique.columns:
            problems.append(Problem(where, "a unique constraint has no columns"))
    keyed = set(table.primary_key.columns if table.primary_key else ())
    keyed |= {name for unique in table.uniques for name in unique.columns}
    keyed |= {column.name for column in table.columns if column.unique}
    for name in sorted(keyed):
        if name in columns and not keyable(columns[name].type):
            problems.append(
                Problem(
                    where,
                    f"{name} cannot be part of a key or unique constraint: PostgreSQL has no "
                    f"equality operator for its type",
                    "columns",
                )
            )
    for check in table.checks:
        if problem := expression_problem(check.expression) or unknown_columns_problem(
            check.expression, table
        ):
            problems.append(Problem(where, f"check {check.expression!r}: {problem}", "expression"))
    for index in table.indexes:
        problems.extend(_index_problems(table, index, schema.extensions))
    problems.extend(_typed_problems(schema, table))

    explicit = [table.primary_key.name if table.primary_key else None]
    explicit += [item.name for item in (*table.uniques, *table.checks)]
    explicit += [rel.name for rel in schema.relationships_from(table.qname)]
    for name in explicit:
        if name is not None and (problem := identifier_problem(name, "constraint name")):
            problems.append(Problem(where, problem, "name"))
    for name in _duplicates([name for name in explicit if name]):
        problems.append(Problem(where, f"two constraints are named {name!r}", "name"))
    return problems


def unknown_columns(expression: str, table_name: str, columns: Iterable[str]) -> list[str]:
    """The columns an expression of a table reads that the table does not have, by name.

    A check, an index expression or a predicate reads the columns of its own table (and
    may name the table itself for the whole row, or the system column ``tableoid``).
    An expression that does not parse reads nothing here: it is reported as such.
    """
    try:
        read = column_references(expression)
    except ExpressionError:
        return []
    return sorted(read - set(columns) - {table_name, "tableoid"})


def other_tables(expression: str, table_name: str) -> list[str]:
    """The tables other than its own an expression of a table qualifies columns with
    (``users.email`` in a check of ``todos``): PostgreSQL would not find them."""
    try:
        qualifiers = table_qualifiers(expression)
    except ExpressionError:
        return []
    return sorted(qualifiers - {table_name})


def unknown_columns_problem(expression: str, table: Table) -> str | None:
    if others := other_tables(expression, table.name):
        return f"it reads {others[0]!r}, not its own table {table.name!r}"
    unknown = unknown_columns(expression, table.name, table.columns_by_name)
    names = ", ".join(repr(name) for name in unknown)
    if len(unknown) > 1:
        return f"there are no columns {names} in {table.name}"
    return f"there is no column {names} in {table.name}" if unknown else None


def _type_field(problem: str) -> str:
    """The input a type problem is about: the parameter it names, else the type."""
    for key in ("scale", "precision", "length"):
        if key in problem:
            return key
    return "enum_type" if "enum" in problem else "data_type"


def _reads_columns(expression: str) -> bool:
    try:
        return bool(column_references(expression))
    except ExpressionError:
        return False


def _literal(expression: str | None) -> str | None:
    """The string an expression is, when it is one (``'draft'``, ``'draft'::status``)."""
    if not expression:
        return None
    try:
        node = expression_tree(expression)
    except ExpressionError:
        return None
    node = node.get("TypeCast", {}).get("arg", node)
    return node.get("A_Const", {}).get("sval", {}).get("sval")


def _column_problems(table: Table, column: Column, enums: set[QName]) -> list[Problem]:
    where = f"table {table.qname}, column {column.name}"
    problems = []
    if problem := identifier_problem(column.name, "column name"):
        problems.append(Problem(where, problem, "name"))
    if column.name in SYSTEM_COLUMNS:
        problems.append(
            Problem(where, f"{column.name} is a column PostgreSQL gives every table", "name")
        )
    if problem := type_problem(column.type, enums):
        problems.append(Problem(where, problem, _type_field(problem)))
    if column.default is not None and (problem := expression_problem(column.default)):
        problems.append(Problem(where, f"default: {problem}", "default"))
    elif column.default is not None and _reads_columns(column.default):
        problems.append(
            Problem(
                where,
                "a default cannot read a column: PostgreSQL computes it before the row exists",
                "default",
            )
        )
    if column.check is not None and (
        problem := expression_problem(column.check) or unknown_columns_problem(column.check, table)
    ):
        problems.append(Problem(where, f"check: {problem}", "check_expression"))
    if column.generated is not Generated.NONE:
        kind = "a serial" if column.generated is Generated.SERIAL else "an identity"
        if column.type.base not in INTEGER_TYPES or column.type.array:
            problems.append(
                Problem(where, f"{kind} column must be smallint, integer or bigint", "generated")
            )
        if column.default is not None:
            problems.append(
                Problem(
                    where,
                    f"{kind} column gets its values from a sequence: it cannot have a default",
                    "default",
                )
            )
        if column.nullable:
            problems.append(Problem(where, f"{kind} column must be NOT NULL", "nullable"))
    validation = column.validation
    for bound, what, key in ((validation.ge, "minimum", "ge"), (validation.le, "maximum", "le")):
        if bound is not None and (problem := number_problem(bound, what)):
            problems.append(Problem(where, problem, key))
    low, high = validation.min_length, validation.max_length
    for count, what, key in (
        (low, "minimum length", "min_length"),
        (high, "maximum length", "max_length"),
    ):
        if count is not None and (problem := count_problem(count, what)):
            problems.append(Problem(where, problem, key))
    if validation.pattern is not None and (problem := pattern_problem(validation.pattern)):
        problems.append(Problem(where, problem, "pattern"))
    if low is not None and high is not None and low > high:
        problems.append(
            Problem(where, "the minimum length is above the maximum length", "min_length")
        )
    return problems


def _index_problems(table: Table, index: Index, extensions: tuple[str, ...]) -> list[Problem]:
    where = f"table {table.qname}, index {index.name or ''}".rstrip()
    problems = []
    if index.name is not None and (problem := identifier_problem(index.name, "index name")):
        problems.append(Problem(where, problem, "name"))
    if not index.elements:
        problems.append(Problem(where, "an index needs at least one column or expression", "keys"))
    for element in index.elements:
        if (element.column is None) == (element.expression is None):
            problems.append(Problem(where, "each key is either a column or an expression", "keys"))
        elif element.column is not None and element.column not in table.columns_by_name:
            problems.append(
                Problem(where, f"the index names the unknown column {element.column!r}", "keys")
            )
        elif element.expression is not None and (
            problem := expression_problem(element.expression)
            or unknown_columns_problem(element.expression, table)
        ):
            problems.append(Problem(where, f"expression {element.expression!r}: {problem}", "keys"))
        if index.method is not IndexMethod.BTREE and (element.descending or element.nulls):
            problems.append(Problem(where, f"{index.method} indexes have no sort order", "keys"))
        column = table.columns_by_name.get(element.column or "")
        if column is not None and element.opclass is None:
            supported = index_methods(
                column.type.base, array=column.type.array, extensions=extensions
            )
            if index.method.value not in supported:
                problems.append(
                    Problem(
                        where,
                        f"a {index.method} index cannot cover {column.name}: PostgreSQL has no "
                        f"default operator class for its type",
                        "method",
                    )
                )
    for name in index.include:
        if name not in table.columns_by_name:
            problems.append(Problem(where, f"INCLUDE names the unknown column {name!r}", "include"))
    if index.include and index.method not in {IndexMethod.BTREE, IndexMethod.GIST}:
        problems.append(Problem(where, f"{index.method} indexes cannot INCLUDE columns", "include"))
    if index.unique and index.method is not IndexMethod.BTREE:
        problems.append(Problem(where, "only btree indexes can be unique", "unique"))
    if index.method is IndexMethod.SPGIST and len(index.elements) > 1:
        problems.append(Problem(where, "SP-GiST indexes have exactly one key", "keys"))
    if index.method is IndexMethod.HASH and len(index.elements) > 1:
        problems.append(Problem(where, "hash indexes have exactly one key", "keys"))
    if index.where is not None and (
        problem := expression_problem(index.where) or unknown_columns_problem(index.where, table)
    ):
        problems.append(Problem(where, f"predicate: {problem}", "where"))
    return problems


def _unique_column_sets(schema: Schema, table: Table) -> list[frozenset[str]]:
    """Column sets a foreign key may reference: keys, unique constraints, unique indexes."""
    sets = [frozenset({column.name}) for column in table.columns if column.unique]
    if table.primary_key is not None:
        sets.append(frozenset(table.primary_key.columns))
    sets += [frozenset(unique.columns) for unique in table.uniques]
    sets += [
        frozenset(str(name) for name in index.column_names)
        for index in table.indexes
        if index.unique and index.where is None and all(index.column_names)
    ]
    return sets


def _relationship_problems(schema: Schema, scope: Scope | None) -> list[Problem]:
    problems = []
    relationships, links = schema.relationships, schema.many_to_many
    if scope is not None:
        relationships = tuple(r for r in relationships if r.id in scope.relationships)
        links = tuple(m2m for m2m in links if m2m.id in scope.many_to_many)
    for relationship in relationships:
        where = f"relationship {relationship.from_table} -> {relationship.to_table}"
        source = schema.tables_by_name.get(relationship.from_table)
        target = schema.tables_by_name.get(relationship.to_table)
        if source is None or target is None:
            missing = relationship.from_table if source is None else relationship.to_table
            problems.append(Problem(where, f"the table {missing} does not exist"))
            continue
        pairs = list(zip(relationship.from_columns, relationship.to_columns, strict=False))
        if not pairs or len(relationship.from_columns) != len(relationship.to_columns):
            problems.append(Problem(where, "both sides need the same number of columns"))
            continue
        missing_columns = [
            f"{table.name}.{name}"
            for table, names in (
                (source, relationship.from_columns),
                (target, relationship.to_columns),
            )
            for name in names
            if name not in table.columns_by_name
        ]
        if missing_columns:
            problems.append(Problem(where, f"unknown column {', '.join(missing_columns)}"))
            continue
        if relationship.not_valid and source.partition_by is not None:
            problems.append(
                Problem(
                    where,
                    f"PostgreSQL cannot add a NOT VALID foreign key to the partitioned table "
                    f"{source.name}: make it valid, or put it on the partitions",
                )
            )
        if frozenset(relationship.to_columns) not in _unique_column_sets(schema, target):
            columns = ", ".join(relationship.to_columns)
            problems.append(
                Problem(
                    where,
                    f"{target.name}({columns}) is neither a primary key nor unique, "
                    "so it cannot be referenced",
                )
            )
        for from_name, to_name in pairs:
            from_type = source.column(from_name).type
            to_type = target.column(to_name).type
            if not comparable(from_type, to_type):
                problems.append(
                    Problem(
                        where,
                        f"{source.name}.{from_name} cannot reference {target.name}.{to_name}: "
                        "PostgreSQL cannot compare their types",
                    )
                )
    for m2m in links:
        where = f"many-to-many {m2m.left} <-> {m2m.right}"
        for name in (m2m.left, m2m.right, m2m.through):
            if name not in schema.tables_by_name:
                problems.append(Problem(where, f"the table {name} does not exist"))
        targets = {rel.to_table for rel in schema.relationships_from(m2m.through)}
        if not {m2m.left, m2m.right} <= targets:
            problems.append(
                Problem(where, f"the junction table {m2m.through} must reference both sides")
            )
    return problems


def _extension_problem(name: str, before: tuple[str, ...]) -> str | None:
    """Why ``CREATE EXTENSION name`` would fail after the extensions ``before`` it: the
    designer takes those PostgreSQL itself ships (contrib), which any server may have."""
    if name not in builtins.EXTENSIONS:
        return (
            f"the extension {name!r} is not one that comes with PostgreSQL (such as pg_trgm, "
            f"btree_gist, citext, uuid-ossp)"
        )
    missing = [needed for needed in builtins.EXTENSIONS[name] if needed not in before]
    if missing:
        return f"the extension {name} needs {', '.join(missing)} listed before it"
    return None


def _review_problems(schema: Schema) -> list[Problem]:
    problems = []
    if schema.review_profile not in REVIEW_PROFILES:
        allowed = ", ".join(REVIEW_PROFILES)
        problems.append(
            Problem("review", f"the profile {schema.review_profile!r} is not one of {allowed}")
        )
    keys = [f"{item.rule} {item.target}" for item in schema.suppressions]
    for key in _duplicates(keys):
        problems.append(Problem("review", f"the finding {key} is suppressed twice"))
    return problems


@dataclass(frozen=True)
class _Holder:
    """An object that takes a name in a PostgreSQL schema's relation namespace."""

    name: str
    what: str  # "the table orders", "the index ix_x on orders"...
    where: str
    field: str | None
    table_id: str
    kind: str  # "table", "constraint", "index", "sequence"


@identity_memo(entries=20_000)
def _relation_holders(table: Table) -> list[_Holder]:
    """What of ``table`` takes a name in its schema's relation namespace (do not change
    the list: it is shared, see ``memo.identity_memo``)."""
    where = f"table {table.qname}"
    holders = [_Holder(table.name, f"the table {table.qname}", where, "name", table.id, "table")]
    if table.primary_key is not None and table.primary_key.name:
        holders.append(
            _Holder(
                table.primary_key.name,
                f"the primary key of {table.qname}",
                where,
                "pk_name",
                table.id,
                "constraint",
            )
        )
    for unique in table.uniques:
        if unique.name:
            holders.append(
                _Holder(
                    unique.name,
                    f"the unique constraint {unique.name} of {table.qname}",
                    where,
                    "name",
                    table.id,
                    "constraint",
                )
            )
    for index in table.indexes:
        if index.name:
            holders.append(
                _Holder(
                    index.name,
                    f"the index {index.name} on {table.qname}",
                    f"{where}, index {index.name}",
                    "name",
                    table.id,
                    "index",
                )
            )
    for column in table.columns:
        if column.generated is not Generated.NONE:
            holders.append(
                _Holder(
                    sequence_name(table, column.name),
                    f"the sequence of {table.qname}.{column.name}",
                    f"{where}, column {column.name}",
                    "generated",
                    table.id,
                    "sequence",
                )
            )
    return holders


def _relation_name_problems(schema: Schema, scope: Scope | None = None) -> list[Problem]:
    """Tables, indexes, the indexes of primary keys and unique constraints, and the
    sequences of serial and identity columns share one namespace in each PostgreSQL
    schema: CREATE fails on the second of two with one name. (The names the convention
    gives are chosen free of all of these, see ``naming``.) A clash is reported on each
    object that holds the name, among those a change touched (``scope``), at its input."""
    problems = []
    for namespace in schema.schemas:
        by_name: dict[str, list[_Holder]] = {}
        for table in schema.tables:
            if table.schema == namespace:
                for holder in _relation_holders(table):
                    by_name.setdefault(holder.name, []).append(holder)
        for name, holders in by_name.items():
            if len(holders) < 2 or all(holder.kind == "table" for holder in holders):
                continue  # two tables of one name are reported as such
            if (
                all(h.kind == "constraint" for h in holders)
                and len({h.table_id for h in holders}) == 1
            ):
                continue  # two constraints of one table: "two constraints are named ..."
            for holder in holders:
                if scope is not None and holder.table_id not in scope.tables:
                    continue
                others = [other.what for other in holders if other is not holder]
                problems.append(
                    Problem(
                        holder.where,
                        f"{holder.what} cannot be named {name!r}: {others[0]} has that name "
                        f"(tables, indexes, key constraints and sequences share one namespace "
                        f"in a PostgreSQL schema)",
                        holder.field,
                    )
                )
    return problems


def _convention_name_problems(schema: Schema, scope: Scope | None = None) -> list[Problem]:
    """A name chosen for a key, check, foreign key or index that the convention gives
    another object of the schema (``pk_orders`` for a unique constraint): the DDL would
    have to rename that one (``pk_orders_2``) to make room. Reported at the input."""
    problems = []
    for table in schema.tables:
        if scope is not None and table.id not in scope.tables:
            continue
        where = f"table {table.qname}"
        chosen = [(table.primary_key.name if table.primary_key else None,
                   f"the primary key of {table.qname}", where, "pk_name")]  # fmt: skip
        chosen += [
            (u.name, f"the unique constraint {u.name}", where, "name") for u in table.uniques
        ]
        chosen += [(c.name, f"the check {c.name}", where, "name") for c in table.checks]
        chosen += [(i.name, f"the index {i.name}", f"{where}, index {i.name}", "name")
                   for i in table.indexes]  # fmt: skip
        chosen += [(r.name, f"the foreign key {r.name}", f"{where}, foreign key {r.name}", "name")
                   for r in schema.relationships_from(table.qname)]  # fmt: skip
        if not any(name for name, *_ in chosen):
            continue  # (the convention's names are worked out only when needed)
        taken = conventional_names(schema).get(table.schema, {})
        for name, what, at, key in chosen:
            if name and name in taken:
                problems.append(
                    Problem(
                        at,
                        f"{what} cannot be named {name!r}: the convention gives that name to "
                        f"{taken[name]} (leave the name empty, or choose another)",
                        key,
                    )
                )
    return problems


def _typed_problems(schema: Schema, table: Table) -> list[Problem]:
    """Defaults, checks, index keys and predicates as PostgreSQL types them, and each
    key's operator class (see ``expression_types``): only those that parse and read the
    table's own columns (the rest are reported as such above)."""
    where = f"table {table.qname}"
    columns = {column.name: column.type.without_domain() for column in table.columns}
    enums = schema.enums_by_name

    def types(place: str, immutable: str | None = None) -> ExpressionTypes:
        return ExpressionTypes(columns, enums, schema.extensions, immutable, place)

    def readable(text: str | None, immutable: bool = False) -> bool:
        return (
            bool(text)
            and expression_problem(text) is None
            and not (unknown_columns_problem(text, table))
            and not _uses_own_objects(text, schema, immutable=immutable)
        )

    problems = []
    defaults = schema.derived(_default_verdicts)
    for column in table.columns:
        at = f"{where}, column {column.name}"
        problem = None
        if (
            column.default
            and expression_problem(column.default) is None
            and not _uses_own_objects(column.default, schema)
        ):
            key = (column.default, column.type)
            if key not in defaults:  # (most defaults are the same few: now(), 0, '')
                defaults[key] = _default_type_problem(column, schema)
            problem = defaults[key]
        if problem:
            problems.append(Problem(at, f"default: {problem}", "default"))
        if readable(column.check):
            try:
                types("check constraint").condition(column.check)
            except Refused as refused:
                problems.append(Problem(at, f"check: {refused}", "check_expression"))
    for check in table.checks:
        if readable(check.expression):
            try:
                types("check constraint").condition(check.expression)
            except Refused as refused:
                problems.append(
                    Problem(where, f"check {check.expression!r}: {refused}", "expression")
                )
    for index in table.indexes:
        at = f"{where}, index {index.name or ''}".rstrip()
        for element in index.elements:
            key_type = None
            if element.column is not None:
                key_type = columns.get(element.column)
                if key_type is None:
                    continue
            elif readable(element.expression, immutable=True):
                try:
                    key_type = types("index expression", "index expression").type_of(
                        element.expression
                    )
                except Refused as refused:
                    problems.append(
                        Problem(at, f"expression {element.expression!r}: {refused}", "keys")
                    )
                    continue
                if isinstance(key_type, Literal) or key_type is NULL:
                    problems.append(
                        Problem(
                            at,
                            f"expression {element.expression!r}: PostgreSQL cannot tell the "
                            f"type of a quoted value or NULL alone: write its type, e.g. "
                            f"('x'::text)",
                            "keys",
                        )
                    )
                    continue
                if element.opclass is None and (
                    problem := _default_class_problem(index, key_type, schema)
                ):
                    problems.append(
                        Problem(at, f"expression {element.expression!r}: {problem}", "method")
                    )
            else:
                continue
            if element.opclass is not None and (
                problem := operator_class_problem(
                    element.opclass, index.method.value, key_type, schema.extensions
                )
            ):
                problems.append(Problem(at, problem, "keys"))
        if readable(index.where, immutable=True):
            try:
                types("index predicate", "index predicate").condition(index.where)
            except Refused as refused:
                problems.append(Problem(at, f"predicate: {refused}", "where"))
    return problems


def _default_class_problem(index: Index, key_type, schema: Schema) -> str | None:
    """Why PostgreSQL has no default operator class of the index's method for an
    expression key of this type (None when it has one, or the type is not known)."""
    if isinstance(key_type, Literal):
        key_type = ColumnType("text")
    if not isinstance(key_type, ColumnType):
        return None
    methods = index_methods(key_type.base, array=key_type.array, extensions=schema.extensions)
    if index.method.value in methods:
        return None
    return (
        f"a {index.method} index has no default operator class for {type_name(key_type)}; "
        f"name one, or use another method"
    )


def _default_verdicts(schema: Schema) -> dict[tuple[str, ColumnType], str | None]:
    """A schema's defaults' problems by (default, column type), filled as they are met."""
    return {}


def _default_type_problem(column: Column, schema: Schema) -> str | None:
    """Why PostgreSQL would refuse the column's DEFAULT for the column's type."""
    if type_problem(column.type, set(schema.enums_by_name)) or _reads_columns(column.default):
        return None
    column = replace(column, type=column.type.without_domain())
    if column.type.is_enum and not column.type.array and _literal(column.default) is not None:
        return None  # an enum's value: checked with the enum's values above
    try:
        kind = ExpressionTypes(
            {}, schema.enums_by_name, schema.extensions, None, "DEFAULT expression"
        ).type_of(column.default)
    except Refused as refused:
        return str(refused)
    if isinstance(kind, Literal):
        if problem := literal_problem(kind.text, column.type, schema.enums_by_name):
            return f"{kind.text!r} {problem}"
    elif isinstance(kind, ColumnType) and not assignable(kind, column.type):
        return (
            f"it is of type {type_name(kind)}, which PostgreSQL does not store in a column "
            f"of type {type_name(column.type)}"
        )
    return None


# --- domains, sequences, partitions and objects kept as SQL --------------------------------

# Functions that read a sequence named in a quoted value.
SEQUENCE_FUNCTIONS = frozenset({"nextval", "currval", "setval"})


@dataclass(frozen=True)
class _Own:
    """What a schema has of its own that expressions may name: its functions (kept as
    SQL; those declared IMMUTABLE apart), its sequences (and its serial and identity
    columns'), its types (domains, types kept as SQL)."""

    functions: frozenset[str]
    immutable: frozenset[str]
    sequences: frozenset[QName]
    types: frozenset[str]


_IMMUTABLE = re.compile(r"\bIMMUTABLE\b", re.IGNORECASE)


def _own_names(schema: Schema) -> _Own:
    functions, immutable = set(), set()
    types = {domain.name for domain in schema.domains}
    for item in schema.sql_objects:
        if item.kind in {ObjectKind.FUNCTION, ObjectKind.PROCEDURE, ObjectKind.AGGREGATE}:
            name = item.name.split("(", 1)[0]
            functions.add(name)
            if item.kind is ObjectKind.FUNCTION and _IMMUTABLE.search(item.sql):
                immutable.add(name)
        elif item.kind is ObjectKind.TYPE:
            types.add(item.name)
    sequences = {sequence.qname for sequence in schema.sequences}
    for table in schema.tables:
        for column in table.columns:
            if column.generated is not Generated.NONE:
                sequences.add(QName(table.schema, sequence_name(table, column.name)))
    return _Own(frozenset(functions), frozenset(immutable), frozenset(sequences), frozenset(types))


def _sequence_named(call: dict, sequences: frozenset[QName]) -> bool:
    """Whether ``nextval('name')`` names one of ``sequences`` (the name as a quoted
    value, cast to regclass or text or not)."""
    arguments = call.get("args", [])
    if len(arguments) < 1:
        return False
    argument = arguments[0]
    argument = argument.get("TypeCast", {}).get("arg", argument)
    text = argument.get("A_Const", {}).get("sval", {}).get("sval")
    if not isinstance(text, str):
        return False
    parts = [
        quoted.replace('""', '"') if quoted else plain.strip().lower()
        for quoted, plain in re.findall(r'"((?:[^"]|"")*)"|([^."]+)', text.strip())
    ]
    if len(parts) == 2:
        return QName(parts[0], parts[1]) in sequences
    return len(parts) == 1 and QName("public", parts[0]) in sequences


def _uses_own_objects(text: str, schema: Schema, *, immutable: bool = False) -> bool:
    """Whether an expression calls a function of the schema's own or reads one of its
    sequences, or casts to a type of its own: the designer takes those as PostgreSQL
    will find them, without typing the expression (``expression_types`` knows only
    PostgreSQL's own functions and types). Where the expression must be immutable (an
    index's), only functions declared IMMUTABLE, and no sequence, are taken."""
    own = schema.derived(_own_names)
    if not (own.functions or own.sequences or own.types):
        return False
    try:
        tree = expression_tree(text)
    except ExpressionError:
        return False
    found = False
    stack: list = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            call = node.get("FuncCall")
            if isinstance(call, dict):
                names = [part.get("String", {}).get("sval") for part in call.get("funcname", [])]
                name = names[-1] if names else None
                if name in SEQUENCE_FUNCTIONS:
                    if immutable or not _sequence_named(call, own.sequences):
                        return False  # (typed, and refused, as PostgreSQL's own)
                    found = True
                elif name in (own.immutable if immutable else own.functions):
                    found = True
            type_name = node.get("TypeName") or (node if "typemod" in node else None)
            if isinstance(type_name, dict) and own.types:
                names = [part.get("String", {}).get("sval") for part in type_name.get("names", [])]
                if names and names[-1] in own.types:
                    found = True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _domain_column_problem(schema: Schema, column: Column) -> str | None:
    """A column of a domain names one of the schema's, and repeats its type."""
    domain = schema.domains_by_name.get(column.type.domain)
    if domain is None:
        return f"the domain {column.type.domain} does not exist"
    own = replace(column.type, array=False, domain=None)
    if own != replace(domain.type, domain=None):
        return f"the column's type must be the type of the domain {domain.qname}"
    return None


def _domain_problems(schema: Schema, enums: set[QName]) -> list[Problem]:
    problems = []
    names = [str(domain.qname) for domain in schema.domains]
    for name in _duplicates(names):
        problems.append(Problem(f"domain {name}", "two domains have this name", "name"))
    taken = enums | set(schema.tables_by_name)
    for domain in schema.domains:
        where = f"domain {domain.qname}"
        for name, what, key in (
            (domain.schema, "schema name", "schema_name"),
            (domain.name, "name", "name"),
        ):
            if problem := identifier_problem(name, what):
                problems.append(Problem(where, problem, key))
        if domain.qname in taken:
            problems.append(
                Problem(where, "an enum type or a table (its row type) has this name", "name")
            )
        base = replace(domain.type, domain=None)
        if problem := type_problem(base, enums):
            problems.append(Problem(where, problem, _type_field(problem)))
        inner = domain.type.domain
        if inner is not None and (inner == domain.qname or inner not in schema.domains_by_name):
            problems.append(Problem(where, f"the domain {inner} does not exist", "data_type"))
        if domain.default is not None and (problem := expression_problem(domain.default)):
            problems.append(Problem(where, f"default: {problem}", "default"))
        for check in domain.checks:
            problems.extend(_domain_check_problems(schema, domain, check.expression, where))
        explicit = [check.name for check in domain.checks if check.name]
        for name in explicit:
            if problem := identifier_problem(name, "constraint name"):
                problems.append(Problem(where, problem, "name"))
        for name in _duplicates(explicit):
            problems.append(Problem(where, f"two constraints are named {name!r}", "name"))
        text = text_problem(domain.description, "description", MAX_DESCRIPTION_LENGTH)
        if text:
            problems.append(Problem(where, text, "description"))
    return problems


def _domain_check_problems(
    schema: Schema, domain: Domain, expression: str, where: str
) -> list[Problem]:
    """A domain's check reads VALUE, the value being checked, and nothing else."""
    if problem := expression_problem(expression):
        return [Problem(where, f"check {expression!r}: {problem}", "checks")]
    read = column_references(expression)
    if read - {"value"}:
        name = sorted(read - {"value"})[0]
        return [
            Problem(
                where,
                f"check {expression!r}: a domain's check reads VALUE, not {name!r}",
                "checks",
            )
        ]
    if _uses_own_objects(expression, schema):
        return []
    try:
        ExpressionTypes(
            {"value": replace(domain.type, domain=None)},
            schema.enums_by_name,
            schema.extensions,
            None,
            "check constraint",
        ).condition(expression)
    except Refused as refused:
        return [Problem(where, f"check {expression!r}: {refused}", "checks")]
    return []


def _sequence_problems(schema: Schema) -> list[Problem]:
    problems = []
    for name in _duplicates([str(sequence.qname) for sequence in schema.sequences]):
        problems.append(Problem(f"sequence {name}", "two sequences have this name", "name"))
    for sequence in schema.sequences:
        where = f"sequence {sequence.qname}"
        for name, what, key in (
            (sequence.schema, "schema name", "schema_name"),
            (sequence.name, "name", "name"),
        ):
            if problem := identifier_problem(name, what):
                problems.append(Problem(where, problem, key))
        if sequence.data_type not in INTEGER_TYPES:
            problems.append(
                Problem(where, "a sequence is smallint, integer or bigint", "data_type")
            )
        if sequence.increment == 0:
            problems.append(Problem(where, "the increment cannot be zero", "increment"))
        if sequence.cache < 1:
            problems.append(Problem(where, "the cache must be at least 1", "cache"))
        low, high = sequence.min_value, sequence.max_value
        if low is not None and high is not None and low >= high:
            problems.append(
                Problem(where, "the minimum value must be below the maximum", "min_value")
            )
        if sequence.owned_by is not None:
            table_name, column = sequence.owned_by
            table = schema.tables_by_name.get(table_name)
            if table is None or column not in table.columns_by_name:
                problems.append(
                    Problem(
                        where,
                        f"it is owned by {table_name}.{column}, which does not exist",
                        "owned_by",
                    )
                )
            elif table.schema != sequence.schema:
                problems.append(
                    Problem(
                        where,
                        "a sequence must be in the same schema as the table that owns it",
                        "owned_by",
                    )
                )
        text = text_problem(sequence.description, "description", MAX_DESCRIPTION_LENGTH)
        if text:
            problems.append(Problem(where, text, "description"))
    return problems


def _partition_text_problem(text: str, template: str, key: str) -> str | None:
    """Why a partition key or bound is not exactly that clause (it is written into the
    DDL as it is): one statement, the clause only, no comment."""
    if problem := unstorable_problem(text, "text"):
        return problem
    try:
        tokens = parser.scan(text)
    except parser.ParseError as error:
        return f"it does not read as SQL ({error.args[0] if error.args else 'syntax error'})"
    if any(token.name in {"SQL_COMMENT", "C_COMMENT", "ASCII_59"} for token in tokens):
        return "write the clause alone, without comments or semicolons"
    try:
        tree = json.loads(parser.parse_sql_json(template.format(text)))
    except parser.ParseError as error:
        return f"it does not read as SQL ({error.args[0] if error.args else 'syntax error'})"
    except (RecursionError, ValueError):
        return "it nests too deeply"
    statements = tree.get("stmts", [])
    if len(statements) != 1 or not statements[0]["stmt"].get("CreateStmt", {}).get(key):
        return "write the clause alone"
    return None


def _partition_columns_problem(parent: Table, partition: Table) -> str | None:
    """A partition has exactly its parent's columns, of the same types (PostgreSQL
    refuses to attach it otherwise)."""
    own = partition.columns_by_name
    if missing := [name for name in parent.column_names if name not in own]:
        return f"a partition has its parent's columns: it lacks {', '.join(missing)}"
    if extra := [name for name in partition.column_names if name not in parent.columns_by_name]:
        return f"a partition has only its parent's columns: {', '.join(extra)} is not one"
    for column in parent.columns:
        if own[column.name].type != column.type:
            return f"the column {column.name} has another type than in {parent.name}"
    return None


def _partition_problems(schema: Schema, table: Table) -> list[Problem]:
    where = f"table {table.qname}"
    problems = []
    if table.partition_by is not None and (
        problem := _partition_text_problem(
            table.partition_by, "CREATE TABLE t (a int) PARTITION BY {}", "partspec"
        )
    ):
        problems.append(Problem(where, f"the partition key: {problem}", "partition_by"))
    if table.partition_of is None:
        if table.partition_bound is not None:
            problems.append(
                Problem(where, "a partition bound needs the partitioned table", "partition_of")
            )
        return problems
    parent = schema.tables_by_name.get(table.partition_of)
    if table.partition_of == table.qname:
        problems.append(Problem(where, "a table cannot be a partition of itself", "partition_of"))
    elif parent is None:
        problems.append(
            Problem(where, f"the table {table.partition_of} does not exist", "partition_of")
        )
    elif parent.partition_by is None:
        problems.append(
            Problem(
                where,
                f"{table.partition_of} is not partitioned (it has no PARTITION BY)",
                "partition_of",
            )
        )
    elif problem := _partition_columns_problem(parent, table):
        problems.append(Problem(where, problem))
    if not table.partition_bound:
        problems.append(
            Problem(where, "a partition needs its bound (FOR VALUES ... or DEFAULT)", "bound")
        )
    elif problem := _partition_text_problem(
        table.partition_bound, "CREATE TABLE t PARTITION OF p {}", "partbound"
    ):
        problems.append(Problem(where, f"the partition bound: {problem}", "partition_bound"))
    return problems


def _sql_object_problems(schema: Schema) -> list[Problem]:
    """Objects kept as SQL: a name each, not twice (their text is read by
    ``sql_objects.describe`` when they are added or changed)."""
    problems = []
    keys = [f"{item.kind} {item.qname}" for item in schema.sql_objects]
    for key in _duplicates(keys):
        problems.append(Problem(key, "two objects have this name"))
    for item in schema.sql_objects:
        where = f"{item.kind} {item.qname}"
        if not item.sql.strip():
            problems.append(Problem(where, "the object has no SQL text", "sql"))
        if problem := identifier_problem(item.schema, "schema name"):
            problems.append(Problem(where, problem, "schema_name"))
        text = text_problem(item.description, "description", MAX_DESCRIPTION_LENGTH)
        if text:
            problems.append(Problem(where, text, "description"))
    return problems


def _limit_problems(schema: Schema, tables: Iterable[Table], scope: Scope | None) -> list[Problem]:
    """What the store cannot keep or what is beyond a bound of ``designer.schema.limits``:
    free text, the settings, and the numbers of columns, keys and index keys."""
    problems = []

    def text(where: str, value: str, what: str, limit: int, key: str | None) -> None:
        if problem := text_problem(value, what, limit):
            problems.append(Problem(where, problem, key))

    text("project", schema.name, "project name", MAX_PROJECT_NAME_LENGTH, "name")
    text(
        "project", schema.description, "description", MAX_PROJECT_DESCRIPTION_LENGTH, "description"
    )
    if schema.pg_version not in PG_VERSIONS:
        problems.append(
            Problem(
                "project",
                f"the PostgreSQL version must be from {PG_VERSIONS[0]} to {PG_VERSIONS[-1]}",
                "pg_version",
            )
        )
    for item in schema.suppressions:
        where = f"review, finding {item.rule[:MAX_RULE_LENGTH]}"
        text(where, item.rule, "rule", MAX_RULE_LENGTH, None)
        text(where, item.target, "finding's target", MAX_TARGET_LENGTH, None)
        text(where, item.reason, "reason", MAX_DESCRIPTION_LENGTH, "reason")
    for enum in schema.enums:
        text(
            f"enum {enum.qname}",
            enum.description,
            "description",
            MAX_DESCRIPTION_LENGTH,
            "description",
        )
    for table in tables:
        where = f"table {table.qname}"
        text(where, table.description, "purpose", MAX_DESCRIPTION_LENGTH, "description")
        if len(table.columns) > MAX_COLUMNS:
            problems.append(
                Problem(where, f"a table has at most {MAX_COLUMNS:,} columns in PostgreSQL")
            )
        for column in table.columns:
            text(
                f"{where}, column {column.name}",
                column.description,
                "description",
                MAX_DESCRIPTION_LENGTH,
                "description",
            )
        keys = [("primary key", table.primary_key.columns)] if table.primary_key else []
        keys += [("unique constraint", unique.columns) for unique in table.uniques]
        for what, columns in keys:
            if len(columns) > MAX_KEY_COLUMNS:
                problems.append(
                    Problem(where, f"a {what} has at most {MAX_KEY_COLUMNS} columns", "columns")
                )
        for index in table.indexes:
            at = f"{where}, index {index.name or ''}".rstrip()
            text(at, index.rationale, "rationale", MAX_DESCRIPTION_LENGTH, "rationale")
            if len(index.elements) + len(index.include) > MAX_KEY_COLUMNS:
                problems.append(
                    Problem(
                        at,
                        f"an index has at most {MAX_KEY_COLUMNS} keys and INCLUDE columns",
                        "keys",
                    )
                )
    relationships, links = schema.relationships, schema.many_to_many
    if scope is not None:
        relationships = tuple(r for r in relationships if r.id in scope.relationships)
        links = tuple(m2m for m2m in links if m2m.id in scope.many_to_many)
    attributes = [
        (f"relationship {r.from_table} -> {r.to_table}", r, ("from_attribute", "to_attribute"))
        for r in relationships
    ]
    attributes += [
        (f"many-to-many {m.left} <-> {m.right}", m, ("left_attribute", "right_attribute"))
        for m in links
    ]
    for where, item, keys in attributes:
        for key in keys:
            value = getattr(item, key)
            if value is not None:
                text(where, value, "attribute name", MAX_ATTRIBUTE_LENGTH, key)
    for relationship in relationships:
        if len(relationship.from_columns) > MAX_KEY_COLUMNS:
            where = f"relationship {relationship.from_table} -> {relationship.to_table}"
            problems.append(Problem(where, f"a foreign key has at most {MAX_KEY_COLUMNS} columns"))
    return problems
