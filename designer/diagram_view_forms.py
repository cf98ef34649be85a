"""The form that adds or changes a diagram view (the operations check it: the form parses,
``designer.operations.diagram_views`` decides, and its refusal is shown beside the input
it is about)."""

from __future__ import annotations

from django import forms

from .forms import ChangeForm
from .models import Project
from .operations.diagram_views import MAX_NAME_LENGTH, MODE_WORDS
from .schema.diagram_views import schema_names
from .schema.model import MAX_DIAGRAM_VIEW_HOPS, DiagramView, Schema
from .services.diagram_views import ViewDefinition

HOP_CHOICES = [
    (n, f"{n} step{'s' if n > 1 else ''} away") for n in range(1, MAX_DIAGRAM_VIEW_HOPS + 1)
]


class DiagramViewForm(ChangeForm, forms.Form):
    name = forms.CharField(
        max_length=MAX_NAME_LENGTH,
        required=False,  # the operation says what is wrong, beside the input
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Billing, Around orders…",
    )
    mode = forms.ChoiceField(
        label="Show",
        choices=[(mode, words[:1].upper() + words[1:]) for mode, words in MODE_WORDS.items()],
        widget=forms.RadioSelect,
        initial="tables",
        error_messages={"invalid_choice": "Choose what the view shows."},
    )
    tables = forms.MultipleChoiceField(
        label="Entities",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="With “chosen entities”.",
        error_messages={"invalid_choice": "An entity you chose no longer exists: reload."},
    )
    schemas = forms.MultipleChoiceField(
        label="PostgreSQL schemas",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="With “PostgreSQL schemas”: every entity in them.",
        error_messages={"invalid_choice": "No entity is in the schema “%(value)s”."},
    )
    center = forms.ChoiceField(
        label="Entity",
        required=False,
        help_text="With “an entity and its neighbours”.",
        error_messages={"invalid_choice": "That entity no longer exists: reload."},
    )
    hops = forms.TypedChoiceField(
        label="Neighbours up to",
        choices=HOP_CHOICES,
        coerce=int,
        required=False,
        empty_value=1,
        initial=1,
        help_text="A step is a relationship, either way, or a many-to-many link.",
        error_messages={"invalid_choice": f"Choose from 1 to {MAX_DIAGRAM_VIEW_HOPS} steps."},
    )

    def __init__(
        self,
        data=None,
        *,
        project: Project,
        schema: Schema,
        view: DiagramView | None = None,
        **kwargs,
    ) -> None:
        if view is not None and data is None:
            kwargs.setdefault("initial", initial_of(view))
        super().__init__(data, **kwargs)
        self.view = view
        tables = sorted(schema.tables, key=lambda table: (table.name.lower(), table.schema))
        several = len(schema_names(schema)) > 1
        choices = [(table.id, str(table.qname) if several else table.name) for table in tables]
        self.fields["tables"].choices = choices
        self.fields["center"].choices = [("", "—"), *choices]
        self.fields["schemas"].choices = [(name, name) for name in schema_names(schema)]
        self.with_revision(project)

    def definition(self) -> ViewDefinition:
        data = self.cleaned_data
        return ViewDefinition(
            name=data["name"],
            mode=data["mode"],
            tables=tuple(data["tables"]),
            schemas=tuple(data["schemas"]),
            center=data["center"],
            hops=data["hops"],
        )


def initial_of(view: DiagramView) -> dict:
    return {
        "name": view.name,
        "mode": view.mode,
        "tables": list(view.tables),
        "schemas": list(view.schemas),
        "center": view.center,
        "hops": view.hops,
    }
