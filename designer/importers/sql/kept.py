"""Objects kept as their SQL text: views, materialized views, functions, procedures,
aggregates, triggers, policies, rules, composite and range types, comments on schemas
and extensions, and a table's options (CLUSTER ON, a column's STATISTICS or STORAGE).

Each is kept as the statements the script wrote for it, in the order the script creates
them (``Drafts.objects``): its CREATE, then what later statements add to it (its
COMMENT, ``ALTER FUNCTION ... SET``, a materialized view's indexes and CLUSTER);
``CREATE OR REPLACE`` replaces it and DROP takes it back. ``build`` turns each into a
``SqlObject`` with ``designer.schema.sql_objects.describe`` — the one reading of such
text the editor uses too — once the tables are known.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import replace

from designer.schema.model import ObjectKind, QName, Schema, SqlObject, Table
from designer.schema.sql_objects import (
    SqlObjectError,
    describe,
    is_table_option,
    object_routine,
    routine_signature,
)

from .draft import DraftObject, Drafts
from .parsing import Statement
from .tree import Node, identifier, strings


def relation_name(relation: Node, drafts: Drafts, *, new: bool = False) -> QName:
    """The qualified name of a RangeVar (as ``tables.relation_name``, which needs this
    module)."""
    names = tuple(
        identifier(relation[key]) for key in ("schemaname", "relname") if relation.get(key)
    )
    return drafts.qualify(names) if new else drafts.find_table(names)


_SUMMARY_KINDS = {
    ObjectKind.VIEW: "view",
    ObjectKind.MATERIALIZED_VIEW: "materialized view",
    ObjectKind.FUNCTION: "function",
    ObjectKind.PROCEDURE: "procedure",
    ObjectKind.AGGREGATE: "aggregate",
    ObjectKind.TRIGGER: "trigger",
    ObjectKind.POLICY: "policy",
    ObjectKind.RULE: "rule",
    ObjectKind.TYPE: "type",
    ObjectKind.COMMENT: "comment",
    ObjectKind.TABLE_OPTION: "table option",
    ObjectKind.OTHER: "other object",
}


def summary_kind(kind: ObjectKind) -> str:
    return _SUMMARY_KINDS[kind]


def _text(statement: Statement) -> str:
    return statement.text.rstrip().rstrip(";").rstrip() + ";"


def add_object(drafts: Drafts, key: tuple, kind: str, label: str, statement: Statement) -> None:
    """A new object (``CREATE OR REPLACE`` of one already there replaces it in place)."""
    drafts.objects[key] = DraftObject(key, kind, label, [_text(statement)])


def attach(drafts: Drafts, key: tuple | None, statement: Statement) -> bool:
    """Add a statement to the object ``key`` names; False when there is none."""
    item = drafts.objects.get(key) if key is not None else None
    if item is None:
        return False
    item.statements.append(_text(statement))
    return True


def remove(drafts: Drafts, key: tuple) -> bool:
    return drafts.objects.pop(key, None) is not None


# --- the keys objects are found by ------------------------------------------------------------


def relation_key(qname: QName) -> tuple:
    return ("relation", qname)


def type_key(qname: QName) -> tuple:
    return ("type", qname)


def routine_key(qname: QName, signature: str) -> tuple:
    return ("routine", QName(qname.schema, signature))


def on_table_key(kind: str, table: QName, name: str) -> tuple:
    return (kind, table, name)


def routines_named(drafts: Drafts, target: Node) -> list[tuple]:
    """The routine objects an ObjectWithArgs names (all of that name when it gives no
    arguments), along the search path for an unqualified name."""
    qname, signature = object_routine(target)
    body = target.get("ObjectWithArgs", target)
    names = tuple(identifier(name) for name in strings(body.get("objname")))
    schemas = [names[-2]] if len(names) >= 2 else list(drafts.search_path)
    found = []
    for schema in schemas:
        for key in drafts.objects:
            if key[0] != "routine" or key[1].schema != schema:
                continue
            base = key[1].name.split("(", 1)[0]
            if base == qname.name and signature in {None, key[1].name}:
                found.append(key)
        if found:
            break
    return found


# --- statements ---------------------------------------------------------------------------------


def create_view(statement: Statement, drafts: Drafts) -> None:
    qname = relation_name(statement.node["view"], drafts, new=True)
    drafts.others[qname] = "view"
    add_object(drafts, relation_key(qname), "view", str(qname), statement)


def create_matview(statement: Statement, drafts: Drafts, qname: QName) -> None:
    drafts.others[qname] = "materialized view"
    add_object(drafts, relation_key(qname), "materialized view", str(qname), statement)


def create_routine(statement: Statement, drafts: Drafts) -> tuple:
    node = statement.node
    names = tuple(identifier(name) for name in strings(node["funcname"]))
    qname = drafts.qualify(names)
    signature = routine_signature(names, node.get("parameters", []))
    key = routine_key(qname, signature)
    kind = "procedure" if node.get("is_procedure") else "function"
    add_object(drafts, key, kind, _routine_label(qname, signature), statement)
    return key


def _routine_label(qname: QName, signature: str) -> str:
    return signature if qname.schema == "public" else f"{qname.schema}.{signature}"


def create_aggregate(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    names = tuple(identifier(name) for name in strings(node.get("defnames")))
    qname = drafts.qualify(names)
    arguments = node.get("args") or []
    parameters = (
        arguments[0]["List"].get("items", []) if arguments and "List" in arguments[0] else []
    )
    signature = routine_signature(names, parameters)
    label = _routine_label(qname, signature)
    add_object(drafts, routine_key(qname, signature), "aggregate", label, statement)


def create_type(statement: Statement, drafts: Drafts, qname: QName) -> None:
    drafts.others[qname] = "type"
    add_object(drafts, type_key(qname), "type", str(qname), statement)


def create_on_table(statement: Statement, drafts: Drafts, kind: str) -> None:
    """CREATE POLICY and CREATE RULE: objects of a table."""
    node = statement.node
    table = relation_name(node["table"] if "table" in node else node["relation"], drafts)
    name = identifier(node.get("policy_name") or node.get("rulename", ""))
    add_object(drafts, on_table_key(kind, table, name), kind, f"{name} on {table}", statement)


def create_trigger_object(statement: Statement, drafts: Drafts, table: QName, name: str) -> tuple:
    key = on_table_key("trigger", table, name)
    add_object(drafts, key, "trigger", f"{name} on {table}", statement)
    return key


def table_option(statement: Statement, drafts: Drafts) -> bool:
    """ALTER TABLE commands that only set a table's options, and CLUSTER: kept as an
    object of their own (after the table's trigger when they enable or disable one);
    False when the statement is not one."""
    node = statement.node
    if not is_table_option(statement.kind, node):
        return False
    table = relation_name(node["relation"], drafts)
    if attach(drafts, relation_key(table), statement):
        return True  # a materialized view's CLUSTER, a view's options
    commands = [item["AlterTableCmd"] for item in node.get("cmds", [])]
    triggers = {
        on_table_key("trigger", table, identifier(command.get("name", "")))
        for command in commands
        if "Trig" in command.get("subtype", "")
    }
    if len(triggers) == 1 and len(commands) == 1 and attach(drafts, triggers.pop(), statement):
        return True
    if table not in drafts.tables:
        return False
    drafts.option_count += 1
    key = ("option", drafts.option_count)
    add_object(drafts, key, "table option", f"{table} ({statement.summary})", statement)
    return True


def comment_on_schema(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    what = node["objtype"].removeprefix("OBJECT_").lower()
    target = node.get("object", {}).get("String", {}).get("sval", "")
    key = ("comment", what, target)
    if node.get("comment") is None:  # COMMENT ... IS NULL takes it back
        remove(drafts, key)
        return
    add_object(drafts, key, "comment", f"{what} {target}", statement)


def comment_on_object(statement: Statement, drafts: Drafts, kind: str, names: tuple) -> bool:
    """A comment on an object kept as SQL (or on a column of a view): it goes with it."""
    node = statement.node
    target = node.get("object", {})
    keys: list[tuple] = []
    if kind in {"VIEW", "MATVIEW"}:
        keys = [relation_key(drafts.find_table(names))]
    elif kind == "COLUMN" and len(names) >= 2:
        owner = drafts.find(names[:-1], drafts.others)
        keys = [relation_key(owner), type_key(owner)]
    elif kind == "TYPE":
        keys = [type_key(drafts.find(names, drafts.others))]
    elif kind in {"FUNCTION", "PROCEDURE", "ROUTINE", "AGGREGATE"}:
        keys = routines_named(drafts, target)[:1]
    elif kind in {"TRIGGER", "POLICY", "RULE"} and len(names) >= 2:
        keys = [on_table_key(kind.lower(), drafts.find_table(names[:-1]), names[-1])]
    return any(attach(drafts, key, statement) for key in keys)


def alter_routine(statement: Statement, drafts: Drafts) -> bool:
    """ALTER FUNCTION / PROCEDURE ... (SET search_path, IMMUTABLE...): with its function."""
    keys = routines_named(drafts, statement.node.get("func", {}))
    return bool(keys) and attach(drafts, keys[0], statement)


def drop_objects(kind: str, names: tuple[str, ...], drafts: Drafts) -> bool:
    """DROP VIEW / MATERIALIZED VIEW / TYPE / POLICY / RULE ...: True when it named one."""
    if kind in {"VIEW", "MATVIEW"}:
        return remove(drafts, relation_key(drafts.find(names, drafts.others)))
    if kind in {"TYPE"}:
        return remove(drafts, type_key(drafts.find(names, drafts.others)))
    if kind in {"TRIGGER", "POLICY", "RULE"} and len(names) >= 2:
        table = drafts.find_table(names[:-1])
        return remove(drafts, on_table_key(kind.lower(), table, names[-1]))
    return False


# --- build ---------------------------------------------------------------------------------------


def sql_objects(
    drafts: Drafts, tables: tuple[Table, ...], schemas: Collection[str] | None = None
) -> list[SqlObject]:
    """The objects as the model keeps them, described once the tables are known; an
    object whose text does not describe one object, or (with ``schemas``) in a schema
    not chosen, is listed as skipped."""
    result: list[SqlObject] = []
    routines: list[SqlObject] = []
    known = Schema(tables=tables)
    for item in drafts.objects.values():
        sql = "\n".join(item.statements)
        try:
            described = describe(sql, known=replace(known, sql_objects=tuple(routines)),
                                 id=str(uuid.uuid4()))  # fmt: skip
        except SqlObjectError as error:
            drafts.summary.skip(item.kind, f"{item.label} ({error})")
            continue
        if schemas is not None and described.schema not in schemas:
            label = f"{item.label} (schema {described.schema} not chosen)"
            drafts.summary.skip(item.kind, label)
            continue
        result.append(described)
        if described.kind in {ObjectKind.FUNCTION, ObjectKind.PROCEDURE, ObjectKind.AGGREGATE}:
            routines.append(described)
    return result
