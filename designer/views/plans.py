"""The Plans page (the query workbench): a pasted EXPLAIN plan as a tree linked to the
design — times, row-estimate misses, rows removed, spills, large sequential scans — or
two plans of one query side by side with what changed; and the live EXPLAIN of a query
on a database the user names (``designer.workbench.live_explain``), with the suggested
indexes tried hypothetically when the database has hypopg.

Reading a pasted plan is a POST that writes nothing (a plan can be megabytes: too big
for a URL). Whoever may read the project may use it; the live EXPLAIN is for those who
may read a live database into the project (``LIVE_IMPORT``), on the hosts the live import
may connect to."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from .. import store
from ..access import LIVE_IMPORT, READ, Access, get_project
from ..forms import posted
from ..plan_forms import LiveExplainForm, PlanForm
from ..schema.model import Schema
from ..workbench.live_explain import LiveExplainError, explain_live
from ..workbench.plans import TIMES, Plan, PlanNode, compare, link, milliseconds

P = "projects/<slug:slug>/plans/"
PAGE = "designer/plans.html"


def _count(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _cost(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


class _Links:
    """The editor's URLs of the design's tables and indexes, worked out once a page."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.cache: dict[str, str] = {}

    def entity(self, entity_id: str | None) -> str | None:
        if not entity_id:
            return None
        if entity_id not in self.cache:
            self.cache[entity_id] = reverse("designer:entity", args=[self.slug, entity_id])
        return self.cache[entity_id]

    def index(self, node: PlanNode) -> str | None:
        url = self.entity(node.index_entity_id)
        if url and node.index_anchor:
            return f"{url}#{node.index_anchor}"
        return url


def _node_view(plan: Plan, node: PlanNode, links: _Links, prefix: str) -> dict:
    share = plan.share(node)
    warnings = node.warnings
    miss = None
    if node.miss_direction:
        factor = node.miss_factor or 1
        miss = {
            "level": node.miss_level,
            "words": f"{TIMES}{factor:,.0f} {node.miss_direction}",
        }
    details = [(key, value) for key, value in node.conditions]
    for kind, count in node.removed:
        details.append((f"Rows removed by {kind}", _count(count * max(node.loops, 1))))
    if node.sort_method:
        space = f" · {_count(node.sort_space_kb)} kB {node.sort_space_type or ''}".rstrip()
        details.append(("Sort", f"{node.sort_method}{space if node.sort_space_kb else ''}"))
    if node.hash_batches is not None:
        batches = _count(node.hash_batches)
        if node.original_hash_batches and node.original_hash_batches != node.hash_batches:
            batches += f" (planned {_count(node.original_hash_batches)})"
        details.append(("Batches", batches))
    if node.peak_memory_kb is not None:
        details.append(("Peak memory", f"{_count(node.peak_memory_kb)} kB"))
    if node.disk_usage_kb:
        details.append(("Disk", f"{_count(node.disk_usage_kb)} kB"))
    if node.shared_hit is not None or node.shared_read is not None:
        details.append(
            ("Buffers", f"shared hit {_count(node.shared_hit)} · read {_count(node.shared_read)}")
        )
    if node.temp_read or node.temp_written:
        details.append(
            ("Temp", f"read {_count(node.temp_read)} · written {_count(node.temp_written)}")
        )
    if node.workers_planned is not None:
        details.append(
            (
                "Workers",
                f"{_count(node.workers_launched)} launched of {_count(node.workers_planned)}",
            )
        )
    cost = f"{_cost(node.startup_cost)}..{_cost(node.total_cost)}"
    details.append(("Cost", f"{cost}, width {_count(node.plan_width)}"))
    return {
        "node": node,
        "anchor": f"{prefix}-node-{node.index}",
        "classes": " ".join(f"pn-{kind}" for kind in node.kinds),
        "entity_url": links.entity(node.entity_id),
        "index_url": links.index(node),
        "show_alias": bool(node.alias and node.alias != node.relation),
        "inclusive": milliseconds(node.inclusive_ms) if node.inclusive_ms is not None else None,
        "exclusive": milliseconds(node.exclusive_ms) if node.exclusive_ms is not None else None,
        "share": f"{share:.0f}",
        "bar": f"{share:.1f}",
        "hot": share >= 30,
        "rows": _count(node.actual_rows),
        "plan_rows": _count(node.plan_rows),
        "loops": _count(node.loops) if node.loops > 1 else None,
        "miss": miss,
        "warnings": warnings,
        # what the line's badges do not already say (the estimate's miss)
        "look_at": warnings[1:] if miss else warnings,
        "details": details,
    }


def _node_html(item: dict) -> str:
    """One node's line and details (escaped), opened: its children follow, then
    ``_CLOSE``. Written here rather than in a template: a plan of 1,000 nodes renders in
    tens of milliseconds."""
    node: PlanNode = item["node"]
    out = [f'<li class="pn {item["classes"]}" id="{item["anchor"]}"><details open><summary>']
    out.append(f'<i class="pn-bar" style="--w:{item["bar"]}%"></i>')
    if node.subplan_name:
        out.append(f'<span class="pn-sub">{escape(node.subplan_name)}</span> ')
    out.append(f'<b class="pn-type">{escape(node.title)}</b>')
    if node.relation:
        out.append(" on " + _linked(item["entity_url"], node.relation, "pn-rel"))
        if item["show_alias"]:
            out.append(f" {escape(node.alias)}")
    if node.index_name:
        out.append(" using " + _linked(item["index_url"], node.index_name, "pn-idx"))
    if node.cte_name:
        out.append(f' <span class="pn-cte">{escape(node.cte_name)}</span>')
    if node.function_name:
        out.append(f' <span class="pn-fn">{escape(node.function_name)}()</span>')
    out.append('\n<span class="pn-stats">')
    if node.never_executed:
        out.append('<span class="tag">never executed</span>')
    elif item["inclusive"]:
        hot = " hot" if item["hot"] else ""
        out.append(
            f'<span class="pn-time{hot}">{item["inclusive"]}</span> '
            f'<span class="pn-self">self {item["exclusive"]} · {item["share"]}%</span> '
            f'<span class="pn-rows">rows {item["rows"]} <span class="muted">est. '
            f"{item['plan_rows']}</span></span>"
        )
        if item["loops"]:
            out.append(f' <span class="pn-loops">{TIMES} {item["loops"]} loops</span>')
    else:
        out.append(
            f'<span class="pn-rows">est. rows {item["plan_rows"]}</span> '
            f'<span class="pn-cost muted">cost {_cost(node.total_cost)}</span>'
        )
    if item["miss"]:
        miss = item["miss"]
        out.append(f' <span class="miss miss-{miss["level"]}">{escape(miss["words"])}</span>')
    if node.sort_spilled or node.hash_spilled:
        out.append(' <span class="flag flag-spill">disk</span>')
    if node.large_scan:
        out.append(' <span class="flag flag-scan">large seq scan</span>')
    out.append('</span></summary>\n<dl class="pn-detail">')
    for key, value in item["details"]:
        out.append(f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>")
    if item["look_at"]:
        out.append(f'<dt>Look at</dt><dd class="pn-warn">{escape("; ".join(item["look_at"]))}</dd>')
    out.append("</dl>\n")
    out.append("<ul>" if node.children else "</details></li>\n")
    return "".join(out)


_CLOSE = "</ul></details></li>\n"


def _linked(url: str | None, words: str, css: str) -> str:
    if url:
        return f'<a class="{css}" href="{escape(url)}">{escape(words)}</a>'
    return f'<span class="{css}">{escape(words)}</span>'


def plan_view(plan: Plan, schema: Schema, slug: str, prefix: str, label: str = "") -> dict:
    """What the template shows of a plan; its tree as HTML, written depth first without
    recursion (a plan may be 200 levels deep)."""
    link(plan, schema)
    links = _Links(slug)
    parts: list[str] = ['<ul class="plan-tree">\n']
    stack: list[tuple[PlanNode, bool]] = [(plan.root, False)]
    views = {}
    while stack:
        node, closing = stack.pop()
        if closing:
            parts.append(_CLOSE)
            continue
        view = _node_view(plan, node, links, prefix)
        views[node.index] = view
        parts.append(_node_html(view))
        if node.children:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.children))
    parts.append("</ul>\n")
    slowest = [
        {"view": views[node.index], "share": f"{plan.share(node):.0f}"} for node in plan.slowest(5)
    ]
    flagged = [view for view in views.values() if view["warnings"]]
    return {
        "plan": plan,
        "label": label,
        "prefix": prefix,
        "tree": mark_safe("".join(parts)),  # every piece escaped above
        "slowest": slowest,
        "flagged": flagged[:50],
        "flagged_count": len(flagged),
        "planning": milliseconds(plan.planning_ms) if plan.planning_ms is not None else None,
        "execution": milliseconds(plan.execution_ms) if plan.execution_ms is not None else None,
        "cost": _cost(plan.total_cost),
        "rows": _count(plan.root.rows_total if plan.analyzed else plan.root.plan_rows),
        "node_count": len(plan.nodes),
    }


def _measure_words(measure) -> dict:
    if measure.unit == "ms":
        before, after = milliseconds(measure.before), milliseconds(measure.after)
    elif measure.label == "total cost":
        before, after = _cost(measure.before), _cost(measure.after)
    else:
        before, after = _count(measure.before), _count(measure.after)
    ratio = measure.ratio
    change = None
    if ratio is not None and measure.before != measure.after:
        change = f"{TIMES}{ratio:.2f}" if ratio >= 0.01 else f"{TIMES}{ratio:.4f}"
    return {
        "label": measure.label,
        "before": before,
        "after": after,
        "change": change,
        "better": measure.better,
    }


def _comparison(before: Plan, after: Plan) -> dict:
    result = compare(before, after)
    return {
        "measures": [_measure_words(measure) for measure in result.measures],
        "relations": [
            {
                "change": change,
                "before_ms": milliseconds(change.before_ms)
                if change.before_ms is not None
                else None,
                "after_ms": milliseconds(change.after_ms) if change.after_ms is not None else None,
            }
            for change in result.relations
        ],
        "changes": [change.words for change in result.changes],
    }


def _context(access: Access, schema: Schema, **more) -> dict:
    project = access.project
    live_form = more.pop("live_form", None)
    chosen = more.pop("chosen_query", None)
    if live_form is None and access.can_live_import:
        known = {query.id for query in schema.queries}
        initial = {"saved_query": chosen} if chosen in known else {}
        live_form = LiveExplainForm(queries=schema.queries, auto_id="live-%s", initial=initial)
    return {
        "project": project,
        "access": access,
        "live_form": live_form,
        "live_off": not settings.LIVE_IMPORT_HOSTS,
        **more,
    }


@require_http_methods(["GET", "POST"])
def plans_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The form; posted, the plan (or the two plans compared). Nothing is written."""
    project = get_project(request, slug, need=READ)
    schema = store.current_schema(project)
    form = PlanForm(posted(request))
    # ?query=<id>: the live EXPLAIN's form opens on that saved query (the Queries tab)
    more: dict = {"form": form, "chosen_query": request.GET.get("query")}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            first = plan_view(data["plan"], schema, project.slug, "p1", data["label"])
            more["plans"] = [first]
            if data["other"] is not None:
                second = plan_view(data["other"], schema, project.slug, "p2", data["other_label"])
                more["plans"].append(second)
                more["comparison"] = _comparison(data["plan"], data["other"])
            more["form"] = PlanForm(
                initial={"label": data["label"], "other_label": data["other_label"]}
            )
        else:
            status = 400
    return render(request, PAGE, _context(request.access, schema, **more), status=status)


def _sentence(words: str) -> str:
    words = f"{words[:1].upper()}{words[1:]}"
    return words if words.endswith((".", "?", "!")) else f"{words}."


def _suggested_indexes(schema: Schema, sql: str) -> list[tuple[str, str]]:
    """The indexes the analysis suggests for ``sql``: (CREATE INDEX, reason)."""
    try:
        from ..workbench.analysis import analyze
    except ImportError:  # the analysis is not there (yet): nothing to try
        return []
    analysis = analyze(schema, sql)
    return [
        (result.suggestion.sql, result.suggestion.reason)
        for result in analysis.accesses
        if result.suggestion is not None
    ]


@require_POST
def plans_live(request: HttpRequest, slug: str) -> HttpResponse:
    """EXPLAIN (ANALYZE only when asked) a query on a live database, read only."""
    project = get_project(request, slug, need=LIVE_IMPORT)
    schema = store.current_schema(project)
    form = LiveExplainForm(request.POST, queries=schema.queries, auto_id="live-%s")
    more: dict = {"form": PlanForm(), "live_form": form, "live": True}
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        sql = data["query_sql"]
        indexes = _suggested_indexes(schema, sql) if data["hypothetical"] else []
        try:
            result = explain_live(
                data["url"],
                sql,
                parameters=data["parameters"],
                analyze=data["analyze"],
                indexes=indexes,
                allowed_hosts=settings.LIVE_IMPORT_HOSTS,
                deadline_seconds=settings.LIVE_IMPORT_DEADLINE_SECONDS,
            )
        except LiveExplainError as error:
            form.add_error(None, _sentence(str(error)))
        else:
            status = 200
            more["live_result"] = result
            more["live_sql"] = sql
            more["live_name"] = data["name"]
            more["plans"] = [plan_view(result.plan, schema, project.slug, "p1", "live")]
            more["hypotheticals"] = [
                {
                    "item": item,
                    "before": _cost(item.cost_before),
                    "after": _cost(item.cost_after),
                    "ratio": f"{TIMES}{item.ratio:.2f}" if item.ratio is not None else None,
                }
                for item in result.hypotheticals
            ]
            more["suggested"] = len(indexes)
    return render(request, PAGE, _context(request.access, schema, **more), status=status)


urlpatterns = [
    path(P, plans_page, name="plans"),
    path(f"{P}live/", plans_live, name="plans_live"),
]
