"""Section 9: the query examples (``designer.generators.queries``), each with one line of
explanation and what its parameters stand for."""

from __future__ import annotations

from designer.schema.sqltext import quote_ident

from .context import Context
from .markdown import code, fence, text

_KINDS = (
    ("join", "Joins along the foreign keys"),
    ("many-to-many", "Many-to-many"),
    ("index", "Lookups served by the composite indexes"),
    ("pagination", "Keyset pagination of the main lists"),
)


def section(context: Context) -> str:
    examples = context.examples
    if not examples:
        return (
            "No query examples: the schema has no relationships, composite indexes or keyed lists."
        )
    parts = [
        "Queries as an application sends them, with parameters (`$1`, `$2`...), each with "
        "what it serves and which index it uses."
    ]
    trial = _try_it(context)
    if trial:
        parts.append(
            "To run one in psql, `PREPARE` it and `EXECUTE` it with values, here from the "
            "sample data of section 6:"
        )
        parts.append(fence(trial, "sql"))
    for kind, heading in _KINDS:
        chosen = [example for example in examples if example.kind == kind]
        if not chosen:
            continue
        parts.append(f"### {heading}")
        for example in chosen:
            parts.append(f"**{text(example.title)}.** {text(example.explanation)}")
            if example.parameters:
                meanings = "; ".join(
                    f"{code(p.placeholder)}: {text(p.meaning)}" for p in example.parameters
                )
                parts.append(f"Parameters: {meanings}.")
            parts.append(fence(example.sql, "sql"))
    return "\n\n".join(parts)


def _try_it(context: Context) -> str:
    """The first example whose arguments a sample row has, prepared and executed."""
    for example in context.examples:
        if example.source is None or not example.parameters:
            continue
        table, columns = example.source
        for row in context.sample.rows(table):
            values = [row[name] for name in columns]
            if all(value.py is not None for value in values):
                name = quote_ident("example")
                arguments = ", ".join(value.sql for value in values)
                return "\n".join(
                    [example.prepare("example"), f"EXECUTE {name}({arguments});",
                     f"DEALLOCATE {name};"]
                )  # fmt: skip
    return ""
