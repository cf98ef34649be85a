"""Which statement goes where: a handler, a skipped kind, or passed over.

Every statement of a script ends in exactly one of three places, so nothing is dropped
silently: a handler that turns it into drafts, the summary's skipped list (with the
object's name), or the summary's passed-over counts (settings, ownership, privileges,
data, transaction control). A statement kind nobody expected is listed as skipped with
its first line.
"""

from __future__ import annotations

from collections.abc import Callable

from . import kept
from .draft import Drafts
from .indexes import create_index
from .objects import comment, create_schema, drop, rename, select, set_variable
from .parsing import Statement
from .routines import create_function, create_trigger
from .sequences import alter_sequence, create_sequence
from .tables import alter_table, create_table, relation_name
from .tree import Node, identifier, strings
from .typenames import alter_domain, alter_enum, create_domain, create_enum

Handler = Callable[[Statement, Drafts], None]

PASSED_OVER = {
    "VariableShowStmt": "setting",
    "GrantStmt": "privilege",
    "GrantRoleStmt": "privilege",
    "AlterDefaultPrivilegesStmt": "privilege",
    "CreateRoleStmt": "privilege",
    "AlterRoleStmt": "privilege",
    "AlterRoleSetStmt": "privilege",
    "DropRoleStmt": "privilege",
    "AlterOwnerStmt": "ownership",
    "ReassignOwnedStmt": "ownership",
    "DropOwnedStmt": "ownership",
    "InsertStmt": "data",
    "UpdateStmt": "data",
    "DeleteStmt": "data",
    "MergeStmt": "data",
    "CopyStmt": "data",
    "TruncateStmt": "data",
    "ExplainStmt": "query",
    "PrepareStmt": "query",
    "ExecuteStmt": "query",
    "DeallocateStmt": "query",
    "DeclareCursorStmt": "query",
    "FetchStmt": "query",
    "ClosePortalStmt": "query",
    "TransactionStmt": "transaction",
    "VacuumStmt": "maintenance",
    "ReindexStmt": "maintenance",
    "CheckPointStmt": "maintenance",
    "LockStmt": "maintenance",
    "DiscardStmt": "maintenance",
    "ListenStmt": "maintenance",
    "UnlistenStmt": "maintenance",
    "NotifyStmt": "maintenance",
    "LoadStmt": "maintenance",
    "ConstraintsSetStmt": "setting",
}

# Objects the model does not hold: the kind they are listed under, and where the
# statement keeps their name.
_SKIPPED_OBJECTS = {
    "CreateForeignTableStmt": "foreign table",
    "CreateStatsStmt": "other object",
    "CreateCastStmt": "other object",
    "CreateOpClassStmt": "other object",
    "CreateOpFamilyStmt": "other object",
    "CreateConversionStmt": "other object",
    "CreateTransformStmt": "other object",
    "CreatePublicationStmt": "other object",
    "CreateSubscriptionStmt": "other object",
    "CreateForeignServerStmt": "other object",
    "CreateFdwStmt": "other object",
    "CreateUserMappingStmt": "other object",
    "CreatePLangStmt": "other object",
    "CreateAmStmt": "other object",
    "CreateTableSpaceStmt": "other object",
    "SecLabelStmt": "other object",
}


def _object_name(kind: str, node: Node, drafts: Drafts) -> str:
    """A readable name for a skipped object from its statement."""
    if kind == "CreateExtensionStmt":
        return node.get("extname", "")
    if kind in {"CreatePolicyStmt", "RuleStmt"}:
        name = node.get("policy_name") or node.get("rulename", "")
        table = node["table"] if "table" in node else node["relation"]
        return f"{name} on {relation_name(table, drafts)}"
    if kind == "CompositeTypeStmt":
        return str(relation_name(node["typevar"], drafts, new=True))
    if kind == "CreateRangeStmt":
        return str(drafts.qualify(tuple(identifier(n) for n in strings(node.get("typeName")))))
    if kind == "CreateForeignTableStmt":
        qname = relation_name(node["base"]["relation"], drafts, new=True)
        drafts.others[qname] = "foreign table"
        return str(qname)
    if kind == "CreateEventTrigStmt":
        return f"event trigger {node.get('trigname', '')}"
    for key in ("trigname", "pubname", "subname", "servername", "fdwname", "plname",
                "amname", "tablespacename", "conversion_name"):  # fmt: skip
        if isinstance(node.get(key), str):
            return f"{kind.removeprefix('Create').removesuffix('Stmt').lower()} {node[key]}"
    names = strings(node.get("defnames") or node.get("opclassname") or node.get("conversion_name"))
    label = kind.removeprefix("Create").removesuffix("Stmt")
    return f"{label} {'.'.join(names)}".strip()


def _skip_object(kind: str) -> Handler:
    def handler(statement: Statement, drafts: Drafts) -> None:
        name = _object_name(kind, statement.node, drafts)
        drafts.summary.skip(_SKIPPED_OBJECTS[kind], name)

    return handler


def _create_table_as(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    qname = relation_name(node["into"]["rel"], drafts, new=True)
    if node.get("objtype") == "OBJECT_MATVIEW":
        kept.create_matview(statement, drafts, qname)
    else:
        drafts.others[qname] = "table"
        drafts.summary.skip("table", f"{qname} (created from a query)")


def _define(statement: Statement, drafts: Drafts) -> None:
    """CREATE AGGREGATE / TYPE (base) are kept as SQL; OPERATOR / COLLATION / TEXT
    SEARCH ... are listed."""
    node = statement.node
    kind = node.get("kind", "").removeprefix("OBJECT_").lower().replace("_", " ")
    name = ".".join(strings(node.get("defnames")))
    if kind == "aggregate":
        kept.create_aggregate(statement, drafts)
    elif kind == "type":
        qname = drafts.qualify(tuple(identifier(n) for n in strings(node.get("defnames"))))
        kept.create_type(statement, drafts, qname)
    else:
        drafts.summary.skip("other object", f"{kind} {name}")


def _composite_type(statement: Statement, drafts: Drafts) -> None:
    kept.create_type(statement, drafts, relation_name(statement.node["typevar"], drafts, new=True))


def _range_type(statement: Statement, drafts: Drafts) -> None:
    names = tuple(identifier(n) for n in strings(statement.node.get("typeName")))
    kept.create_type(statement, drafts, drafts.qualify(names))


def _policy(statement: Statement, drafts: Drafts) -> None:
    kept.create_on_table(statement, drafts, "policy")


def _rule(statement: Statement, drafts: Drafts) -> None:
    kept.create_on_table(statement, drafts, "rule")


def _event_trigger(statement: Statement, drafts: Drafts) -> None:
    name = statement.node.get("trigname", "")
    kept.add_object(drafts, ("event trigger", name), "trigger", f"event trigger {name}", statement)


def _refresh(statement: Statement, drafts: Drafts) -> None:
    """REFRESH MATERIALIZED VIEW: it goes with the view (which is then populated)."""
    qname = relation_name(statement.node["relation"], drafts)
    if not kept.attach(drafts, kept.relation_key(qname), statement):
        drafts.summary.pass_over("maintenance")


def _alter_routine(statement: Statement, drafts: Drafts) -> None:
    if not kept.alter_routine(statement, drafts):
        drafts.summary.skip("statement", statement.summary)


def _cluster(statement: Statement, drafts: Drafts) -> None:
    if kept.table_option(statement, drafts):
        return
    relation = statement.node.get("relation")
    target = relation_name(relation, drafts) if relation else None
    if target in drafts.others:
        return  # a view's goes with it
    index = statement.node.get("indexname")
    label = str(target) if target else "all tables"
    drafts.summary.skip("clustering", f"{label} (on {index})" if index else label)


def _skipped_statement(statement: Statement, drafts: Drafts) -> None:
    drafts.summary.skip("statement", f"line {statement.line}: {statement.summary}")


HANDLERS: dict[str, Handler] = {
    "CreateStmt": create_table,
    "AlterTableStmt": alter_table,
    "IndexStmt": create_index,
    "CreateEnumStmt": create_enum,
    "AlterEnumStmt": alter_enum,
    "CreateDomainStmt": create_domain,
    "CreateSeqStmt": create_sequence,
    "AlterSeqStmt": alter_sequence,
    "CreateFunctionStmt": create_function,
    "CreateTrigStmt": create_trigger,
    "CommentStmt": comment,
    "DropStmt": drop,
    "RenameStmt": rename,
    "VariableSetStmt": set_variable,
    "SelectStmt": select,
    "ViewStmt": kept.create_view,
    "CreateTableAsStmt": _create_table_as,
    "DefineStmt": _define,
    "CompositeTypeStmt": _composite_type,
    "CreateRangeStmt": _range_type,
    "CreatePolicyStmt": _policy,
    "RuleStmt": _rule,
    "CreateEventTrigStmt": _event_trigger,
    "AlterFunctionStmt": _alter_routine,
    "RefreshMatViewStmt": _refresh,
    "AlterDomainStmt": alter_domain,
    **{kind: _skip_object(kind) for kind in _SKIPPED_OBJECTS},
}


def dispatch(statement: Statement, drafts: Drafts) -> None:
    """Send one statement to its handler, the skipped list or the passed-over counts."""
    if statement.kind == "CreateExtensionStmt":
        name = statement.node.get("extname", "")
        if name and name not in drafts.extensions and name != "plpgsql":
            drafts.extensions.append(name)
    elif statement.kind == "CreateSchemaStmt":
        create_schema(statement, drafts, dispatch)
    elif statement.kind == "ClusterStmt":
        _cluster(statement, drafts)
    elif statement.kind in PASSED_OVER:
        drafts.summary.pass_over(PASSED_OVER[statement.kind])
    elif handler := HANDLERS.get(statement.kind):
        handler(statement, drafts)
    else:
        _skipped_statement(statement, drafts)
