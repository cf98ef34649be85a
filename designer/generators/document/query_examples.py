"""Section 9: the project's saved queries, then the query examples
(``designer.generators.queries``), each with one line of explanation and what its
parameters stand for.

The saved queries (``Schema.queries``, the query workbench) come first, each with how
often it runs, its note, its SQL and, from ``designer.workbench.analysis``, what serves
each table it reads: an index of the design, or the index suggested for it. Without saved
queries the section is the examples alone, as it always was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from designer.schema.sqltext import quote_ident

from .context import Context, label
from .markdown import bullets, code, fence, text

if TYPE_CHECKING:
    from designer.workbench.analysis import QueryError

_KINDS = (
    ("join", "Joins along the foreign keys"),
    ("many-to-many", "Many-to-many"),
    ("index", "Lookups served by the composite indexes"),
    ("pagination", "Keyset pagination of the main lists"),
)


def section(context: Context) -> str:
    if not context.schema.queries:
        return _examples(context)
    return "\n\n".join(
        [
            saved_queries(context),
            "### Examples generated from the design",
            _examples(context),
        ]
    )


def _examples(context: Context) -> str:
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


# --- saved queries --------------------------------------------------------------------------


def saved_queries(context: Context) -> str:
    """The saved queries: each one's name, how often it runs, note, SQL, and what serves
    each table access or the index suggested for it."""
    parts = [
        "### Saved queries",
        "The queries the application runs, saved with the design: how often each runs, and "
        "for each table it reads the index that serves it, or the index suggested for it.",
    ]
    suggested: dict[str, str] = {}  # a suggestion's SQL -> the query it was first shown for
    for query in context.schema.queries:
        head = f"**{text(query.name)}**: runs {query.frequency.label}."
        if query.note.strip():
            head += f" {text(query.note)}"
        parts.append(head)
        parts.append(fence(query.sql, "sql"))
        analysis = context.query_analyses.get(query.id)
        if analysis is None:
            continue
        if analysis.errors:
            problems = "; ".join(_error(error) for error in analysis.errors)
            parts.append(f"It does not match the design: {problems}.")
            continue
        lines, suggestions = [], []
        for result in analysis.accesses:
            table = code(label(result.access.table))
            use, suggestion = result.served_by, result.suggestion
            which = ""  # the suggested index, when there is one
            if suggestion is not None:
                first = suggested.setdefault(suggestion.sql, query.name)
                if first == query.name:
                    if all(shown.sql != suggestion.sql for shown in suggestions):
                        suggestions.append(suggestion)
                    which = "the index suggested below"
                else:
                    which = f"the index suggested for “{text(first)}”"
            if use is not None:
                line = f"{table}: served by the {use.kind} {code(use.name)} ({text(use.how)})."
                if which:
                    line += f" Better: {which}."
            elif which:
                line = f"{table}: no index serves it; {which} would."
            else:
                line = f"{table}: read without an index."
            lines.append(line)
        lines += [text(finding.message) for finding in analysis.findings]
        if lines:
            parts.append(bullets(lines))
        for suggestion in suggestions:
            parts.append(
                f"Suggested index on {code(label(suggestion.table))}: {text(suggestion.reason)}"
            )
            statement = suggestion.sql
            if suggestion.extension:
                extension = quote_ident(suggestion.extension)
                statement = f"CREATE EXTENSION IF NOT EXISTS {extension};\n{statement}"
            parts.append(fence(statement, "sql"))
    return "\n\n".join(parts)


def _error(error: QueryError) -> str:
    where = f" (line {error.line}, column {error.column})" if error.line is not None else ""
    return f"{text(error.message.rstrip().rstrip('.'))}{where}"
