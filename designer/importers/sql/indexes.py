"""CREATE INDEX: unique, method, keys (columns or expressions, DESC, NULLS, operator
class), INCLUDE and a partial predicate — everything the model's ``Index`` holds."""

from __future__ import annotations

from designer.schema.model import IndexMethod, NullsOrder

from .draft import DraftIndex, DraftIndexKey, Drafts
from .kept import attach, relation_key
from .parsing import Statement
from .tables import relation_name
from .tree import Node, identifier, strings

_METHODS = {method.value for method in IndexMethod}
_NULLS = {"SORTBY_NULLS_FIRST": NullsOrder.FIRST, "SORTBY_NULLS_LAST": NullsOrder.LAST}


def create_index(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    qname = relation_name(node["relation"], drafts)
    name = identifier(node["idxname"]) if node.get("idxname") else None
    label = f"{qname.schema}.{name}" if name and qname.schema != "public" else name
    label = label or f"on {qname}"
    table = drafts.tables.get(qname)
    if table is None and attach(drafts, relation_key(qname), statement):
        return  # a materialized view's index goes with it
    if table is None:
        if qname not in drafts.others:
            drafts.summary.skip("index", f"{label} (its table is not created by the file)")
        return
    if node.get("if_not_exists") and any(index.name == name for index in table.indexes):
        return
    method = node.get("accessMethod", "btree")
    if method not in _METHODS:
        drafts.summary.skip("index", f"{label} (USING {method})")
        return
    keys = [_key(item["IndexElem"], drafts, label) for item in node.get("indexParams", [])]
    include = tuple(
        identifier(item["IndexElem"]["name"]) for item in node.get("indexIncludingParams", [])
    )
    if node.get("nulls_not_distinct"):
        drafts.summary.skip("index detail", f"{label} (NULLS NOT DISTINCT)")
    if node.get("options") or node.get("tableSpace"):
        drafts.summary.skip("index detail", f"{label} (storage parameters or tablespace)")
    if name is not None:
        drafts.index_tables[(qname.schema, name)] = qname
    table.indexes.append(
        DraftIndex(
            keys=keys,
            name=name,
            unique=bool(node.get("unique")),
            method=IndexMethod(method),
            where=node.get("whereClause"),
            include=include,
        )
    )


def _key(element: Node, drafts: Drafts, label: str) -> DraftIndexKey:
    opclass = strings(element.get("opclass"))
    if element.get("collation"):
        drafts.summary.skip("index detail", f"{label} (COLLATE on a key)")
    if element.get("opclassopts"):
        drafts.summary.skip("index detail", f"{label} (operator class parameters)")
    column = identifier(element["name"]) if element.get("name") else None
    expression = element.get("expr")
    fields = expression.get("ColumnRef", {}).get("fields", []) if expression else []
    if len(fields) == 1 and "String" in fields[0]:
        # ((a)) is the column a: PostgreSQL stores it as a plain key too
        column, expression = identifier(fields[0]["String"]["sval"]), None
    return DraftIndexKey(
        column=column,
        expression=expression,
        descending=element.get("ordering") == "SORTBY_DESC",
        nulls=_NULLS.get(element.get("nulls_ordering", ""), NullsOrder.DEFAULT),
        opclass=".".join(opclass) if opclass else None,
    )
