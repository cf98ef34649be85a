"""Column types as written, and the statements that define types: enums and domains.

A type is a registry type (``designer.schema.types``, found by PostgreSQL's catalog
name, so ``int4``, ``INT`` and ``integer`` are all ``integer``), a serial pseudo-type,
or the name of a user type (an enum, a domain, or one the model lacks). User types are
resolved in ``build`` once the whole script is read: a type defined after a table that
uses it in the script is still found.
"""

from __future__ import annotations

from dataclasses import replace

from designer.schema.model import ColumnType
from designer.schema.sqltext import BUILTIN_TYPE_NAMES
from designer.schema.types import TYPE_BY_CATALOG, Params

from .draft import DraftCheck, DraftDomain, DraftEnum, Drafts, DraftType
from .parsing import Statement
from .tree import Node, identifier, integer, strings

SERIAL_TYPES = {
    "serial": "integer",
    "serial4": "integer",
    "bigserial": "bigint",
    "serial8": "bigint",
    "smallserial": "smallint",
    "serial2": "smallint",
}
# interval's first type modifier is a mask of the fields it holds; this one is all.
_INTERVAL_FULL_RANGE = 0x7FFF


def type_text(type_name: Node) -> str:
    """How a type reads in messages: ``point``, ``public.citext[]``, ``bit(3)``."""
    names = [name for name in strings(type_name.get("names")) if name != "pg_catalog"]
    modifiers = [integer(item) for item in type_name.get("typmods", [])]
    text = ".".join(names)
    if modifiers and all(value is not None for value in modifiers):
        text += f"({','.join(str(value) for value in modifiers)})"
    return text + ("[]" if type_name.get("arrayBounds") else "")


def read_type(type_name: Node, drafts: Drafts) -> DraftType:
    """The type a TypeName node names (the user types are resolved later)."""
    names = tuple(identifier(name) for name in strings(type_name.get("names")))
    array = bool(type_name.get("arrayBounds"))
    if type_name.get("setof") or type_name.get("pct_type") or not names:
        return DraftType(None, text=type_text(type_name))
    builtin = len(names) == 1 or (len(names) == 2 and names[0] == "pg_catalog")
    if builtin and names[-1] in SERIAL_TYPES and len(names) == 1 and not array:
        return DraftType(ColumnType(SERIAL_TYPES[names[-1]]), text=names[-1], serial=True)
    info = TYPE_BY_CATALOG.get(names[-1]) if builtin else None
    if info is None and builtin and (len(names) == 2 or names[0] in BUILTIN_TYPE_NAMES):
        # pg_catalog comes first on the search path: ``point`` is the built-in point
        # even when the script has a type of that name in public.
        return DraftType(None, text=type_text(type_name))
    if info is None:
        qname = drafts.find_type(names)
        return DraftType(None, name=qname, array=array, text=type_text(type_name))
    modifiers = [integer(item) for item in type_name.get("typmods", [])]
    column_type = None
    if all(value is not None for value in modifiers):
        column_type = _with_modifiers(info.key, info.params, modifiers, array)
    # The text is only for messages, which only a type the model cannot hold needs.
    text = type_text(type_name) if column_type is None else ""
    return DraftType(column_type, array=array, text=text)


def _with_modifiers(
    key: str, params: Params, modifiers: list[int | None], array: bool
) -> ColumnType | None:
    """The registry type with its parameters, or None when the model cannot hold them."""
    if key == "interval" and modifiers:
        if modifiers[0] != _INTERVAL_FULL_RANGE:
            return None  # interval YEAR TO MONTH and the like
        modifiers = modifiers[1:]
    if not modifiers:
        return ColumnType(key, array=array)
    if params is Params.LENGTH and len(modifiers) == 1:
        return ColumnType(key, length=modifiers[0], array=array)
    if params is Params.FRACTIONAL_SECONDS and len(modifiers) == 1:
        return ColumnType(key, precision=modifiers[0], array=array)
    if params is Params.PRECISION_SCALE and len(modifiers) in {1, 2}:
        scale = modifiers[1] if len(modifiers) == 2 else None
        return ColumnType(key, precision=modifiers[0], scale=scale, array=array)
    return None


def create_enum(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    qname = drafts.qualify(tuple(identifier(n) for n in strings(node["typeName"])))
    values = [item["String"].get("sval", "") for item in node.get("vals", [])]
    drafts.enums[qname] = DraftEnum(qname, values)


def alter_enum(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    qname = drafts.find_type(tuple(identifier(n) for n in strings(node["typeName"])))
    enum = drafts.enums.get(qname)
    if enum is None:
        drafts.summary.skip("statement", statement.summary)
        return
    new = node.get("newVal", "")
    if "oldVal" in node:
        enum.values = [new if value == node["oldVal"] else value for value in enum.values]
        return
    if new in enum.values:
        return
    neighbour = node.get("newValNeighbor")
    if neighbour in enum.values:
        after = node.get("newValIsAfter", False)  # BEFORE is the omitted false
        enum.values.insert(enum.values.index(neighbour) + after, new)
    else:
        enum.values.append(new)


def create_domain(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    qname = drafts.qualify(tuple(identifier(n) for n in strings(node["domainname"])))
    domain = DraftDomain(qname, read_type(node["typeName"], drafts))
    for item in node.get("constraints", []):
        _domain_constraint(domain, item["Constraint"], drafts)
    if node.get("collClause"):
        drafts.summary.skip("collation", f"domain {qname}")
    drafts.domains[qname] = domain
    drafts.schemas.add(qname.schema)


def _domain_constraint(domain: DraftDomain, constraint: Node, drafts: Drafts) -> None:
    kind = constraint.get("contype")
    if kind == "CONSTR_NOTNULL":
        domain.not_null = True
    elif kind == "CONSTR_NULL":
        domain.not_null = False
    elif kind == "CONSTR_DEFAULT":
        domain.default = constraint.get("raw_expr")
    elif kind == "CONSTR_CHECK":
        name = identifier(constraint["conname"]) if constraint.get("conname") else None
        not_valid = bool(constraint.get("skip_validation"))
        domain.checks.append(DraftCheck(constraint["raw_expr"], name, not_valid))


def alter_domain(statement: Statement, drafts: Drafts) -> None:
    """ALTER DOMAIN: SET / DROP DEFAULT, SET / DROP NOT NULL, ADD / DROP / VALIDATE
    CONSTRAINT, as they change the domain."""
    node = statement.node
    qname = drafts.find_type(tuple(identifier(n) for n in strings(node.get("typeName"))))
    domain = drafts.domains.get(qname)
    subtype = node.get("subtype")
    if domain is None:
        drafts.summary.skip("statement", statement.summary)
        return
    name = identifier(node["name"]) if node.get("name") else None
    if subtype == "T":
        domain.default = node.get("def")
    elif subtype == "N":
        domain.not_null = False
    elif subtype == "O":
        domain.not_null = True
    elif subtype == "C":
        _domain_constraint(domain, node["def"]["Constraint"], drafts)
    elif subtype == "X":
        domain.checks = [check for check in domain.checks if check.name != name]
    elif subtype == "V":
        for check in domain.checks:
            if check.name == name:
                check.not_valid = False
    else:
        drafts.summary.skip("statement", statement.summary)


def resolve_type(draft: DraftType, drafts: Drafts) -> ColumnType | None:
    """The model type of a column type (a domain's repeats the domain's own type), or
    None when the model cannot hold it."""
    return _resolve(draft, drafts, depth=0)


def _resolve(draft: DraftType, drafts: Drafts, depth: int) -> ColumnType | None:
    if draft.known is not None:
        return draft.known
    if draft.name is None:
        return None
    if draft.name in drafts.enums:
        return ColumnType("enum", enum=draft.name, array=draft.array)
    domain = drafts.domains.get(draft.name)
    if domain is None or depth > 20:
        return None
    base = _resolve(domain.type, drafts, depth + 1)
    if base is None or base.array:
        # (a column of a domain over an array type would read as an array of the domain)
        return None if draft.array or depth == 0 else replace(base, domain=draft.name)
    return replace(base, array=base.array or draft.array, domain=draft.name)
