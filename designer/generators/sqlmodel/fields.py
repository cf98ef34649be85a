"""One column as a field line: ``name: annotation = Field(...)``, in each kind of class.

``Context`` says which class the line is for:

- ``TABLE``: the table model and ``<Name>Base`` (whose fields the table inherits): the
  Python default, the validation, and what only the database needs -- ``primary_key``,
  ``foreign_key`` / ``ondelete``, ``unique``, ``nullable=False``, ``sa_type`` when
  SQLModel would not infer it, identity, and ``sa_column_kwargs`` for the real column
  name, the server default and the comment;
- ``CREATE``: what a client sends: the default and the validation;
- ``UPDATE``: the same validation, every field optional;
- ``READ``: the type alone, optional where the column is nullable.
"""

from __future__ import annotations

from enum import Enum

from designer.generators import ddl
from designer.schema.expressions import needs_parentheses
from designer.schema.model import Generated

from . import code
from . import imports as imp
from .code import Atom, Node, Str, call, dict_of, list_of
from .plan import FieldPlan, foreign_key_target
from .sqlcalls import sql_text

_NUMBERS = frozenset({"int", "float", "Decimal"})
_INTEGERS = frozenset({"smallint", "integer", "bigint"})
_IDENTITY = frozenset({Generated.IDENTITY_ALWAYS, Generated.IDENTITY_BY_DEFAULT})


class Context(Enum):
    TABLE = "table"
    CREATE = "create"
    UPDATE = "update"
    READ = "read"


def field_lines(
    fields: tuple[FieldPlan, ...], context: Context, needed: set[imp.Import]
) -> list[str]:
    """The class-body lines of ``fields`` (after a blank line), noting the imports used."""
    lines = [""] if fields else []
    for plan in fields:
        annotation, value = field(plan, context, needed)
        needed |= plan.python.imports
        target = f"{plan.attribute}: {annotation}"
        if value is None:
            lines.append(code.INDENT + target)
        else:
            lines += code.statement(target, value, code.INDENT)
    return lines


def field(plan: FieldPlan, context: Context, needed: set[imp.Import]) -> tuple[str, Node | None]:
    """The annotation and the value (a ``Field(...)`` call, a default, or None) of a field."""
    annotation = plan.python.annotation
    if context is Context.UPDATE or (context is Context.READ and plan.column.nullable):
        optional, default = True, ("default", Atom("None"))
    elif context is Context.READ:
        optional, default = False, None
    else:
        optional, default = plan.optional, _default(plan, needed)
    if optional:
        annotation += " | None"
    keywords: list[tuple[str, Node]] = [default] if default is not None else []
    if context is not Context.READ:
        keywords += _validation(plan)
    if context is Context.TABLE:
        keywords += _database_keywords(plan, needed)
    if not keywords:
        return annotation, None
    if len(keywords) == 1 and keywords[0][0] == "default":
        return annotation, keywords[0][1]
    needed.add(imp.FIELD)
    return annotation, code.Call("Field", tuple(code.Arg(value, key) for key, value in keywords))


def _default(plan: FieldPlan, needed: set[imp.Import]) -> tuple[str, Node] | None:
    if plan.default is not None:
        needed |= plan.default.imports
        if plan.default.factory:
            return ("default_factory", Atom(plan.default.factory))
        assert plan.default.value is not None
        return ("default", plan.default.value)
    return ("default", Atom("None")) if plan.optional else None


def _validation(plan: FieldPlan) -> list[tuple[str, Node]]:
    """The record's validation, where pydantic can apply it to the field's type."""
    rules = plan.column.validation
    kind = plan.python.annotation
    keywords: list[tuple[str, Node]] = []
    if kind == "str":
        if rules.min_length is not None:
            keywords.append(("min_length", Atom(str(rules.min_length))))
        if plan.max_length is not None:
            keywords.append(("max_length", Atom(str(plan.max_length))))
    if kind in _NUMBERS:
        for keyword, bound in (("ge", rules.ge), ("le", rules.le)):
            number = _number(bound) if bound is not None else None
            if number is not None:
                keywords.append((keyword, number))
    if kind == "str" and rules.pattern:
        # SQLModel's own regex= is silently dropped with pydantic 2; pattern= is applied.
        keywords.append(("schema_extra", dict_of([("pattern", Str(rules.pattern))])))
    return keywords


def _number(text: str) -> Atom | None:
    """A bound as a Python number: ``0`` stays an int, ``0.5`` a float; NaN is dropped."""
    try:
        value = float(text)
    except ValueError:
        return None
    if value != value or value in {float("inf"), float("-inf")}:
        return None
    if text.strip().lstrip("+-").isdigit():
        return Atom(str(int(text)))
    return Atom(repr(value))


def _database_keywords(plan: FieldPlan, needed: set[imp.Import]) -> list[tuple[str, Node]]:
    """Key, foreign key, uniqueness, NOT NULL, the SQL type and the column's extras."""
    column = plan.column
    keywords: list[tuple[str, Node]] = []
    if plan.primary_key:
        keywords.append(("primary_key", Atom("True")))
    if plan.foreign_key is not None:
        target = foreign_key_target(plan.foreign_key, plan.foreign_key.to_columns[0])
        keywords.append(("foreign_key", Str(target)))
        keywords.append(("ondelete", Str(plan.foreign_key.on_delete.value)))
    if plan.unique:
        keywords.append(("unique", Atom("True")))
    if not column.nullable and not plan.primary_key:
        keywords.append(("nullable", Atom("False")))
    if column.generated is Generated.SERIAL and not plan.native_serial:
        spelling = ddl.SERIAL_TYPES[column.type.base]
        keywords.append(("sa_type", call("Serial", Str(spelling))))
    elif not plan.python.inferred:
        keywords.append(("sa_type", plan.python.sa_type))
        needed |= plan.python.sa_imports
    if column.generated in _IDENTITY:
        always = Atom(str(column.generated is Generated.IDENTITY_ALWAYS))
        keywords.append(("sa_column_args", list_of([call("sa.Identity", always=always)])))
    extra = _column_keywords(plan)
    if extra:
        keywords.append(("sa_column_kwargs", dict_of(extra)))
    return keywords


def _column_keywords(plan: FieldPlan) -> list[tuple[str, Node]]:
    """``sa_column_kwargs``: the real name, the server default, the comment."""
    column = plan.column
    extra: list[tuple[str, Node]] = []
    if plan.attribute != column.name:
        extra.append(("name", Str(column.name)))
    if column.default is not None:
        text = f"({column.default})" if needs_parentheses(column.default) else column.default
        extra.append(("server_default", sql_text(text)))
    natural_integer_key = (
        plan.single_key
        and column.type.base in _INTEGERS
        and column.generated is Generated.NONE
        and column.default is None
    )
    if natural_integer_key:
        # SQLAlchemy would otherwise make the one integer key a SERIAL.
        extra.append(("autoincrement", Atom("False")))
    if column.description:
        extra.append(("comment", Str(column.description.replace("\x00", ""))))
    return extra
