"""An analysis as plain text and as JSON-ready data (the ``analyze_query`` command)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from designer.schema.model import QName

from .results import AccessResult, QueryAnalysis


def _name(name: QName | None) -> str | None:
    return None if name is None else f"{name.schema}.{name.name}"


def _access_data(result: AccessResult) -> dict[str, Any]:
    access, served, suggestion = result.access, result.served_by, result.suggestion
    data: dict[str, Any] = {
        "table": _name(access.table),
        "alias": access.alias,
        "predicates": [asdict(p) for p in access.predicates],
        "join_keys": [
            {"column": mine, "table": _name(other), "other_column": theirs}
            for mine, other, theirs in access.join_keys
        ],
        "group_by": list(access.group_by),
        "order_by": [asdict(key) for key in access.order_by],
        "limit": access.limit,
        "offset": access.offset,
        "columns": list(access.columns),
        "select_star": access.select_star,
        "served_by": None,
        "suggestion": None,
    }
    if served is not None:
        data["served_by"] = {
            "kind": served.kind,
            "name": served.name,
            "how": served.how,
            "sorted": served.sorted,
            "covering": served.covering,
        }
    if suggestion is not None:
        index = suggestion.index
        data["suggestion"] = {
            "sql": suggestion.sql,
            "reason": suggestion.reason,
            "extension": suggestion.extension,
            "method": index.method.value,
            "elements": [
                {
                    "column": element.column,
                    "expression": element.expression,
                    "descending": element.descending,
                    "nulls": element.nulls.value or None,
                    "opclass": element.opclass,
                }
                for element in index.elements
            ],
            "include": list(index.include),
            "where": index.where,
        }
    return data


def analysis_data(analysis: QueryAnalysis) -> dict[str, Any]:
    """The analysis as JSON-ready data (stable keys; no generated ids)."""
    return {
        "name": analysis.name,
        "sql": analysis.sql,
        "ok": analysis.ok,
        "errors": [
            {
                "message": error.message,
                "position": error.position,
                "line": error.line,
                "column": error.column,
            }
            for error in analysis.errors
        ],
        "accesses": [_access_data(result) for result in analysis.accesses],
        "findings": [
            {
                "code": finding.code,
                "message": finding.message,
                "table": _name(finding.table),
                "rewrite": finding.rewrite,
            }
            for finding in analysis.findings
        ],
    }


def _indented(text: str, prefix: str) -> list[str]:
    return [prefix + line for line in text.splitlines()]


def _access_lines(result: AccessResult) -> list[str]:
    access = result.access
    shown = str(access.table)
    if access.alias != access.table.name:
        shown += f" (as {access.alias})"
    asks = [predicate.text for predicate in access.predicates]
    asks += [f"join {mine} = {other}.{theirs}" for mine, other, theirs in access.join_keys]
    if access.group_by:
        asks.append("GROUP BY " + ", ".join(access.group_by))
    if access.order_by:
        keys = []
        for key in access.order_by:
            text = key.column or key.expression or ""
            text += " DESC" if key.descending else ""
            text += f" NULLS {key.nulls.upper()}" if key.nulls else ""
            keys.append(text)
        asks.append("ORDER BY " + ", ".join(keys))
    if access.limit is not None:
        asks.append(f"LIMIT {access.limit}")
    if access.offset is not None:
        asks.append(f"OFFSET {access.offset}")
    if access.select_star:
        asks.append("SELECT *")
    lines = [f"  {shown}: {'; '.join(asks) or 'every row'}"]
    if result.served_by is not None:
        served = result.served_by
        lines.append(f"    served by {served.kind} {served.name}: {served.how}")
    if result.suggestion is not None:
        suggestion = result.suggestion
        lines.append("    suggested index:")
        lines += _indented(suggestion.sql, "      ")
        if suggestion.extension:
            lines.append(f"      (needs the extension {suggestion.extension})")
        lines.append(f"      {suggestion.reason}")
    elif result.served_by is None:
        lines.append("    no index serves it, and none would help")
    return lines


def analysis_text(analysis: QueryAnalysis, heading: str = "") -> str:
    """The analysis as text: the query, each table access, findings and errors."""
    lines = [f"Query “{analysis.name}”{heading}"]
    lines += _indented(analysis.sql.strip(), "  | ")
    for error in analysis.errors:
        where = f" at {error.line}:{error.column}" if error.line is not None else ""
        lines.append(f"  error{where}: {error.message}")
    for result in analysis.accesses:
        lines += _access_lines(result)
    for finding in analysis.findings:
        lines.append(f"  finding [{finding.code}]: {finding.message}")
        if finding.rewrite:
            lines.append("    rewrite:")
            lines += _indented(finding.rewrite, "      ")
    return "\n".join(lines) + "\n"
