"""Objects kept as their SQL text: what one object's statements are, read by PostgreSQL's
own parser (pglast).

``describe(sql, known=schema)`` parses the text and returns the ``SqlObject`` it makes
— its kind, its name, its schema, what must exist before it (``depends_on``), the tables
and views it refers to anywhere (``reads``) and the column names it mentions
(``columns``) — or raises ``SqlObjectError`` with a one-line message: when PostgreSQL's
parser refuses the text (with the line and column), when the text is not exactly one
object's statements (a view and a second view, a DROP, a SET), or when it is an object
the designer keeps as structure (a table, an index, an enum type, a domain, a sequence).

One object may be several statements: its CREATE, then what belongs to it — its COMMENT
(and its columns' comments), ``ALTER FUNCTION ... SET``, a materialized view's indexes,
its ``CLUSTER`` and its ``REFRESH`` (populated, as pg_dump leaves it); ``ALTER TABLE t
DISABLE TRIGGER trg`` after the trigger.

Names:
- a function, procedure or aggregate is named with its input argument types as
  PostgreSQL's ``format_type`` writes them: ``last_day(timestamp with time zone)``
  (the qualified name ``QName(schema, "last_day(timestamp with time zone)")``);
- a trigger, policy or rule by its name and its table: ``film_fulltext_trigger on film``
  (its schema is the table's);
- a table option by its table and what it sets: ``film (CLUSTER ON film_pkey)``,
  ``payment.amount (SET STATISTICS)``;
- a comment by its target: ``schema sales``, ``extension pg_trgm``.

Dependencies: a view depends on the relations it selects from, the functions and
aggregates of ``known`` it calls and the user types it names; a trigger on its table and
the function it executes (``QName(schema, "f()")``: a trigger function takes no
declared arguments); a policy, rule or table option on its table; an aggregate on its
state and final functions; a function on the tables whose row types its signature
names (its body is not read when it is created: the DDL sets ``check_function_bodies``
off), except for a ``BEGIN ATOMIC`` body, which PostgreSQL reads at once. Function
bodies are read for ``reads`` and ``columns``: SQL bodies parsed, PL/pgSQL bodies
through pglast's PL/pgSQL parser; what cannot be parsed (another language, dynamic SQL)
is matched conservatively against the names of ``known``'s tables and views.
Unqualified names are taken as ``public`` (pg_dump qualifies everything).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pglast import parser

from . import builtins
from .model import ObjectKind, QName, Schema, SqlObject
from .sqltext import BUILTIN_TYPE_NAMES

Node = dict[str, Any]


class SqlObjectError(ValueError):
    """The text is not one object the designer keeps as SQL; the message says why."""


# --- reading the tree ---------------------------------------------------------------------


def _walk(node: Any) -> Iterator[tuple[str, Node]]:
    """Every wrapped node ``{"Kind": {...}}`` below ``node``, as (kind, fields)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if len(item) == 1:
                ((key, value),) = item.items()
                if key[:1].isupper() and isinstance(value, dict):
                    yield key, value
            # Fields of one node type are written without the wrapper (a statement's
            # ``relation``, a parameter's ``argType``): told by their own fields.
            elif "relname" in item and "relpersistence" in item:
                yield "RangeVar", item
            elif "names" in item and "typemod" in item:
                yield "TypeName", item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _strings(items: list[Node] | None) -> tuple[str, ...]:
    if not items:
        return ()
    if len(items) == 1 and "List" in items[0]:
        items = items[0]["List"].get("items", [])
    return tuple(item["String"]["sval"] for item in items if "String" in item)


def _qname(names: tuple[str, ...]) -> QName:
    return QName(names[-2], names[-1]) if len(names) >= 2 else QName("public", names[-1])


def _relation(range_var: Node) -> QName:
    return QName(range_var.get("schemaname") or "public", range_var.get("relname", ""))


# format_type's spelling of the catalog's type names, for signatures.
_TYPE_SPELLING = {
    "int2": "smallint",
    "int4": "integer",
    "int8": "bigint",
    "float4": "real",
    "float8": "double precision",
    "bool": "boolean",
    "varchar": "character varying",
    "bpchar": "character",
    "timestamp": "timestamp without time zone",
    "timestamptz": "timestamp with time zone",
    "time": "time without time zone",
    "timetz": "time with time zone",
    "varbit": "bit varying",
}
_TYPE_WORDS = {"int": "integer", "decimal": "numeric", "char": "character"}


def type_signature(type_name: Node) -> str:
    """A type as a signature names it: ``timestamp with time zone``, ``public.mood[]``
    (modifiers dropped: PostgreSQL ignores them in a function's arguments)."""
    names = list(_strings(type_name.get("names")))
    if names[:1] == ["pg_catalog"] and len(names) == 2:
        names = [_TYPE_SPELLING.get(names[1], names[1])]
    elif len(names) == 1:
        names = [_TYPE_WORDS.get(names[0], _TYPE_SPELLING.get(names[0], names[0]))]
    if names[:1] == ["public"] and len(names) == 2:
        names = names[1:]
    text = ".".join(names)
    if type_name.get("pct_type"):
        text += "%TYPE"
    return text + "[]" * len(type_name.get("arrayBounds", []))


_INPUT_MODES = {None, "FUNC_PARAM_DEFAULT", "FUNC_PARAM_IN", "FUNC_PARAM_INOUT",
                "FUNC_PARAM_VARIADIC"}  # fmt: skip


def _signature(names: tuple[str, ...], parameters: list[Node]) -> tuple[QName, str]:
    """A routine's qualified name and its name with its input argument types."""
    inputs = []
    for item in parameters:
        parameter = item.get("FunctionParameter", item)
        if parameter.get("mode") in _INPUT_MODES and "argType" in parameter:
            inputs.append(type_signature(parameter["argType"]))
    qname = _qname(names)
    return qname, f"{qname.name}({', '.join(inputs)})"


def routine_signature(names: tuple[str, ...], parameters: list[Node]) -> str:
    """A routine's name with its input argument types: ``last_day(timestamp with time
    zone)`` (from CREATE FUNCTION's name and parameters)."""
    return _signature(names, parameters)[1]


def object_routine(target: Node) -> tuple[QName, str | None]:
    """The routine an ObjectWithArgs names: its qualified name, and its name with its
    argument types (None when they are not given)."""
    body = target.get("ObjectWithArgs", target)
    qname = _qname(_strings(body.get("objname")))
    if body.get("args_unspecified"):
        return qname, None
    if body.get("objfuncargs"):
        return qname, _signature(_strings(body.get("objname")), body["objfuncargs"])[1]
    args = [type_signature(arg["TypeName"]) for arg in body.get("objargs", []) if "TypeName" in arg]
    return qname, f"{qname.name}({', '.join(args)})"


# --- what a text mentions -------------------------------------------------------------------


@dataclass
class _Mentions:
    relations: set[QName] = field(default_factory=set)
    functions: set[QName] = field(default_factory=set)  # by base name
    types: set[QName] = field(default_factory=set)
    columns: set[str] = field(default_factory=set)

    def add(self, other: _Mentions) -> None:
        self.relations |= other.relations
        self.functions |= other.functions
        self.types |= other.types
        self.columns |= other.columns


# PostgreSQL's own functions (its trigger functions too, which no expression calls).
_BUILTIN_FUNCTIONS = frozenset(builtins.FUNCTION_NAMES) | {
    "tsvector_update_trigger",
    "tsvector_update_trigger_column",
    "suppress_redundant_updates_trigger",
}


def _mentions(tree: Any) -> _Mentions:
    """The relations, functions, user types and columns a parse tree names."""
    found = _Mentions()
    ctes: set[str] = set()
    for kind, body in _walk(tree):
        if kind == "CommonTableExpr":
            ctes.add(body.get("ctename", ""))
        elif kind == "RangeVar":
            found.relations.add(_relation(body))
        elif kind == "FuncCall":
            names = _strings(body.get("funcname"))
            if (
                names
                and names[0] != "pg_catalog"
                and (len(names) >= 2 or names[-1] not in _BUILTIN_FUNCTIONS)
            ):
                found.functions.add(_qname(names))
        elif kind == "TypeName":
            names = _strings(body.get("names"))
            if (
                names
                and names[0] != "pg_catalog"
                and (len(names) >= 2 or names[-1] not in BUILTIN_TYPE_NAMES)
            ):
                found.types.add(_qname(names))
        elif kind == "ColumnRef":
            if any(isinstance(item, dict) and "A_Star" in item for item in body.get("fields", ())):
                found.columns.add("*")  # every column of what it selects from
                continue
            fields = _strings(body.get("fields"))
            if fields:
                found.columns.add(fields[-1])
        elif kind == "PLpgSQL_recfield":
            found.columns.add(body.get("fieldname", ""))
    found.relations = {
        name for name in found.relations if not (name.schema == "public" and name.name in ctes)
    }
    found.columns.discard("")
    return found


_ASSIGNMENT = re.compile(
    r'\s*(?:[\w$]+|"[^"]*")(?:\s*\.\s*(?:[\w$]+|"[^"]*"))*'
    r"(?:\s*\[[^\]]*\])?\s*:?=(?!=)"
)
_QUERY_START = re.compile(r"\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|MERGE)\b", re.IGNORECASE)


def _parse_piece(text: str) -> Any | None:
    """The tree of a piece of SQL from a body (a statement, an expression, or a PL/pgSQL
    assignment ``x := expression``), or None."""
    candidates = [text, f"SELECT {text}"]
    if assignment := _ASSIGNMENT.match(text):
        candidates.append(f"SELECT {text[assignment.end() :]}")
    for candidate in candidates:
        try:
            tree = json.loads(parser.parse_sql_json(candidate))
        except (parser.ParseError, RecursionError, ValueError):
            continue
        return [tree, *_dynamic_queries(tree)]
    return None


def _dynamic_queries(tree: Any) -> list[Any]:
    """The trees of the quoted texts in ``tree`` that are queries themselves (dynamic SQL
    built from literals: ``EXECUTE 'SELECT ... FROM payment'``)."""
    found = []
    for kind, body in _walk(tree):
        text = body.get("sval", {}).get("sval") if kind == "A_Const" else None
        if isinstance(text, str) and _QUERY_START.match(text):
            try:
                found.append(json.loads(parser.parse_sql_json(text)))
            except (parser.ParseError, RecursionError, ValueError):
                continue
    return found


def _body_mentions(statement_text: str, node: Node, known: Schema | None) -> _Mentions:
    """What a routine's body names: parsed where it can be, else matched against the
    names of ``known``'s relations."""
    options = {
        item["DefElem"].get("defname"): item["DefElem"].get("arg")
        for item in node.get("options", [])
        if "DefElem" in item
    }
    language = (options.get("language") or {}).get("String", {}).get("sval", "sql").lower()
    body = _strings([options["as"]]) if options.get("as") else ()
    found = _Mentions()
    unread = ""
    if node.get("sql_body"):
        found.add(_mentions(node["sql_body"]))
    elif language == "sql" and body:
        tree = _parse_piece(body[0])
        if tree is None:
            unread = body[0]
        else:
            found.add(_mentions(tree))
    elif language == "plpgsql" and body:
        try:
            functions = json.loads(parser.parse_plpgsql_json(statement_text))
        except (parser.ParseError, RecursionError, ValueError):
            functions = None
        if functions is None:
            unread = body[0]
        else:
            for kind, item in _walk(functions):
                if kind == "PLpgSQL_expr" and item.get("query"):
                    tree = _parse_piece(item["query"])
                    if tree is None:
                        unread += "\n" + item["query"]
                    else:
                        found.add(_mentions(tree))
                elif kind == "PLpgSQL_recfield":
                    found.columns.add(item.get("fieldname", ""))
                elif kind == "PLpgSQL_stmt_dynexecute":
                    unread = body[0]  # dynamic SQL: the whole body, by name
    else:
        unread = " ".join(body)
    if unread and known is not None:
        found.add(_matched_names(unread, known))
    found.columns.discard("")
    return found


_WORD = re.compile(r'"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)')


def _matched_names(text: str, known: Schema) -> _Mentions:
    """The tables and views of ``known``, and their columns, whose names appear as words
    in ``text`` (a conservative reading of what cannot be parsed)."""
    words = set()
    for quoted, plain in _WORD.findall(text):
        words.add(quoted.replace('""', '"') if quoted else plain.lower())
    found = _Mentions()
    for table in known.tables:
        if table.name in words:
            found.relations.add(table.qname)
            found.columns |= {name for name in table.column_names if name in words}
    for item in known.sql_objects:
        if item.kind in {ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW} and item.name in words:
            found.relations.add(item.qname)
    return found


# --- statements -----------------------------------------------------------------------------


@dataclass
class _Statement:
    kind: str
    node: Node
    text: str  # as written, without its semicolon


def _parse(sql: str) -> list[_Statement]:
    if not sql.strip():
        raise SqlObjectError("the text is empty: write the object's CREATE statement")
    if "\x00" in sql:
        raise SqlObjectError("the text contains a NUL character")
    try:
        tree = json.loads(parser.parse_sql_json(sql))
    except parser.ParseError as error:
        raise SqlObjectError(_parse_message(error, sql)) from None
    except (RecursionError, ValueError):
        raise SqlObjectError("the text nests too deeply to be read") from None
    encoded = sql.encode()
    statements = []
    for raw in tree.get("stmts", []):
        start = raw.get("stmt_location", 0)
        length = raw.get("stmt_len") or len(encoded) - start
        ((kind, node),) = raw["stmt"].items()
        text = encoded[start : start + length].decode(errors="replace").strip()
        statements.append(_Statement(kind, node, text))
    if not statements:
        raise SqlObjectError("the text holds no statement (only comments or blanks)")
    return statements


def _parse_message(error: parser.ParseError, sql: str) -> str:
    message = str(error.args[0]) if error.args else "syntax error"
    location = error.args[1] if len(error.args) > 1 else None
    encoded = sql.encode()
    if not isinstance(location, int) or not 0 <= location <= len(encoded):
        location = len(encoded)
    before = encoded[:location].decode(errors="replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return f"line {line}, column {column}: {message}"


# Statements the designer keeps as structure, and what to do instead.
_STRUCTURE = {
    "CreateStmt": "a table is kept as a table of the design, not as SQL text",
    "CreateEnumStmt": "an enum type is kept as an enum type of the design",
    "CreateDomainStmt": "a domain is kept as a domain of the design",
    "CreateSeqStmt": "a sequence is kept as a sequence of the design",
    "CreateExtensionStmt": "an extension is one of the project's extensions",
    "IndexStmt": "an index of a table is kept as an index of the design",
    "CreateSchemaStmt": "a PostgreSQL schema is made by the objects in it",
}

# ALTER TABLE commands kept as a table's options.
OPTION_COMMANDS = {
    "AT_ClusterOn": "CLUSTER ON",
    "AT_SetStatistics": "SET STATISTICS",
    "AT_SetStorage": "SET STORAGE",
    "AT_SetCompression": "SET COMPRESSION",
    "AT_SetOptions": "SET options",
    "AT_ResetOptions": "RESET options",
    "AT_SetRelOptions": "SET storage parameters",
    "AT_ResetRelOptions": "RESET storage parameters",
    "AT_ReplicaIdentity": "REPLICA IDENTITY",
    "AT_EnableRowSecurity": "ENABLE ROW LEVEL SECURITY",
    "AT_ForceRowSecurity": "FORCE ROW LEVEL SECURITY",
    "AT_DisableRowSecurity": "DISABLE ROW LEVEL SECURITY",
    "AT_NoForceRowSecurity": "NO FORCE ROW LEVEL SECURITY",
    "AT_SetLogged": "SET LOGGED",
    "AT_SetUnLogged": "SET UNLOGGED",
    "AT_EnableTrig": "ENABLE TRIGGER",
    "AT_EnableAlwaysTrig": "ENABLE ALWAYS TRIGGER",
    "AT_EnableReplicaTrig": "ENABLE REPLICA TRIGGER",
    "AT_DisableTrig": "DISABLE TRIGGER",
    "AT_EnableRule": "ENABLE RULE",
    "AT_EnableAlwaysRule": "ENABLE ALWAYS RULE",
    "AT_EnableReplicaRule": "ENABLE REPLICA RULE",
    "AT_DisableRule": "DISABLE RULE",
}
_TRIGGER_COMMANDS = {"AT_EnableTrig", "AT_EnableAlwaysTrig", "AT_EnableReplicaTrig",
                     "AT_DisableTrig"}  # fmt: skip
_OTHER_KINDS = {
    "CreateStatsStmt", "CreateCastStmt", "CreateOpClassStmt", "CreateOpFamilyStmt",
    "CreateConversionStmt", "CreateTransformStmt", "CreateEventTrigStmt",
    "CreatePublicationStmt", "CreateForeignServerStmt", "CreateFdwStmt",
    "CreateUserMappingStmt", "CreateForeignTableStmt", "AlterTSConfigurationStmt",
}  # fmt: skip


def _commands(node: Node) -> list[Node]:
    return [item["AlterTableCmd"] for item in node.get("cmds", []) if "AlterTableCmd" in item]


def is_table_option(kind: str, node: Node) -> bool:
    """Whether an ALTER TABLE (or CLUSTER) statement only sets options of a table."""
    if kind == "ClusterStmt":
        return bool(node.get("relation") and node.get("indexname"))
    commands = _commands(node)
    return (
        kind == "AlterTableStmt"
        and bool(commands)
        and all(command.get("subtype") in OPTION_COMMANDS for command in commands)
    )


@dataclass
class _Object:
    kind: ObjectKind
    name: str
    schema: str
    mentions: _Mentions
    depends_on: set[QName]
    # How later statements name it: (what, key) pairs accepted after the first.
    accepts: set[tuple[str, Any]]
    description: str = ""


def _first(statement: _Statement, known: Schema | None) -> _Object:
    """The object a statement creates."""
    kind, node = statement.kind, statement.node
    if kind in _STRUCTURE:
        if kind == "IndexStmt":
            raise SqlObjectError(
                "an index alone is kept as an index of its table; a materialized view's "
                "index goes after the view's CREATE, in the same text"
            )
        raise SqlObjectError(_STRUCTURE[kind])
    if kind == "ViewStmt":
        qname = _relation(node["view"])
        found = _mentions(node.get("query"))
        return _Object(
            ObjectKind.VIEW, qname.name, qname.schema, found, _view_dependencies(found, qname),
            {("relation", qname)},
        )  # fmt: skip
    if kind == "CreateTableAsStmt" and node.get("objtype") == "OBJECT_MATVIEW":
        qname = _relation(node["into"]["rel"])
        found = _mentions(node.get("query"))
        return _Object(
            ObjectKind.MATERIALIZED_VIEW, qname.name, qname.schema, found,
            _view_dependencies(found, qname), {("relation", qname), ("matview", qname)},
        )  # fmt: skip
    if kind == "CreateTableAsStmt":
        raise SqlObjectError("CREATE TABLE AS makes a table: a table is kept as structure")
    if kind == "CreateFunctionStmt":
        return _routine(statement, known)
    if kind == "DefineStmt" and node.get("kind") == "OBJECT_AGGREGATE":
        return _aggregate(node)
    if kind == "CreateTrigStmt":
        table = _relation(node["relation"])
        names = _strings(node.get("funcname"))
        function = _qname(names)
        found = _mentions(node.get("whenClause"))
        found.relations.add(table)
        found.columns |= set(_strings(node.get("columns")))
        name = node.get("trigname", "")
        depends = {table}
        if len(names) >= 2 or names[-1] not in _BUILTIN_FUNCTIONS:  # (not a built-in one)
            depends.add(QName(function.schema, f"{function.name}()"))
        if node.get("constrrel"):
            depends.add(_relation(node["constrrel"]))
        return _Object(
            ObjectKind.TRIGGER, f"{name} on {table.name}", table.schema, found, depends,
            {("trigger", (table, name))},
        )  # fmt: skip
    if kind == "CreateEventTrigStmt":
        name = node.get("trigname", "")
        function = _qname(_strings(node.get("funcname")))
        return _Object(
            ObjectKind.TRIGGER, f"event trigger {name}", "public", _Mentions(),
            {QName(function.schema, f"{function.name}()")}, {("event trigger", name)},
        )  # fmt: skip
    if kind == "CreatePolicyStmt":
        table = _relation(node["table"])
        found = _mentions([node.get("qual"), node.get("with_check")])
        found.relations.add(table)
        name = node.get("policy_name", "")
        return _Object(
            ObjectKind.POLICY, f"{name} on {table.name}", table.schema, found, {table},
            {("policy", (table, name))},
        )  # fmt: skip
    if kind == "RuleStmt":
        table = _relation(node["relation"])
        found = _mentions([node.get("whereClause"), node.get("actions")])
        found.relations.add(table)
        name = node.get("rulename", "")
        return _Object(
            ObjectKind.RULE, f"{name} on {table.name}", table.schema, found, {table},
            {("rule", (table, name))},
        )  # fmt: skip
    if kind in {"CompositeTypeStmt", "CreateRangeStmt"} or (
        kind == "DefineStmt" and node.get("kind") == "OBJECT_TYPE"
    ):
        if kind == "CompositeTypeStmt":
            qname = _relation(node["typevar"])
        else:
            qname = _qname(_strings(node.get("typeName") or node.get("defnames")))
        found = _mentions(node.get("coldeflist") or node.get("params") or node.get("definition"))
        depends = {name for name in found.types if name != qname} | found.functions
        return _Object(
            ObjectKind.TYPE, qname.name, qname.schema, found, depends,
            {("type", qname), ("relation", qname)},
        )  # fmt: skip
    if kind == "CommentStmt" and node.get("objtype") in {"OBJECT_SCHEMA", "OBJECT_EXTENSION"}:
        what = node["objtype"].removeprefix("OBJECT_").lower()
        target = node.get("object", {}).get("String", {}).get("sval", "")
        schema = target if what == "schema" else "public"
        return _Object(ObjectKind.COMMENT, f"{what} {target}", schema, _Mentions(), set(), set())
    if is_table_option(kind, node):
        return _table_option(kind, node)
    if kind in _OTHER_KINDS or kind == "DefineStmt":
        label = kind.removeprefix("Create").removesuffix("Stmt")
        names = _strings(node.get("defnames")) or _strings(node.get("opclassname"))
        for key in ("trigname", "pubname", "servername", "fdwname", "conversion_name"):
            if isinstance(node.get(key), str):
                names = (node[key],)
        if kind == "DefineStmt":
            label = node.get("kind", "").removeprefix("OBJECT_").lower().replace("_", " ")
        found = _mentions(node)
        qname = _qname(names) if names else QName("public", "")
        return _Object(
            ObjectKind.OTHER, f"{label} {qname.name}".strip(), qname.schema, found,
            found.relations | found.functions, set(),
        )  # fmt: skip
    raise SqlObjectError(_not_an_object(statement))


def _not_an_object(statement: _Statement) -> str:
    first = " ".join(statement.text.split())[:40]
    if statement.kind == "DropStmt":
        return f"a DROP removes an object; write the object's CREATE statement ({first!r})"
    return f"{first!r} does not create an object kept as SQL (a view, a function, a trigger...)"


def _view_dependencies(found: _Mentions, own: QName) -> set[QName]:
    return (found.relations | found.functions | found.types) - {own}


def _routine(statement: _Statement, known: Schema | None) -> _Object:
    node = statement.node
    names = _strings(node.get("funcname"))
    qname, signature = _signature(names, node.get("parameters", []))
    kind = ObjectKind.PROCEDURE if node.get("is_procedure") else ObjectKind.FUNCTION
    signature_types = _mentions([node.get("parameters"), node.get("returnType")])
    found = _body_mentions(statement.text + ";", node, known)
    depends = set(signature_types.types)
    if node.get("sql_body"):
        depends |= found.relations | found.functions | found.types
    found.types |= signature_types.types
    depends.discard(QName(qname.schema, signature))
    return _Object(kind, signature, qname.schema, found, depends, {("routine", (qname, signature))})


_AGGREGATE_FUNCTIONS = ("sfunc", "finalfunc", "combinefunc", "serialfunc", "deserialfunc",
                        "msfunc", "minvfunc", "mfinalfunc")  # fmt: skip


def _aggregate(node: Node) -> _Object:
    names = _strings(node.get("defnames"))
    arguments = node.get("args") or []
    parameters = (
        arguments[0]["List"].get("items", []) if arguments and "List" in arguments[0] else []
    )
    qname, signature = _signature(names, parameters)
    inputs = signature[len(qname.name) + 1 : -1]
    definition = {
        item["DefElem"].get("defname", "").lower(): item["DefElem"].get("arg")
        for item in node.get("definition", [])
        if "DefElem" in item
    }
    state = ""
    if isinstance(definition.get("stype"), dict) and "TypeName" in definition["stype"]:
        state = type_signature(definition["stype"]["TypeName"])
    depends: set[QName] = set()
    for key in _AGGREGATE_FUNCTIONS:
        argument = definition.get(key)
        if not isinstance(argument, dict) or "TypeName" not in argument:
            continue
        function = _qname(_strings(argument["TypeName"].get("names")))
        if key == "sfunc":
            arguments_text = ", ".join(part for part in (state, inputs) if part)
        elif key == "finalfunc":
            arguments_text = state
        else:
            depends.add(function)  # (matched by name)
            continue
        depends.add(QName(function.schema, f"{function.name}({arguments_text})"))
    found = _mentions(node)
    return _Object(
        ObjectKind.AGGREGATE, signature, qname.schema, found, depends,
        {("aggregate", (qname, signature))},
    )  # fmt: skip


def _table_option(kind: str, node: Node) -> _Object:
    table = _relation(node["relation"])
    found = _Mentions(relations={table})
    if kind == "ClusterStmt":
        return _Object(
            ObjectKind.TABLE_OPTION, f"{table.name} (CLUSTER ON {node['indexname']})",
            table.schema, found, {table}, set(),
        )  # fmt: skip
    parts = []
    column = None
    for command in _commands(node):
        subtype = command["subtype"]
        what = OPTION_COMMANDS[subtype]
        if subtype in {"AT_ClusterOn", "AT_EnableTrig", "AT_DisableTrig"} or "RULE" in what:
            what = f"{what} {command.get('name', '')}".strip()
        elif command.get("name"):
            column = command["name"]
            found.columns.add(column)
        if what not in parts:
            parts.append(what)
    target = f"{table.name}.{column}" if column is not None and len(parts) == 1 else table.name
    return _Object(
        ObjectKind.TABLE_OPTION, f"{target} ({', '.join(parts)})", table.schema, found,
        {table}, set(),
    )  # fmt: skip


# --- statements that belong to the object ------------------------------------------------------

_COMMENT_KINDS = {
    "OBJECT_VIEW": "relation",
    "OBJECT_MATVIEW": "relation",
    "OBJECT_TYPE": "type",
    "OBJECT_FUNCTION": "routine",
    "OBJECT_PROCEDURE": "routine",
    "OBJECT_ROUTINE": "routine",
    "OBJECT_AGGREGATE": "aggregate",
    "OBJECT_TRIGGER": "trigger",
    "OBJECT_POLICY": "policy",
    "OBJECT_RULE": "rule",
    "OBJECT_EVENT_TRIGGER": "event trigger",
}


def _routine_matches(accepts: set[tuple[str, Any]], what: str, target: Node) -> bool:
    qname, signature = object_routine(target)
    for kind, key in accepts:
        if kind == what and key[0] == qname and signature in {None, key[1]}:
            return True
    return False


def _belongs(statement: _Statement, item: _Object) -> bool:
    """Whether a later statement belongs to the object (and so to its text); a comment
    on the object itself sets its description."""
    kind, node = statement.kind, statement.node
    accepts = item.accepts
    if kind == "CommentStmt":
        objtype = node.get("objtype", "")
        target = node.get("object", {})
        what = _COMMENT_KINDS.get(objtype)
        if objtype == "OBJECT_COLUMN":
            names = _strings([target])
            return len(names) >= 2 and (
                ("relation", _qname(names[:-1])) in accepts
                or ("type", _qname(names[:-1])) in accepts
            )
        if what in {"routine", "aggregate"}:
            matched = _routine_matches(accepts, what, target)
        elif what in {"trigger", "policy", "rule"}:
            names = _strings([target])
            matched = len(names) >= 2 and (what, (_qname(names[:-1]), names[-1])) in accepts
        elif what == "event trigger":
            matched = (what, target.get("String", {}).get("sval")) in accepts
        elif what == "type":
            names = _strings(target.get("TypeName", {}).get("names"))
            matched = bool(names) and ("type", _qname(names)) in accepts
        elif what == "relation":
            names = _strings([target])
            matched = bool(names) and ("relation", _qname(names)) in accepts
        else:
            matched = False
        if matched and node.get("comment") is not None:
            item.description = node["comment"]
        return matched
    if kind == "AlterFunctionStmt":
        what = "routine" if node.get("objtype") != "OBJECT_AGGREGATE" else "aggregate"
        return _routine_matches(accepts, what, node.get("func", {}))
    if kind == "IndexStmt":
        return ("matview", _relation(node["relation"])) in accepts
    if kind == "ClusterStmt":
        return bool(node.get("relation")) and ("matview", _relation(node["relation"])) in accepts
    if kind == "RefreshMatViewStmt":
        return bool(node.get("relation")) and ("matview", _relation(node["relation"])) in accepts
    if kind == "AlterTableStmt":
        relation = _relation(node["relation"])
        commands = _commands(node)
        if ("relation", relation) in accepts and commands:
            return True
        return bool(commands) and all(
            command.get("subtype") in _TRIGGER_COMMANDS
            and ("trigger", (relation, command.get("name"))) in accepts
            for command in commands
        )
    return False


# --- describe ------------------------------------------------------------------------------------


def describe(sql: str, *, known: Schema | None = None, id: str = "") -> SqlObject:
    """The object ``sql`` creates (see the module's docstring), or ``SqlObjectError``.

    ``known``: the schema the object is part of, to tell which functions called are its
    own and to read what a function's body names when it cannot be parsed."""
    statements = _parse(sql)
    item = _first(statements[0], known)
    for statement in statements[1:]:
        if not _belongs(statement, item):
            raise SqlObjectError(
                f"the text holds more than one object: after the {item.kind} {item.name}, "
                f"{_not_part(statement)}; keep one object per text"
            )
    if item.kind is ObjectKind.MATERIALIZED_VIEW:
        for statement in statements[1:]:
            if statement.kind == "IndexStmt":
                item.mentions.add(_mentions(statement.node.get("indexParams")))
                item.mentions.add(_mentions(statement.node.get("whereClause")))
    depends = _resolved(item.depends_on, known, item)
    reads = _resolved(item.mentions.relations, known, item, relations_only=True)
    texts = [statement.text.rstrip().rstrip(";").rstrip() + ";" for statement in statements]
    return SqlObject(
        id=id,
        kind=item.kind,
        name=item.name,
        sql="\n".join(texts),
        schema=item.schema,
        depends_on=tuple(sorted(depends)),
        reads=tuple(sorted(reads)),
        columns=tuple(sorted(item.mentions.columns)),
        description=item.description,
    )


def _not_part(statement: _Statement) -> str:
    first = " ".join(statement.text.split())
    first = first if len(first) <= 50 else first[:47] + "..."
    return f"{first!r} is not part of it"


def _resolved(
    names: set[QName], known: Schema | None, item: _Object, *, relations_only: bool = False
) -> set[QName]:
    """``names`` as ``known`` names them: a function called by its name becomes the
    function objects of that name (with their arguments); without ``known`` (or when it
    has none of that name), the name as written. Built-in names are left out."""
    own = QName(item.schema, item.name)
    result: set[QName] = set()
    routines: dict[QName, list[QName]] = {}
    if known is not None:
        for other in known.sql_objects:
            if other.kind in {ObjectKind.FUNCTION, ObjectKind.PROCEDURE, ObjectKind.AGGREGATE}:
                base = QName(other.schema, other.name.split("(", 1)[0])
                routines.setdefault(base, []).append(other.qname)
    for name in names:
        if name.schema in {"pg_catalog", "information_schema"} or not name.name:
            continue
        if not relations_only and "(" not in name.name and name in routines:
            result.update(routines[name])
        else:
            result.add(name)
    result.discard(own)
    return result
