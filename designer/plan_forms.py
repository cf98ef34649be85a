"""The Plans page's forms: one pasted plan (or two, to compare), and the live EXPLAIN."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from .forms import LiveUrlForm, live_url_field
from .workbench.plans import Plan, PlanError, read_plan

MAX_LABEL = 40
MAX_QUERY_CHARS = 100_000
_PARAMETER = re.compile(r"\$(\d+)")

PLAN_HELP = (
    "The output of EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) — or of EXPLAIN (FORMAT JSON) "
    "for estimates only — as it is, or as psql prints it."
)


def _plan_field(required: bool) -> forms.CharField:
    return forms.CharField(
        required=required,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "plan-text"}),
    )


class PlanForm(forms.Form):
    """A plan, and optionally a second one of the same query to compare with it."""

    label = forms.CharField(max_length=MAX_LABEL, required=False, initial="before")
    plan = _plan_field(required=True)
    other_label = forms.CharField(max_length=MAX_LABEL, required=False, initial="after")
    other = _plan_field(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].help_text = PLAN_HELP
        self.fields["plan"].label = "plan"
        self.fields["other"].label = "second plan, to compare (optional)"
        self.fields["label"].label = "its label"
        self.fields["other_label"].label = "its label"
        self.fields["plan"].widget.attrs["id"] = "plan-text"
        self.fields["other"].widget.attrs["id"] = "other-plan-text"

    @staticmethod
    def _read(text: str) -> Plan:
        try:
            return read_plan(text)
        except PlanError as error:
            message = str(error)
            raise ValidationError(f"{message[:1].upper()}{message[1:]}.") from None

    def clean_plan(self) -> Plan:
        return self._read(self.cleaned_data["plan"])

    def clean_other(self) -> Plan | None:
        text = self.cleaned_data.get("other") or ""
        return self._read(text) if text.strip() else None

    def clean_label(self) -> str:
        return self.cleaned_data["label"].strip() or "before"

    def clean_other_label(self) -> str:
        return self.cleaned_data["other_label"].strip() or "after"


class LiveExplainForm(LiveUrlForm):
    """A database and a query (typed, or a saved one) to EXPLAIN there."""

    url = live_url_field("Used in a READ ONLY transaction that is rolled back; never stored.")
    saved_query = forms.ChoiceField(label="a saved query", required=False)
    sql = forms.CharField(
        label="or a query",
        required=False,
        max_length=MAX_QUERY_CHARS,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "class": "plan-sql"}),
    )
    parameters = forms.CharField(
        label="values of $1, $2…",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=(
            "One a line, as text (PostgreSQL gives each its parameter's type); NULL for null."
        ),
    )
    analyze = forms.BooleanField(
        label="ANALYZE: run the query for real (read only, then rolled back)",
        required=False,
    )
    hypothetical = forms.BooleanField(
        label="Try the suggested indexes with hypopg, when the database has it",
        required=False,
        initial=True,
    )

    def __init__(self, *args, queries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.queries = {query.id: query for query in queries}
        self.fields["saved_query"].choices = [("", "—")] + [
            (query.id, query.name) for query in queries
        ]

    def clean_parameters(self) -> list[str]:
        text = self.cleaned_data["parameters"]
        return text.splitlines() if text.strip() else []

    def clean(self):
        data = super().clean()
        chosen = data.get("saved_query")
        sql = (data.get("sql") or "").strip()
        if chosen:
            query = self.queries.get(chosen)
            if query is None:
                self.add_error("saved_query", "No such saved query.")
                return data
            data["name"], data["query_sql"] = query.name, query.sql
        elif sql:
            data["name"], data["query_sql"] = "query", sql
        else:
            self.add_error("sql", "Give a query, or pick a saved one.")
            return data
        needed = max((int(n) for n in _PARAMETER.findall(data["query_sql"])), default=0)
        given = len(data.get("parameters") or [])
        if needed > given:
            self.add_error(
                "parameters",
                f"The query uses ${needed}: give {needed} values, one a line ({given} given).",
            )
        return data
