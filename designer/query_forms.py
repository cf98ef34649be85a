"""The form of the Queries tab: a saved query's name, SQL, frequency and note (add or
change). The form parses; the operations (``designer.operations.queries``) decide, and a
refusal is shown beside the input it is about — an SQL error with its line and column."""

from __future__ import annotations

from django import forms

from .forms import ChangeForm
from .models import Project
from .object_forms import normal_newlines
from .operations import AddQuery, ChangeQuery, Operation
from .operations.queries import MAX_NOTE_LENGTH, MAX_SQL_CHARS
from .schema.model import FREQUENCY_LABELS, Frequency, SavedQuery

FREQUENCY_CHOICES = [(frequency.value, label) for frequency, label in FREQUENCY_LABELS.items()]


class QueryForm(ChangeForm, forms.Form):
    name = forms.CharField(
        label="Name",
        required=False,  # the operation says what is missing, beside the input
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="What the application does with it: “Todos of a user, newest first”.",
    )
    sql = forms.CharField(
        label="SQL",
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "spellcheck": "false",
                "autocomplete": "off",
                "wrap": "off",
                "class": "sql-text",
            }
        ),
        help_text="One statement (SELECT, WITH, INSERT, UPDATE or DELETE); parameters as $1, $2…",
    )
    frequency = forms.ChoiceField(
        label="How often it runs",
        choices=FREQUENCY_CHOICES,
        initial=Frequency.PER_REQUEST.value,
        required=False,
    )
    note = forms.CharField(
        label="Note",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Where it runs, how many rows it usually sees…",
    )

    def __init__(
        self, data=None, *, project: Project, query: SavedQuery | None = None, **kwargs
    ) -> None:
        if query is not None and data is None:
            kwargs.setdefault(
                "initial",
                {
                    "name": query.name,
                    "sql": query.sql,
                    "frequency": query.frequency.value,
                    "note": query.note,
                },
            )
        if data is not None:
            data = data.copy()
            for name in ("sql", "note", "name"):
                if name in data:
                    # (a browser posts CRLF; the error's line:column counts LF's lines)
                    data[name] = normal_newlines(data[name])
        super().__init__(data, **kwargs)
        self.query = query
        self.with_revision(project)
        # (sql_editor.js makes the one #sql-text of a page a code editor); the limits
        # are the operation's to say, with the typed text kept
        self.fields["sql"].widget.attrs["id"] = "sql-text"
        self.fields["sql"].widget.attrs["data-max"] = str(MAX_SQL_CHARS)
        self.fields["note"].widget.attrs["data-max"] = str(MAX_NOTE_LENGTH)

    # The line:column of an SQL refusal, where the code editor puts its cursor.
    sql_position = ""

    def clean_frequency(self) -> str:
        return self.cleaned_data.get("frequency") or Frequency.PER_REQUEST.value

    def add_operation_error(self, error) -> None:
        self.sql_position = getattr(error, "position", "") or ""
        super().add_operation_error(error)

    def operations(self) -> list[Operation]:
        data = self.cleaned_data
        values = {
            "name": data["name"],
            "sql": data["sql"],
            "frequency": data["frequency"],
            "note": data["note"],
        }
        if self.query is None:
            return [AddQuery(**values)]
        return [ChangeQuery(self.query.id, **values)]
