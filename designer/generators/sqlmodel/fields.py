"""One column as a field line: ``name: annotation = Field(...)``, in each kind of class.

``Context`` says which class the line is for:

- ``TABLE``: the table model and ``<Name>Base`` (whose fields the table inherits): the
  Python default, the validation, and what only the database needs -- ``primary_key``,
  ``foreign_key`` / ``ondelete``, ``unique``, ``nullable=False``, ``sa_type`` when
  SQLModel would not infer it, identity, and ``sa_column_kwargs`` for the real column
  name, the server default (as Alembic compares it: ``server_defaults.py``) and the
  comment;
- ``CREATE``: what a client sends: the default and the validation;
- ``UPDATE``: the same validation, every field optional;
- ``READ``: the type alone, optional where the column is nullable.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache

from designer.generators import ddl
from designer.schema.expressions import needs_parentheses
from designer.schema.model import Action, Generated

from . import code
from . import imports as imp
from .checks import CheckRules
from .code import FALSE, NONE, TRUE, Arg, Atom, Node, Str, call, dict_of, list_of
from .plan import FieldPlan, foreign_key_target
from .server_defaults import server_default_text
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
    value_of = _VALUES[context]
    lines = [""] if fields else []
    for plan in fields:
        annotation, value = value_of(plan, needed)
        needed |= plan.python.imports
        if value is None:
            lines.append(f"{code.INDENT}{plan.attribute}: {annotation}")
        else:  # code.statement, without a second format of the target
            lines += value.lines(f"{code.INDENT}{plan.attribute}: {annotation} = ", code.INDENT, "")
    return lines


def field(plan: FieldPlan, context: Context, needed: set[imp.Import]) -> tuple[str, Node | None]:
    """The annotation and the value (a ``Field(...)`` call, a default, or None) of a field."""
    return _VALUES[context](plan, needed)


# Keyword arguments many fields share; nodes never change, so one of each serves them all.
_DEFAULT_NONE = Arg(NONE, "default")
_PRIMARY_KEY = Arg(TRUE, "primary_key")
_UNIQUE = Arg(TRUE, "unique")
_NOT_NULL = Arg(FALSE, "nullable")
_ON_DELETE = {action: Arg(Str(action.value), "ondelete") for action in Action}


def _table_value(plan: FieldPlan, needed: set[imp.Import]) -> tuple[str, Node | None]:
    optional = plan.optional
    default = _default(plan, optional, needed)
    keywords = _validation(plan) + _database_keywords(plan, needed)
    return _value(plan, optional, default, keywords, needed)


def _create_value(plan: FieldPlan, needed: set[imp.Import]) -> tuple[str, Node | None]:
    optional = plan.optional
    default = _default(plan, optional, needed)
    return _value(plan, optional, default, _validation(plan), needed)


def _update_value(plan: FieldPlan, needed: set[imp.Import]) -> tuple[str, Node | None]:
    return _value(plan, True, _DEFAULT_NONE, _validation(plan), needed)


def _read_value(plan: FieldPlan, needed: set[imp.Import]) -> tuple[str, Node | None]:
    if plan.column.nullable:
        return f"{plan.python.annotation} | None", NONE
    return plan.python.annotation, None


# One function per context, chosen once per class rather than tested for on every field.
_VALUES = {
    Context.TABLE: _table_value,
    Context.CREATE: _create_value,
    Context.UPDATE: _update_value,
    Context.READ: _read_value,
}


def _value(
    plan: FieldPlan,
    optional: bool,
    default: Arg | None,
    keywords: list[Arg],
    needed: set[imp.Import],
) -> tuple[str, Node | None]:
    """``X`` or ``X | None``, and the default alone or a ``Field(...)`` with the keywords."""
    annotation = plan.python.annotation + " | None" if optional else plan.python.annotation
    if default is not None:
        if not keywords and default.keyword == "default":
            return annotation, default.value
        keywords = [default, *keywords]
    if not keywords:
        return annotation, None
    needed.add(imp.FIELD)
    return annotation, code.Call("Field", tuple(keywords))


def _default(plan: FieldPlan, optional: bool, needed: set[imp.Import]) -> Arg | None:
    if plan.default is not None:
        needed |= plan.default.imports
        if plan.default.factory:
            return _factory(plan.default.factory)
        assert plan.default.value is not None
        return Arg(plan.default.value, "default")
    return _DEFAULT_NONE if optional else None


@lru_cache(maxsize=16)
def _factory(factory: str) -> Arg:
    """``default_factory=...``: one of a few (``uuid.uuid4``, ``utc_now``), made once."""
    return Arg(Atom(factory), "default_factory")


def _validation(plan: FieldPlan) -> list[Arg]:
    """The record's validation and what the column's checks say (``checks.py``), where
    pydantic can apply it to the field's type; the stricter of two rules of one kind."""
    kind = plan.python.annotation
    if kind != "str" and kind not in _NUMBERS:
        return []  # most fields (and a Literal: its values say it all)
    rules = plan.column.validation
    checks = plan.rules or _NO_RULES
    keywords: list[Arg] = []
    if kind == "str":
        low = [n for n in (rules.min_length, checks.min_length) if n is not None]
        high = [n for n in (plan.max_length, checks.max_length) if n is not None]
        if low:
            keywords.append(Arg(Atom(str(max(low))), "min_length"))
        if high:
            keywords.append(Arg(Atom(str(min(high))), "max_length"))
    if kind in _NUMBERS:
        keywords += _bounds(plan, kind)
    if kind == "str" and rules.pattern:
        # SQLModel's own regex= is silently dropped with pydantic 2; pattern= is applied.
        keywords.append(Arg(dict_of([("pattern", Str(rules.pattern))]), "schema_extra"))
    return keywords


_NO_RULES = CheckRules()


def _bounds(plan: FieldPlan, kind: str) -> list[Arg]:
    """``gt`` / ``ge`` / ``lt`` / ``le``: the record's ``ge`` and ``le``, and the checks'."""
    found: dict[str, tuple[Decimal, str]] = {}  # keyword -> (value, text), the strictest

    def add(keyword: str, text: str | None, value: Decimal | None = None) -> None:
        if text is None:
            return
        if value is None:
            try:
                value = Decimal(text)
            except InvalidOperation:
                return
            if not value.is_finite():
                return
        current = found.get(keyword)
        stricter = keyword in {"gt", "ge"} and (current is None or value > current[0])
        stricter |= keyword in {"lt", "le"} and (current is None or value < current[0])
        if stricter:
            found[keyword] = (value, text)

    rules, checks = plan.column.validation, plan.rules or _NO_RULES
    add("ge", rules.ge)
    add("le", rules.le)
    if checks.lower is not None:
        add("gt" if checks.lower.strict else "ge", checks.lower.text, checks.lower.value)
    if checks.upper is not None:
        add("lt" if checks.upper.strict else "le", checks.upper.text, checks.upper.value)
    keywords = []
    for keyword in ("gt", "ge", "lt", "le"):
        if keyword in found:
            value, text = found[keyword]
            if kind == "Decimal" and value != value.to_integral_value():
                # Decimal("0.1"), not the float 0.1 (which a Decimal 0.1 is not >= to).
                keywords.append(Arg(call("Decimal", Str(str(value))), keyword))
                continue
            number = _number(text) if value != value.to_integral_value() else Atom(str(int(value)))
            if number is not None:
                keywords.append(Arg(number, keyword))
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


def _database_keywords(plan: FieldPlan, needed: set[imp.Import]) -> list[Arg]:
    """Key, foreign key, uniqueness, NOT NULL, the SQL type and the column's extras."""
    column = plan.column
    keywords: list[Arg] = []
    if plan.primary_key:
        keywords.append(_PRIMARY_KEY)
    if plan.foreign_key is not None:
        target = foreign_key_target(plan.foreign_key, plan.foreign_key.to_columns[0])
        keywords.append(Arg(Str(target), "foreign_key"))
        keywords.append(_ON_DELETE[plan.foreign_key.on_delete])
    if plan.unique:
        keywords.append(_UNIQUE)
    if not column.nullable and not plan.primary_key:
        keywords.append(_NOT_NULL)
    if column.generated is Generated.SERIAL and not plan.native_serial:
        spelling = ddl.SERIAL_TYPES[column.type.base]
        keywords.append(Arg(call("Serial", Str(spelling)), "sa_type"))
    elif not plan.python.inferred:
        keywords.append(Arg(plan.python.sa_type, "sa_type"))
        needed |= plan.python.sa_imports
    if column.generated in _IDENTITY:
        always = Atom(str(column.generated is Generated.IDENTITY_ALWAYS))
        keywords.append(Arg(list_of([call("sa.Identity", always=always)]), "sa_column_args"))
    column_kwargs = _column_kwargs(plan)
    if column_kwargs is not None:
        keywords.append(column_kwargs)
    return keywords


def _column_kwargs(plan: FieldPlan) -> Arg | None:
    """``sa_column_kwargs``: the real name, the server default, the comment."""
    column = plan.column
    name = column.name if plan.attribute != column.name else None
    natural_integer_key = (
        plan.single_key
        and column.type.base in _INTEGERS
        and column.generated is Generated.NONE
        and column.default is None
    )
    plain = name is None and column.default is None and not column.description
    if plain and not natural_integer_key:
        return None  # most columns
    default = column.default
    if default is not None:
        default = server_default_text(default, column.type)
    return _column_kwargs_of(name, default, natural_integer_key, column.description)


@lru_cache(maxsize=1024)
def _column_kwargs_of(
    name: str | None, default: str | None, natural_integer_key: bool, comment: str
) -> Arg | None:
    """Cached: many columns share a default and nothing else (``now()``,
    ``gen_random_uuid()``, ``false``), and a node never changes."""
    extra: list[tuple[str, Node]] = []
    if name is not None:
        extra.append(("name", Str(name)))
    if default is not None:
        text = f"({default})" if needs_parentheses(default) else default
        extra.append(("server_default", sql_text(text)))
    if natural_integer_key:
        # SQLAlchemy would otherwise make the one integer key a SERIAL.
        extra.append(("autoincrement", FALSE))
    if comment:
        extra.append(("comment", Str(comment.replace("\x00", ""))))
    return Arg(dict_of(extra), "sa_column_kwargs") if extra else None
