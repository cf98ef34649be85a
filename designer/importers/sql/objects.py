"""COMMENT ON, DROP, ALTER ... RENAME, CREATE SCHEMA and the search path.

Comments become descriptions (tables, columns, enum types) or an index's rationale;
comments on anything else the model lacks are listed. DROP and RENAME change the drafts
as they would change a database, so an install script that creates, uses and drops a
temporary function leaves nothing behind.
"""

from __future__ import annotations

from designer.schema.model import QName

from . import kept
from .draft import DraftIndex, Drafts
from .parsing import Statement
from .routines import drop_functions
from .tables import rename_column
from .tree import Node, deparse, identifier, strings, unwrap


def comment(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    kind = node.get("objtype", "").removeprefix("OBJECT_")
    text = node.get("comment", "")
    target = node.get("object", {})
    if kind == "TYPE" or kind == "DOMAIN":
        names = strings(target.get("TypeName", {}).get("names"))
    else:
        names = strings([target]) if "List" in target or "String" in target else ()
    names = tuple(identifier(name) for name in names)
    if kind in {"SCHEMA", "EXTENSION"}:
        kept.comment_on_schema(statement, drafts)
        return
    if names and kept.comment_on_object(statement, drafts, kind, names):
        return
    if not names or not _apply_comment(kind, names, text, drafts):
        qualified = ".".join(names) or statement.summary
        if not _belongs_to_skipped(kind, names, drafts):
            drafts.summary.skip("comment", f"{kind.lower().replace('_', ' ')} {qualified}")


def _apply_comment(kind: str, names: tuple[str, ...], text: str, drafts: Drafts) -> bool:
    """Put a comment where the model keeps it; False when it has no place for it."""
    if kind == "TABLE" and (table := drafts.tables.get(drafts.find_table(names))):
        table.description = text
        return True
    if kind == "COLUMN" and len(names) >= 2:
        table = drafts.tables.get(drafts.find_table(names[:-1]))
        if table is not None and names[-1] in table.columns:
            table.columns[names[-1]].description = text
            return True
    if kind == "TYPE" and (enum := drafts.enums.get(drafts.find_type(names))):
        enum.description = text
        return True
    if kind in {"TYPE", "DOMAIN"} and (domain := drafts.domains.get(drafts.find_type(names))):
        domain.description = text
        return True
    if kind == "SEQUENCE" and (
        sequence := drafts.sequences.get(drafts.find(names, drafts.sequences))
    ):
        sequence.description = text
        return True
    if kind == "INDEX" and (index := _find_index(names, drafts)):
        index.rationale = text
        return True
    return False


def _find_index(names: tuple[str, ...], drafts: Drafts) -> DraftIndex | None:
    schemas = names[-2:-1] or tuple(drafts.search_path)
    for schema in schemas:  # where it was created, unless renamed or dropped since
        table = drafts.tables.get(drafts.index_tables.get((schema, names[-1])))
        for index in table.indexes if table is not None else ():
            if index.name == names[-1]:
                return index
    for table in drafts.tables.values():
        if table.qname.schema in schemas:
            for index in table.indexes:
                if index.name == names[-1]:
                    return index
    return None


def _belongs_to_skipped(kind: str, names: tuple[str, ...], drafts: Drafts) -> bool:
    """Comments on skipped objects (a view, a partition's column) go with them."""
    if kind in {"COLUMN", "TABLE", "VIEW", "MATVIEW"}:
        owner = names[:-1] if kind == "COLUMN" else names
        return bool(owner) and drafts.find_table(owner) in drafts.others
    # These are listed themselves (or, for a convention trigger, written anew).
    return kind in {"FUNCTION", "PROCEDURE", "AGGREGATE", "DOMAIN", "TRIGGER", "POLICY", "RULE"}


def drop(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    kind = node.get("removeType", "").removeprefix("OBJECT_")
    for item in node.get("objects", []):
        item_kind, body = unwrap(item) if len(item) == 1 else ("", item)
        if item_kind == "ObjectWithArgs":
            names = tuple(strings(body.get("objname")))
            arguments = None if body.get("args_unspecified") else body.get("objargs", [])
            if kind in {"FUNCTION", "PROCEDURE", "ROUTINE"}:
                drop_functions(names, arguments, drafts)
            for key in kept.routines_named(drafts, body):
                kept.remove(drafts, key)
            continue
        if item_kind == "TypeName":
            names = strings(body.get("names"))
        elif item_kind == "String":
            names = (body.get("sval", ""),)
        else:
            names = strings([item])
        _drop_one(kind, tuple(identifier(name) for name in names), drafts)


def _drop_one(kind: str, names: tuple[str, ...], drafts: Drafts) -> None:
    """Forget a dropped object (and, like CASCADE, the foreign keys to a dropped table)."""
    if kind in {"TABLE", "FOREIGN_TABLE"}:
        qname = drafts.find_table(names)
        if drafts.tables.pop(qname, None) is not None:
            for table in drafts.tables.values():
                table.foreign_keys = [fk for fk in table.foreign_keys if fk.target != qname]
    elif kind == "INDEX":
        for table in drafts.tables.values():
            table.indexes = [index for index in table.indexes if index.name != names[-1]]
    elif kind == "SEQUENCE":
        drafts.sequences.pop(drafts.find(names, drafts.sequences), None)
    elif kind in {"TYPE", "DOMAIN"}:
        qname = drafts.find_type(names)
        drafts.enums.pop(qname, None)
        drafts.domains.pop(qname, None)
        if kept.drop_objects("TYPE", names, drafts):
            drafts.others.pop(qname, None)
    elif kind == "TRIGGER" and len(names) >= 2:
        table = drafts.find_table(names[:-1])
        drafts.triggers = [t for t in drafts.triggers if (t.table, t.name) != (table, names[-1])]
        kept.drop_objects(kind, names, drafts)
    elif kind in {"POLICY", "RULE"}:
        kept.drop_objects(kind, names, drafts)
    elif kind in {"VIEW", "MATVIEW"}:
        kept.drop_objects(kind, names, drafts)
        drafts.others.pop(drafts.find_table(names), None)
    elif kind == "SCHEMA":
        _drop_schema(names[-1], drafts)
    else:
        qname = drafts.find_table(names) if len(names) <= 2 else None
        skipped_kind = drafts.others.pop(qname, None) if qname else None
        if skipped_kind:
            drafts.summary.unskip(skipped_kind, str(qname))
        elif kind == "EXTENSION" and names[-1] in drafts.extensions:
            drafts.extensions.remove(names[-1])


def _drop_schema(schema: str, drafts: Drafts) -> None:
    drafts.schemas.discard(schema)
    for qname in [qname for qname in drafts.tables if qname.schema == schema]:
        _drop_one("TABLE", (qname.schema, qname.name), drafts)
    for qname in [qname for qname in drafts.enums if qname.schema == schema]:
        del drafts.enums[qname]


def rename(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    kind = node.get("renameType", "").removeprefix("OBJECT_")
    new = identifier(node.get("newname", ""))
    relation = node.get("relation")
    names = tuple(
        identifier(relation[key]) for key in ("schemaname", "relname") if relation.get(key)
    ) if relation else ()  # fmt: skip
    table = drafts.tables.get(drafts.find_table(names)) if names else None
    if kind == "TABLE" and table is not None:
        _rename_table(table.qname, QName(table.qname.schema, new), drafts)
    elif kind == "COLUMN" and table is not None and node.get("subname") in table.columns:
        rename_column(table, identifier(node["subname"]), new, drafts)
    elif kind == "TABCONSTRAINT" and table is not None:
        _rename_constraint(table, identifier(node.get("subname", "")), new)
    elif kind == "INDEX":
        for candidate in drafts.tables.values():
            for index in candidate.indexes:
                if index.name == names[-1]:
                    index.name = new
    elif kind == "TYPE" and "object" in node:
        qname = drafts.find_type(tuple(identifier(n) for n in strings([node["object"]])))
        if (enum := drafts.enums.pop(qname, None)) is not None:
            enum.qname = QName(qname.schema, new)
            drafts.enums[enum.qname] = enum
            _retype(qname, enum.qname, drafts)
    else:
        drafts.summary.skip("statement", statement.summary)


def _rename_table(old: QName, new: QName, drafts: Drafts) -> None:
    drafts.tables = {(new if key == old else key): table for key, table in drafts.tables.items()}
    drafts.tables[new].qname = new
    for table in drafts.tables.values():
        for foreign_key in table.foreign_keys:
            if foreign_key.target == old:
                foreign_key.target = new
    for trigger in drafts.triggers:
        if trigger.table == old:
            trigger.table = new
    for sequence in drafts.sequences.values():
        if sequence.owner and sequence.owner[0] == old:
            sequence.owner = (new, sequence.owner[1])


def _rename_constraint(table, old: str, new: str) -> None:
    keys = [table.primary_key, *table.uniques, *table.checks, *table.foreign_keys]
    for item in keys:
        if item is not None and item.name == old:
            item.name = new


def _retype(old: QName, new: QName, drafts: Drafts) -> None:
    for table in drafts.tables.values():
        for column in table.columns.values():
            if column.type.name == old:
                column.type.name = new


def create_schema(statement: Statement, drafts: Drafts, dispatch) -> None:
    """CREATE SCHEMA x [CREATE TABLE ...]: the elements are created inside x."""
    node = statement.node
    name = node.get("schemaname") or node.get("authrole", {}).get("rolename", "")
    schema = identifier(name)
    drafts.schemas.add(schema)
    saved = drafts.search_path
    drafts.search_path = [schema, *saved]
    try:
        for element in node.get("schemaElts", []):
            kind, body = unwrap(element)
            dispatch(Statement(kind, body, statement.line, _element_text(element, schema)), drafts)
    finally:
        drafts.search_path = saved


_ELEMENT_RELATIONS = {"ViewStmt": "view", "CreateTrigStmt": "relation", "IndexStmt": "relation",
                      "CreateStmt": "relation", "CreateSeqStmt": "sequence"}  # fmt: skip


def _element_text(element: Node, schema: str) -> str:
    """An element of CREATE SCHEMA as a statement of its own, its name qualified with
    the schema (an object kept as SQL keeps this text)."""
    kind, body = unwrap(element)
    relation = body.get(_ELEMENT_RELATIONS.get(kind, ""))
    if isinstance(relation, dict) and not relation.get("schemaname"):
        body = {**body, _ELEMENT_RELATIONS[kind]: {**relation, "schemaname": schema}}
    try:
        return deparse({kind: body})
    except Exception:  # pglast's printer refuses a few rare nodes
        return ""


def set_variable(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    drafts.summary.pass_over("setting")
    if node.get("name") == "client_encoding":
        value = "".join(_constant_text(arg) for arg in node.get("args", [])).upper()
        if value.replace("-", "") not in {"UTF8", "UNICODE"}:
            drafts.summary.warn(
                f"line {statement.line} sets client_encoding to {value}: "
                "the file is read as UTF-8 throughout"
            )
    if node.get("name") != "search_path":
        return
    if node.get("kind") in {"VAR_SET_DEFAULT", "VAR_RESET"}:
        drafts.search_path = ["public"]
        return
    values = [_constant_text(arg) for arg in node.get("args", [])]
    drafts.search_path = [identifier(value) for value in values if value]


def _constant_text(node: Node) -> str:
    value = node.get("A_Const", {}).get("sval", {})
    return value.get("sval", "") if isinstance(value, dict) else ""


def select(statement: Statement, drafts: Drafts) -> None:
    """``SELECT set_config('search_path', ...)`` sets the path; other queries are data."""
    targets = statement.node.get("targetList", [])
    call = targets[0]["ResTarget"].get("val", {}).get("FuncCall") if len(targets) == 1 else None
    name = strings(call.get("funcname"))[-1:] if call else ()
    arguments = [_constant_text(arg) for arg in call.get("args", [])] if call else []
    if name == ("set_config",) and arguments[:1] == ["search_path"]:
        drafts.summary.pass_over("setting")
        path = arguments[1] if len(arguments) > 1 else ""
        drafts.search_path = [
            identifier(part.strip().strip('"')) for part in path.split(",") if part.strip()
        ]
    elif name == ("setval",):
        drafts.summary.pass_over("data")
    else:
        drafts.summary.pass_over("query")
