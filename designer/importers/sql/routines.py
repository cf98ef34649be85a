"""Functions and triggers: the ``updated_at`` convention is recognised, the rest listed.

A table follows the timestamps convention when a ``BEFORE UPDATE ... FOR EACH ROW``
trigger runs a PL/pgSQL trigger function whose whole body sets ``NEW.updated_at`` to the
current time and returns ``NEW`` — whatever the function and the trigger are called.
Such a table gets ``timestamps=True``, and the function and its triggers are not kept:
the generators write their own. Every other function, procedure and trigger is kept as
SQL (``kept``).
"""

from __future__ import annotations

import re

from designer.schema.model import QName

from . import kept
from .draft import DraftFunction, Drafts, DraftTrigger
from .parsing import Statement
from .tables import relation_name
from .tree import definitions, identifier, strings
from .typenames import type_text

_INPUT_MODES = {None, "FUNC_PARAM_DEFAULT", "FUNC_PARAM_IN", "FUNC_PARAM_INOUT",
                "FUNC_PARAM_VARIADIC"}  # fmt: skip
_TRIGGER_BEFORE = 2  # pg_trigger.tgtype bits, as CreateTrigStmt carries them
_TRIGGER_UPDATE = 16
_NOW = r"(?:now\s*\(\s*\)|current_timestamp|clock_timestamp\s*\(\s*\)|localtimestamp|" \
       r"statement_timestamp\s*\(\s*\)|transaction_timestamp\s*\(\s*\))"  # fmt: skip
_SETS_UPDATED_AT = re.compile(
    rf"""\s*begin\s+new\s*\.\s*(?:updated_at|"updated_at")\s*:?=\s*{_NOW}\s*;
         \s*return\s+new\s*;\s*end\s*;?\s*""",
    re.IGNORECASE | re.VERBOSE,
)
_LINE_COMMENT = re.compile(r"--[^\n]*")


def function_name(names: tuple[str, ...], drafts: Drafts) -> QName:
    """The function a (possibly unqualified) name calls, along the search path."""
    known = {function.qname: function for function in drafts.functions.values()}
    return drafts.find(tuple(identifier(name) for name in names), known)


def create_function(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    qname = drafts.qualify(tuple(identifier(name) for name in strings(node["funcname"])))
    inputs = [
        type_text(parameter["FunctionParameter"]["argType"])
        for parameter in node.get("parameters", [])
        if parameter["FunctionParameter"].get("mode") in _INPUT_MODES
    ]
    signature = f"{qname}({', '.join(inputs)})"
    options = definitions(node.get("options"))
    language = options.get("language") or {}
    body = strings([options["as"]]) if options.get("as") else ()
    returns = strings(node.get("returnType", {}).get("names"))
    drafts.functions[signature] = DraftFunction(
        qname=qname,
        signature=signature,
        returns_trigger=returns[-1:] == ("trigger",),
        language=language.get("String", {}).get("sval", "").lower(),
        body=body[0] if body else "",
        key=kept.create_routine(statement, drafts),
    )


def drop_functions(names: tuple[str, ...], arguments: list | None, drafts: Drafts) -> None:
    """DROP FUNCTION: forget the function(s) and take them off the skipped list."""
    qname = function_name(names, drafts)
    wanted = None
    if arguments is not None:
        wanted = f"{qname}({', '.join(type_text(arg['TypeName']) for arg in arguments)})"
    for signature, function in list(drafts.functions.items()):
        if function.qname == qname and wanted in {None, signature}:
            del drafts.functions[signature]
            drafts.objects.pop(function.key, None)


def create_trigger(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    table = relation_name(node["relation"], drafts)
    name = identifier(node["trigname"])
    if table not in drafts.tables:
        if table not in drafts.others:
            drafts.summary.skip("trigger", f"{name} on {table} (its table is not in the file)")
        else:  # on a view (INSTEAD OF)
            kept.create_trigger_object(statement, drafts, table, name)
        return
    plain = (
        bool(node.get("row"))
        and node.get("timing") == _TRIGGER_BEFORE
        and node.get("events") == _TRIGGER_UPDATE
        and not any(node.get(key) for key in ("columns", "whenClause", "args", "isconstraint"))
        and not node.get("transitionRels")
    )
    function = function_name(strings(node["funcname"]), drafts)
    key = kept.create_trigger_object(statement, drafts, table, name)
    drafts.triggers.append(DraftTrigger(name, table, function, plain, key))


def sets_updated_at(function: DraftFunction) -> bool:
    """Whether a function is the ``updated_at`` trigger function of the convention."""
    if not function.returns_trigger or function.language != "plpgsql":
        return False
    return _SETS_UPDATED_AT.fullmatch(_LINE_COMMENT.sub(" ", function.body)) is not None
