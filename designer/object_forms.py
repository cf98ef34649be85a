"""The forms of the objects page: an object's SQL text with its comment (add or change),
and a comment alone (a domain, a sequence or an object). The forms parse; the
operations (``designer.operations.objects``) decide, and a refusal is shown beside the
input it is about — an SQL error with its line and column."""

from __future__ import annotations

from django import forms

from .forms import ChangeForm
from .models import Project
from .operations import AddSqlObject, ChangeObjectDescription, ChangeSqlObject, Operation
from .operations.objects import MAX_DESCRIPTION_LENGTH, MAX_SQL_CHARS
from .schema.model import SqlObject


def normal_newlines(text: str) -> str:
    """A browser posts a textarea's lines with CRLF: the editor's line numbers are LF's."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class SqlObjectForm(ChangeForm, forms.Form):
    sql = forms.CharField(
        label="SQL",
        required=False,  # the operation says what is missing, beside the input
        max_length=MAX_SQL_CHARS,
        strip=False,
        widget=forms.Textarea(
            attrs={
                "rows": 16,
                "spellcheck": "false",
                "autocomplete": "off",
                "wrap": "off",
                "class": "sql-text",
            }
        ),
        help_text="The statements that create it, each ending with a semicolon: "
        "CREATE VIEW …; COMMENT ON VIEW …;",
    )
    description = forms.CharField(
        label="Comment",
        required=False,
        max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What it is for (its COMMENT ON in the DDL).",
    )

    def __init__(
        self, data=None, *, project: Project, item: SqlObject | None = None, **kwargs
    ) -> None:
        if item is not None and data is None:
            kwargs.setdefault("initial", {"sql": item.sql, "description": item.description})
        if data is not None and "sql" in data:
            # The text is shown again as it is read: with the lines the error counts.
            data = data.copy()
            data["sql"] = normal_newlines(data["sql"])
        super().__init__(data, **kwargs)
        self.item = item
        self.with_revision(project)
        # (sql_editor.js makes the one #sql-text of a page a code editor)
        self.fields["sql"].widget.attrs["id"] = "sql-text"

    # The line:column of an SQL refusal, where the code editor puts its cursor.
    sql_position = ""

    def add_operation_error(self, error) -> None:
        self.sql_position = getattr(error, "position", "") or ""
        super().add_operation_error(error)

    def operations(self) -> list[Operation]:
        data = self.cleaned_data
        if self.item is None:
            return [AddSqlObject(sql=data["sql"], description=data["description"])]
        return [ChangeSqlObject(self.item.id, sql=data["sql"], description=data["description"])]


class DescriptionForm(ChangeForm, forms.Form):
    description = forms.CharField(
        label="Comment",
        required=False,
        max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data=None, *, project: Project, object_id: str, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.object_id = object_id
        self.with_revision(project)

    def operations(self) -> list[Operation]:
        return [ChangeObjectDescription(self.object_id, self.cleaned_data["description"])]
