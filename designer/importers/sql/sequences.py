"""Sequences, and the ``nextval`` defaults and identity columns that use them.

A column whose default is ``nextval`` of exactly the sequence ``serial`` would make for
it (named ``<table>_<column>_seq``, owned by the column, with the default options)
becomes a serial column, and an identity column stays an identity column. Every other
sequence is kept as a ``Sequence`` of the model with its options and its owner, under
its own name, and the columns drawing from it keep their ``nextval`` default as written
(``nextval('users_seq'::text)`` included).
"""

from __future__ import annotations

import re

from designer.schema.model import QName

from .draft import Drafts, DraftSequence
from .parsing import Statement
from .tree import Node, definitions, function_names, identifier, integer, strings

# Options whose value is the default are no loss; everything else is listed.
_DEFAULT_VALUES = {"start": 1, "increment": 1, "cache": 1, "restart": None}
_WORDS = {
    "start": "START WITH",
    "increment": "INCREMENT BY",
    "cache": "CACHE",
    "minvalue": "MINVALUE",
    "maxvalue": "MAXVALUE",
    "restart": "RESTART",
}


def _option_texts(options: dict[str, Node | None]) -> list[str]:
    """The options that differ from what a serial or identity column's sequence has."""
    texts = []
    for name, argument in options.items():
        value = integer(argument) if argument is not None else None
        if name in {"as", "owned_by", "sequence_name"}:
            continue
        if name in {"minvalue", "maxvalue"} and argument is None:
            continue  # NO MINVALUE / NO MAXVALUE
        if name in _DEFAULT_VALUES and value == _DEFAULT_VALUES[name]:
            continue
        if name == "cycle" and not (argument and argument.get("Boolean", {}).get("boolval")):
            continue
        word = _WORDS.get(name, name.upper())
        texts.append(word if value is None else f"{word} {value}")
    return texts


def _owner(argument: Node | None) -> tuple[tuple[str, ...], str] | None:
    names = tuple(identifier(name) for name in strings([argument] if argument else []))
    if len(names) < 2:
        return None  # OWNED BY NONE
    return names[:-1], names[-1]


_DATA_TYPES = {"int2": "smallint", "int4": "integer", "int8": "bigint", "smallint": "smallint",
               "integer": "integer", "int": "integer", "bigint": "bigint"}  # fmt: skip


def _number(argument: Node | None) -> int | None:
    """An option's whole number (big ones are Float nodes in the tree)."""
    if argument is None:
        return None
    if "Float" in argument:
        try:
            return int(argument["Float"].get("fval", ""))
        except ValueError:
            return None
    return integer(argument)


def _apply_options(sequence: DraftSequence, options: dict[str, Node | None]) -> None:
    """The options as the model keeps them (RESTART is the data's, not the schema's)."""
    if options.get("as"):
        names = strings(options["as"].get("TypeName", {}).get("names"))
        sequence.data_type = _DATA_TYPES.get(names[-1] if names else "", "bigint")
    if "start" in options:
        sequence.start = _number(options["start"])
    if "increment" in options:
        sequence.increment = _number(options["increment"]) or 1
    if "minvalue" in options:
        sequence.min_value = _number(options["minvalue"])
    if "maxvalue" in options:
        sequence.max_value = _number(options["maxvalue"])
    if "cache" in options:
        sequence.cache = _number(options["cache"]) or 1
    if "cycle" in options:
        argument = options["cycle"]
        sequence.cycle = bool(argument and argument.get("Boolean", {}).get("boolval"))


def create_sequence(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    relation = node["sequence"]
    names = tuple(identifier(relation[k]) for k in ("schemaname", "relname") if relation.get(k))
    qname = drafts.qualify(names)
    if node.get("if_not_exists") and qname in drafts.sequences:
        return
    options = definitions(node.get("options"))
    sequence = DraftSequence(qname, options=_option_texts(options))
    _apply_options(sequence, options)
    if owner := _owner(options.get("owned_by")):
        sequence.owner = (drafts.find_table(owner[0]), owner[1])
    drafts.sequences[qname] = sequence
    drafts.schemas.add(qname.schema)


def alter_sequence(statement: Statement, drafts: Drafts) -> None:
    node = statement.node
    relation = node["sequence"]
    names = tuple(identifier(relation[k]) for k in ("schemaname", "relname") if relation.get(k))
    sequence = drafts.sequences.get(drafts.find(names, drafts.sequences))
    if sequence is None:
        drafts.summary.skip("statement", statement.summary)
        return
    options = definitions(node.get("options"))
    if "owned_by" in options:
        owner = _owner(options["owned_by"])
        sequence.owner = (drafts.find_table(owner[0]), owner[1]) if owner else None
    sequence.options += [text for text in _option_texts(options) if text not in sequence.options]
    _apply_options(sequence, options)
    if "restart" in options:
        drafts.summary.pass_over("data")  # where it counts from now: the data's


def identity_options(options: list[Node] | None, drafts: Drafts) -> tuple[QName | None, list[str]]:
    """An identity column's SEQUENCE NAME (if given) and its other non-default options."""
    by_name = definitions(options)
    sequence = None
    if "sequence_name" in by_name:
        names = tuple(identifier(name) for name in strings([by_name["sequence_name"]]))
        sequence = drafts.qualify(names)
    return sequence, _option_texts(by_name)


_PART = re.compile(r'"((?:[^"]|"")*)"|([^."]+)')


def regclass_names(text: str) -> tuple[str, ...]:
    """The parts of a name written as text for ``regclass``: ``'public."My seq"'``."""
    parts = []
    for match in _PART.finditer(text.strip()):
        quoted, plain = match.groups()
        parts.append(quoted.replace('""', '"') if quoted is not None else plain.strip().lower())
    return tuple(identifier(part) for part in parts)


def nextval_sequence(expression: Node | None) -> tuple[str, ...] | None:
    """The sequence a default draws from, when it is exactly ``nextval('name')``."""
    if expression is None or "FuncCall" not in expression:
        return None
    call = expression["FuncCall"]
    if strings(call.get("funcname"))[-1:] != ("nextval",) or len(call.get("args", [])) != 1:
        return None
    argument = call["args"][0]
    if "TypeCast" in argument:
        argument = argument["TypeCast"]["arg"]
    text = argument.get("A_Const", {}).get("sval", {}).get("sval")
    return regclass_names(text) if text else None


def uses_nextval(expression: Node | None) -> bool:
    """Whether an expression calls ``nextval`` anywhere."""
    if expression is None:
        return False
    return any(name[-1:] == ("nextval",) for name in function_names(expression))
