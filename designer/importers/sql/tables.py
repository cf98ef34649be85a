"""CREATE TABLE and ALTER TABLE: columns and constraints, inline or added later.

Both statements share ``add_column`` and ``add_constraint``, so that a primary key
written inline, in the table's constraint list or by ``ALTER TABLE ... ADD CONSTRAINT``
(as pg_dump writes it) lands in the same place. Unnamed constraints keep ``None`` as
their name (PostgreSQL chose theirs; the project's convention will choose the new one);
named ones keep their names.
"""

from __future__ import annotations

import json

from pglast import parser

from designer.schema.model import Action, Deferral, Generated, QName
from designer.schema.sqltext import quote_ident

from .draft import (
    DraftCheck,
    DraftColumn,
    DraftForeignKey,
    DraftIndex,
    DraftKey,
    Drafts,
    DraftTable,
)
from .kept import attach, relation_key, table_option
from .parsing import Statement
from .sequences import identity_options
from .tree import (
    Node,
    column_references,
    deparse,
    identifier,
    replace_column,
    strings,
    write_back,
)
from .typenames import read_type

_ACTIONS = {
    "a": Action.NO_ACTION,
    "r": Action.RESTRICT,
    "c": Action.CASCADE,
    "n": Action.SET_NULL,
    "d": Action.SET_DEFAULT,
}
_OWNER_ONLY = {"AT_ChangeOwner"}


def relation_name(relation: Node, drafts: Drafts, *, new: bool = False) -> QName:
    """The qualified name of a RangeVar: a new object's, or the one it refers to."""
    names = tuple(
        identifier(relation[key]) for key in ("schemaname", "relname") if relation.get(key)
    )
    return drafts.qualify(names) if new else drafts.find_table(names)


def create_table(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    qname = relation_name(node["relation"], drafts, new=True)
    if qname in drafts.tables and node.get("if_not_exists"):
        return
    if node["relation"].get("relpersistence") == "t":
        _skip_table(drafts, qname, "table", f"{qname} (temporary)")
        return
    parents = [relation_name(parent["RangeVar"], drafts) for parent in node.get("inhRelations", [])]
    if node.get("partbound") and parents[0] not in drafts.tables:
        _skip_table(drafts, qname, "partition", f"{qname} (of {parents[0]}, not in the file)")
        return
    if parents and not node.get("partbound"):
        inherits = ", ".join(str(parent) for parent in parents)
        _skip_table(drafts, qname, "inheriting table", f"{qname} (inherits {inherits})")
        return
    if node.get("ofTypename"):
        _skip_table(drafts, qname, "table", f"{qname} (a typed table)")
        return
    table = DraftTable(qname)
    drafts.tables[qname] = table
    drafts.schemas.add(qname.schema)
    _table_options(node, table, drafts)
    if node.get("partbound"):
        _partition_of(table, drafts.tables[parents[0]], node["partbound"])
    for element in node.get("tableElts", []):
        kind, body = next(iter(element.items()))
        if kind == "ColumnDef":
            add_column(table, body, drafts)
        elif kind == "Constraint":
            add_constraint(table, body, drafts, statement)
        elif kind == "TableLikeClause":
            _copy_like(table, body, drafts)
    for item in (*table.checks, *table.foreign_keys):
        item.not_valid = False  # (PostgreSQL validates a new table's: it has no rows)


def _skip_table(drafts: Drafts, qname: QName, kind: str, label: str) -> None:
    drafts.others[qname] = kind
    drafts.summary.skip(kind, label)


def _table_options(node: Node, table: DraftTable, drafts: Drafts) -> None:
    summary, name = drafts.summary, table.qname
    if node["relation"].get("relpersistence") == "u":
        summary.skip("table option", f"{name} (UNLOGGED)")
    if spec := node.get("partspec"):
        table.partition_by = partition_key(spec)
        if table.partition_by is None:
            summary.skip("partitioning", f"{name} (its key cannot be written back)")
    if node.get("options"):
        summary.skip("table option", f"{name} (storage parameters)")
    if node.get("tablespacename"):
        summary.skip("table option", f"{name} (TABLESPACE {node['tablespacename']})")
    if node.get("accessMethod") not in {None, "heap"}:
        summary.skip("table option", f"{name} (USING {node['accessMethod']})")


def partition_key(spec: Node) -> str | None:
    """The text after PARTITION BY: ``RANGE (payment_date)``, ``LIST ((lower(code)))``."""
    strategy = spec.get("strategy", "").removeprefix("PARTITION_STRATEGY_")
    parts = []
    for item in spec.get("partParams", []):
        element = item["PartitionElem"]
        if element.get("name"):
            text = quote_ident(identifier(element["name"]))
        else:
            expression = write_back(element.get("expr", {}))
            if expression is None:
                return None
            text = f"({expression})"
        if element.get("collation"):
            text += " COLLATE " + ".".join(quote_ident(n) for n in strings(element["collation"]))
        if element.get("opclass"):
            text += " " + ".".join(strings(element["opclass"]))
        parts.append(text)
    return f"{strategy} ({', '.join(parts)})"


def _partition_of(table: DraftTable, parent: DraftTable, bound: Node) -> None:
    """``CREATE TABLE p PARTITION OF parent ...``: the parent's columns, then its own."""
    table.partition_of = parent.qname
    table.partition_bound = deparse({"PartitionBoundSpec": bound})
    for column in parent.columns.values():
        table.columns[column.name] = DraftColumn(
            column.name,
            column.type,
            nullable=column.nullable,
            default=column.default,
            generated=Generated.NONE if column.generated is Generated.SERIAL else column.generated,
        )
        if column.generated is Generated.SERIAL:  # the parent's sequence, by its name
            sequence = f"{parent.qname.schema}.{parent.qname.name}_{column.name}_seq"
            table.columns[column.name].default = _nextval(sequence)


def _nextval(sequence: str) -> Node:
    text = "SELECT nextval(" + "'" + sequence.replace("'", "''") + "'::regclass)"
    tree = json.loads(parser.parse_sql_json(text))
    return tree["stmts"][0]["stmt"]["SelectStmt"]["targetList"][0]["ResTarget"]["val"]


_LIKE_DEFAULTS = 1 << 3  # CREATE_TABLE_LIKE_DEFAULTS in PostgreSQL's TableLikeOption


def _copy_like(table: DraftTable, like: Node, drafts: Drafts) -> None:
    """``LIKE other``: the other table's columns and NOT NULL (and defaults when asked)."""
    source = drafts.tables.get(relation_name(like["relation"], drafts))
    if source is None:
        drafts.summary.skip("statement", f"LIKE {like['relation'].get('relname')} in {table.qname}")
        return
    options = like.get("options", 0)
    for column in source.columns.values():
        table.columns[column.name] = DraftColumn(
            column.name,
            column.type,
            nullable=column.nullable,
            default=column.default if options & _LIKE_DEFAULTS else None,
        )
    if options & ~_LIKE_DEFAULTS:
        label = f"{table.qname} (LIKE {source.qname} INCLUDING more than defaults)"
        drafts.summary.skip("table option", label)


def add_column(table: DraftTable, definition: Node, drafts: Drafts) -> DraftColumn:
    name = identifier(definition["colname"])
    column = DraftColumn(name, read_type(definition["typeName"], drafts))
    if column.type.serial:
        column.generated = Generated.SERIAL
        column.nullable = False
    table.columns[name] = column
    where = f"{table.qname}.{name}"
    if definition.get("collClause"):
        drafts.summary.skip("collation", where)
    if definition.get("storage") or definition.get("compression"):
        drafts.summary.skip("column option", f"{where} (STORAGE / COMPRESSION)")
    last: DraftKey | DraftForeignKey | None = None
    for item in definition.get("constraints", []):
        last = _column_constraint(table, column, item["Constraint"], drafts, last)
    return column


def _column_constraint(
    table: DraftTable,
    column: DraftColumn,
    constraint: Node,
    drafts: Drafts,
    last: DraftKey | DraftForeignKey | None,
) -> DraftKey | DraftForeignKey | None:
    """Apply one inline constraint; return what later DEFERRABLE clauses apply to."""
    kind = constraint.get("contype")
    name = _name(constraint)
    where = f"{table.qname}.{column.name}"
    if kind == "CONSTR_NOTNULL":
        column.nullable = False
    elif kind == "CONSTR_NULL":
        column.nullable = True
    elif kind == "CONSTR_DEFAULT":
        column.default = constraint.get("raw_expr")
    elif kind == "CONSTR_IDENTITY":
        _set_identity(table, column, constraint, drafts)
    elif kind == "CONSTR_GENERATED":
        drafts.summary.skip("generated column", where)
    elif kind in {"CONSTR_ATTR_DEFERRABLE", "CONSTR_ATTR_DEFERRED", "CONSTR_ATTR_IMMEDIATE"}:
        _defer(last, kind, drafts, where)
        return last
    elif kind == "CONSTR_ATTR_NOT_DEFERRABLE":
        return last
    elif (
        kind == "CONSTR_CHECK"
        and name is None
        and column.check is None
        and not constraint.get("skip_validation")
    ):
        if column_references(constraint["raw_expr"]) <= {column.name}:
            _check_details(constraint, drafts, f"check on {where}")
            column.check = constraint["raw_expr"]
        else:
            add_constraint(table, constraint, drafts, None, column.name)
    elif kind == "CONSTR_UNIQUE" and name is None and not _has_key_details(constraint):
        column.unique = True
    else:
        return add_constraint(table, constraint, drafts, None, column.name)
    return None


def _defer(
    target: DraftKey | DraftForeignKey | None, kind: str, drafts: Drafts, where: str
) -> None:
    if isinstance(target, DraftForeignKey):
        if kind == "CONSTR_ATTR_DEFERRED":
            target.deferral = Deferral.DEFERRED
        elif kind == "CONSTR_ATTR_DEFERRABLE" and target.deferral is Deferral.NOT_DEFERRABLE:
            target.deferral = Deferral.DEFERRABLE
    elif kind != "CONSTR_ATTR_IMMEDIATE":
        drafts.summary.skip("constraint detail", f"{where} (DEFERRABLE key)")


def _name(constraint: Node) -> str | None:
    name = constraint.get("conname")
    return identifier(name) if name else None


def _has_key_details(constraint: Node) -> bool:
    return bool(
        constraint.get("nulls_not_distinct")
        or constraint.get("including")
        or constraint.get("deferrable")
        or constraint.get("options")
        or constraint.get("indexspace")
    )


def _check_details(constraint: Node, drafts: Drafts, label: str) -> None:
    if constraint.get("is_no_inherit"):
        drafts.summary.skip("constraint detail", f"{label} (NO INHERIT)")


def add_constraint(
    table: DraftTable,
    constraint: Node,
    drafts: Drafts,
    statement: Statement | None,
    column: str | None = None,
) -> DraftKey | DraftForeignKey | None:
    """Add a table constraint (or an inline one on ``column``); return the key or FK."""
    kind = constraint.get("contype")
    name = _name(constraint)
    keys = tuple(identifier(key) for key in strings(constraint.get("keys")))
    keys = keys or ((column,) if column else ())
    label = f"{table.qname}.{name}" if name else f"{table.qname} ({', '.join(keys)})"
    if constraint.get("indexname"):
        return _key_from_index(table, constraint, drafts, name)
    if kind == "CONSTR_PRIMARY":
        _key_details(constraint, drafts, label)
        table.primary_key = DraftKey(keys, name)
        for key in keys:
            if key in table.columns:
                table.columns[key].nullable = False
        return table.primary_key
    if kind == "CONSTR_UNIQUE":
        _key_details(constraint, drafts, label)
        unique = DraftKey(keys, name, bool(constraint.get("nulls_not_distinct")))
        table.uniques.append(unique)
        return unique
    if kind == "CONSTR_CHECK":
        expression = constraint["raw_expr"]
        _check_details(constraint, drafts, f"check {label}")
        read = column_references(expression)
        not_valid = bool(constraint.get("skip_validation"))
        if (
            name is None
            and not not_valid
            and len(read) == 1
            and (only := next(iter(read))) in table.columns
        ):
            target = table.columns[only]
            if target.check is None:
                target.check = expression
                return None
        table.checks.append(DraftCheck(expression, name, not_valid))
        return None
    if kind == "CONSTR_FOREIGN":
        return _foreign_key(table, constraint, drafts, name, column)
    if kind == "CONSTR_EXCLUSION":
        if name is None:
            elements = [
                item["List"]["items"][0]["IndexElem"].get("name", "expression")
                for item in constraint.get("exclusions", [])
            ]
            label = f"{table.qname} ({', '.join(elements)})"
        drafts.summary.skip("exclusion constraint", label)
        return None
    if kind == "CONSTR_NOTNULL" and keys:  # ALTER TABLE ... ADD NOT NULL (newer syntax)
        for key in keys:
            if key in table.columns:
                table.columns[key].nullable = False
        return None
    text = statement.summary if statement is not None else f"{kind} on {table.qname}"
    drafts.summary.skip("statement", text)
    return None


def _key_details(constraint: Node, drafts: Drafts, label: str) -> None:
    if constraint.get("including"):
        drafts.summary.skip("constraint detail", f"{label} (INCLUDE columns)")
    if constraint.get("deferrable"):
        drafts.summary.skip("constraint detail", f"{label} (DEFERRABLE)")
    if constraint.get("options") or constraint.get("indexspace"):
        drafts.summary.skip("constraint detail", f"{label} (index storage)")


def _key_from_index(
    table: DraftTable, constraint: Node, drafts: Drafts, name: str | None
) -> DraftKey | None:
    """``ADD PRIMARY KEY / UNIQUE USING INDEX i``: the index becomes the constraint."""
    index_name = identifier(constraint["indexname"])
    index = next((index for index in table.indexes if index.name == index_name), None)
    if index is None or not all(key.column for key in index.keys):
        drafts.summary.skip("statement", f"USING INDEX {index_name} on {table.qname}")
        return None
    table.indexes.remove(index)
    key = DraftKey(tuple(str(k.column) for k in index.keys), name or index_name)
    if constraint.get("contype") == "CONSTR_PRIMARY":
        table.primary_key = key
        for column in key.columns:
            table.columns[column].nullable = False
    else:
        table.uniques.append(key)
    return key


def _foreign_key(
    table: DraftTable, constraint: Node, drafts: Drafts, name: str | None, column: str | None
) -> DraftForeignKey:
    columns = tuple(identifier(c) for c in strings(constraint.get("fk_attrs")))
    columns = columns or ((column,) if column else ())
    target = relation_name(constraint["pktable"], drafts)
    label = f"{table.qname}.{name}" if name else f"{table.qname} ({', '.join(columns)})"
    if constraint.get("fk_matchtype") == "f":
        drafts.summary.skip("constraint detail", f"{label} (MATCH FULL)")
    if constraint.get("fk_del_set_cols"):
        drafts.summary.skip("constraint detail", f"{label} (SET NULL column list)")
    deferral = Deferral.NOT_DEFERRABLE
    if constraint.get("deferrable"):
        deferral = Deferral.DEFERRED if constraint.get("initdeferred") else Deferral.DEFERRABLE
    foreign_key = DraftForeignKey(
        columns=columns,
        target=target,
        target_columns=tuple(identifier(c) for c in strings(constraint.get("pk_attrs"))),
        name=name,
        on_delete=_ACTIONS.get(constraint.get("fk_del_action", "a"), Action.NO_ACTION),
        on_update=_ACTIONS.get(constraint.get("fk_upd_action", "a"), Action.NO_ACTION),
        deferral=deferral,
        not_valid=bool(constraint.get("skip_validation")),
    )
    table.foreign_keys.append(foreign_key)
    return foreign_key


def _set_identity(table: DraftTable, column: DraftColumn, constraint: Node, drafts: Drafts) -> None:
    always = constraint.get("generated_when") == "a"
    column.generated = Generated.IDENTITY_ALWAYS if always else Generated.IDENTITY_BY_DEFAULT
    column.nullable = False
    sequence, options = identity_options(constraint.get("options"), drafts)
    column.identity_sequence = sequence
    if options:
        label = f"identity of {table.qname}.{column.name} ({', '.join(options)})"
        drafts.summary.skip("sequence option", label)


# --- ALTER TABLE ----------------------------------------------------------------------


def alter_table(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    commands = [item["AlterTableCmd"] for item in node.get("cmds", [])]
    if commands and all(command.get("subtype") in _OWNER_ONLY for command in commands):
        drafts.summary.pass_over("ownership")
        return
    qname = relation_name(node["relation"], drafts)
    if attach(drafts, relation_key(qname), statement):
        return  # ALTER VIEW / MATERIALIZED VIEW ...: with it
    if node.get("objtype", "OBJECT_TABLE") not in {"OBJECT_TABLE", "OBJECT_FOREIGN_TABLE"}:
        _alter_other(statement, drafts)
        return
    table = drafts.tables.get(qname)
    if table is None:
        if qname not in drafts.others and not node.get("missing_ok"):
            drafts.summary.skip("statement", statement.summary)
            drafts.summary.warn(f"line {statement.line}: {qname} is not created by the file")
        return
    if table_option(statement, drafts):
        return  # kept as SQL (``kept``)
    for command in commands:
        _alter_command(table, command, drafts, statement)


def _alter_other(statement: Statement, drafts: Drafts) -> None:
    """ALTER INDEX / SEQUENCE / VIEW ... spelled as ALTER TABLE or on their own."""
    kind = statement.node.get("objtype", "")
    commands = [item["AlterTableCmd"] for item in statement.node.get("cmds", [])]
    if kind == "OBJECT_INDEX" and all(c.get("subtype") == "AT_AttachPartition" for c in commands):
        # A partition's index under its parent's: PostgreSQL attaches it again when
        # the partition is attached.
        drafts.summary.keep("partition index", statement.summary)
    elif kind == "OBJECT_INDEX":
        drafts.summary.skip("index detail", statement.summary)
    elif kind == "OBJECT_SEQUENCE":
        drafts.summary.skip("sequence option", statement.summary)
    elif kind not in {"OBJECT_VIEW", "OBJECT_MATVIEW"}:
        drafts.summary.skip("statement", statement.summary)


def _alter_command(table: DraftTable, command: Node, drafts: Drafts, statement: Statement) -> None:
    subtype = command.get("subtype", "")
    name = identifier(command["name"]) if command.get("name") else None
    column = table.columns.get(name) if name else None
    summary = drafts.summary
    definition = command.get("def", {})
    if subtype == "AT_AddColumn":
        body = definition["ColumnDef"]
        if not (command.get("missing_ok") and identifier(body["colname"]) in table.columns):
            add_column(table, body, drafts)
    elif subtype == "AT_DropColumn":
        if name in table.columns:
            drop_column(table, name, drafts)
    elif subtype == "AT_AddConstraint":
        add_constraint(table, definition["Constraint"], drafts, statement)
    elif subtype == "AT_DropConstraint":
        drop_constraint(table, name or "", drafts, missing_ok=bool(command.get("missing_ok")))
    elif subtype == "AT_ChangeOwner":
        summary.pass_over("ownership")
    elif subtype == "AT_AttachPartition":
        attach_partition(table, definition["PartitionCmd"], drafts)
    elif subtype == "AT_ClusterOn":
        summary.skip("clustering", f"{table.qname} (on {name})")
    elif subtype in _TABLE_OPTIONS:
        summary.skip("table option", f"{table.qname} ({_TABLE_OPTIONS[subtype]})")
    elif subtype in {"AT_EnableRowSecurity", "AT_ForceRowSecurity"}:
        summary.skip("row security", str(table.qname))
    elif column is None and subtype in _COLUMN_COMMANDS:
        summary.skip("statement", statement.summary)
    elif column is not None and subtype in _COLUMN_COMMANDS:
        _alter_column(table, column, subtype, definition, drafts)
    elif subtype == "AT_ValidateConstraint":
        for item in (*table.checks, *table.foreign_keys):
            if item.name == name:
                item.not_valid = False
    elif subtype == "AT_DetachPartition":
        child = drafts.tables.get(relation_name(definition["PartitionCmd"]["name"], drafts))
        if child is not None and child.partition_of == table.qname:
            child.partition_of = child.partition_bound = None
    elif subtype != "AT_DropCluster":
        summary.skip("statement", statement.summary)


_TABLE_OPTIONS = {
    "AT_SetRelOptions": "storage parameters",
    "AT_ResetRelOptions": "storage parameters",
    "AT_ReplaceRelOptions": "storage parameters",
    "AT_SetTableSpace": "tablespace",
    "AT_SetLogged": "SET LOGGED",
    "AT_SetUnLogged": "UNLOGGED",
    "AT_SetAccessMethod": "access method",
    "AT_ReplicaIdentity": "REPLICA IDENTITY",
    "AT_EnableTrig": "ENABLE TRIGGER",
    "AT_EnableAlwaysTrig": "ENABLE ALWAYS TRIGGER",
    "AT_EnableReplicaTrig": "ENABLE REPLICA TRIGGER",
    "AT_DisableTrig": "DISABLE TRIGGER",
    "AT_EnableTrigAll": "ENABLE TRIGGER ALL",
    "AT_DisableTrigAll": "DISABLE TRIGGER ALL",
    "AT_EnableTrigUser": "ENABLE TRIGGER USER",
    "AT_DisableTrigUser": "DISABLE TRIGGER USER",
    "AT_EnableRule": "ENABLE RULE",
    "AT_DisableRule": "DISABLE RULE",
    "AT_DisableRowSecurity": "DISABLE ROW LEVEL SECURITY",
    "AT_NoForceRowSecurity": "NO FORCE ROW LEVEL SECURITY",
}
_COLUMN_COMMANDS = frozenset(
    {"AT_ColumnDefault", "AT_SetNotNull", "AT_DropNotNull", "AT_AlterColumnType",
     "AT_AddIdentity", "AT_SetIdentity", "AT_DropIdentity", "AT_SetStatistics",
     "AT_SetStorage", "AT_SetCompression", "AT_SetOptions", "AT_ResetOptions",
     "AT_DropExpression", "AT_SetExpression"}
)  # fmt: skip


def _alter_column(
    table: DraftTable, column: DraftColumn, subtype: str, definition: Node, drafts: Drafts
) -> None:
    where = f"{table.qname}.{column.name}"
    if subtype == "AT_ColumnDefault":
        column.default = definition or None
    elif subtype == "AT_SetNotNull":
        column.nullable = False
    elif subtype == "AT_DropNotNull":
        column.nullable = True
    elif subtype == "AT_AlterColumnType":
        column.type = read_type(definition["ColumnDef"]["typeName"], drafts)
    elif subtype == "AT_AddIdentity":
        _set_identity(table, column, definition["Constraint"], drafts)
    elif subtype == "AT_DropIdentity":
        column.generated = Generated.NONE
    elif subtype == "AT_SetIdentity":
        drafts.summary.skip("sequence option", f"identity of {where}")
    elif subtype in {"AT_DropExpression", "AT_SetExpression"}:
        drafts.summary.skip("generated column", where)
    else:
        drafts.summary.skip("column option", f"{where} ({subtype.removeprefix('AT_')})")


def attach_partition(table: DraftTable, command: Node, drafts: Drafts) -> None:
    """``ATTACH PARTITION child FOR VALUES ...``: the child becomes a partition."""
    child = drafts.tables.get(relation_name(command["name"], drafts))
    if child is None:
        name = relation_name(command["name"], drafts)
        _skip_table(drafts, name, "partition", f"{name} (of {table.qname}, not in the file)")
        return
    child.partition_of = table.qname
    child.partition_bound = deparse({"PartitionBoundSpec": command["bound"]})


def drop_column(table: DraftTable, name: str, drafts: Drafts) -> None:
    """Remove a column and what involves it, as PostgreSQL does (CASCADE included)."""
    del table.columns[name]
    if table.primary_key and name in table.primary_key.columns:
        table.primary_key = None
    table.uniques = [key for key in table.uniques if name not in key.columns]
    table.checks = [c for c in table.checks if name not in column_references(c.expression)]
    table.foreign_keys = [fk for fk in table.foreign_keys if name not in fk.columns]
    table.indexes = [index for index in table.indexes if name not in index_columns(index)]
    for other in drafts.tables.values():
        other.foreign_keys = [
            fk
            for fk in other.foreign_keys
            if not (fk.target == table.qname and name in fk.target_columns)
        ]


def index_columns(index: DraftIndex) -> set[str]:
    """Every column an index reads: keys, expressions, INCLUDE and predicate."""
    names = set(index.include)
    for key in index.keys:
        if key.column is not None:
            names.add(key.column)
        if key.expression is not None:
            names |= column_references(key.expression)
    if index.where is not None:
        names |= column_references(index.where)
    return names


def drop_constraint(table: DraftTable, name: str, drafts: Drafts, *, missing_ok: bool) -> None:
    if table.primary_key and table.primary_key.name == name:
        table.primary_key = None
        return
    for collection in (table.uniques, table.checks, table.foreign_keys):
        for item in collection:
            if item.name == name:
                collection.remove(item)  # type: ignore[arg-type]
                return
    if not missing_ok:
        drafts.summary.warn(f"cannot find the constraint {name} of {table.qname} to drop")


def rename_column(table: DraftTable, old: str, new: str, drafts: Drafts) -> None:
    """Rename a column everywhere it is named, expressions included."""
    table.columns = {(new if key == old else key): column for key, column in table.columns.items()}
    table.columns[new].name = new

    def renamed(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new if n == old else n for n in names)

    for column in table.columns.values():
        if column.check is not None:
            column.check = replace_column(column.check, old, new)
    if table.primary_key:
        table.primary_key.columns = renamed(table.primary_key.columns)
    for key in table.uniques:
        key.columns = renamed(key.columns)
    for check in table.checks:
        check.expression = replace_column(check.expression, old, new)
    for foreign_key in table.foreign_keys:
        foreign_key.columns = renamed(foreign_key.columns)
    for index in table.indexes:
        _rename_in_index(index, old, new)
    for other in drafts.tables.values():
        for foreign_key in other.foreign_keys:
            if foreign_key.target == table.qname:
                foreign_key.target_columns = renamed(foreign_key.target_columns)


def _rename_in_index(index: DraftIndex, old: str, new: str) -> None:
    index.include = tuple(new if n == old else n for n in index.include)
    for key in index.keys:
        if key.column == old:
            key.column = new
        if key.expression is not None:
            key.expression = replace_column(key.expression, old, new)
    if index.where is not None:
        index.where = replace_column(index.where, old, new)
