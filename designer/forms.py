"""One form per resource. A form parses what was typed into operations
(``operations()``) and nothing more: the rules a design must follow live in the
operations and the pure validation (``designer.operations``, ``designer.schema.validation``),
which name the input a refusal is about, and ``add_operation_error`` puts it there.
``clean_*`` only normalises and parses (names stripped, SQL parsed as one expression,
numbers and regular expressions read), so that a form error is a typing error.

Every editing form carries the revision it was rendered from (``base_revision``); a
change based on an older revision that touches what changed since comes back as a
conflict (``mark_conflict``), with what was typed kept.
"""

from __future__ import annotations

import json
import keyword
from typing import Any

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.text import slugify

from . import models
from .access import EDIT, projects_for
from .importers.live_guard import LiveImportError, parse_url
from .operations import (
    AddCheck,
    AddEntity,
    AddEnum,
    AddField,
    AddIndex,
    AddManyToMany,
    AddRelationship,
    AddUnique,
    EditEntity,
    EditEnum,
    EditField,
    EditProject,
    EditRelationship,
    Operation,
    OperationError,
)
from .operations.constraints import element_data
from .operations.fields import FIELD_ATTRIBUTES
from .schema.expressions import (
    ExpressionError,
    expression_problem,
    parse_column_list,
    parse_index_keys,
)
from .schema.limits import number_problem, pattern_problem
from .schema.model import Action, IndexMethod
from .schema.naming import MAX_IDENTIFIER_BYTES
from .schema.quick_add import MAX_LINE_LENGTH as QUICK_ADD_MAX_LENGTH
from .schema.types import TYPES, Params
from .schema.validation import identifier_problem
from .widgets import FastSelect


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _identifier(value: str, what: str) -> str:
    value = (value or "").strip()
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > MAX_IDENTIFIER_BYTES:
        # Said, never cut: the typed text stays in the input (see ``names_uncut``).
        raise ValidationError(
            f"PostgreSQL allows names of at most {MAX_IDENTIFIER_BYTES} bytes; this one has {size}."
        )
    if problem := identifier_problem(value, what):
        raise ValidationError(_sentence(problem))
    return value


# The parameters each type takes in parentheses, by the registry (varchar: a length,
# numeric: a precision and a scale, timestamp: a precision of its fractional seconds).
_PARAM_INPUTS = {
    Params.NONE: (),
    Params.LENGTH: ("length",),
    Params.PRECISION_SCALE: ("precision", "scale"),
    Params.FRACTIONAL_SECONDS: ("precision",),
}
TYPE_PARAMS = {key: _PARAM_INPUTS[info.params] for key, info in TYPES.items()}
TYPE_PARAMS_JSON = json.dumps(TYPE_PARAMS, separators=(",", ":"))


def names_uncut(form: forms.BaseForm, *names: str) -> None:
    """Let the inputs of ``names`` take a name longer than PostgreSQL allows, so that
    ``_identifier`` says so with the text kept: the record's ``max_length`` (63) would
    otherwise become the input's ``maxlength`` and the browser would cut the text
    without a word."""
    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        field.max_length = None
        field.validators = [
            v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)
        ]
        field.widget.attrs.pop("maxlength", None)


def _optional_identifier(value: str | None, what: str) -> str:
    value = (value or "").strip()
    return _identifier(value, what) if value else ""


def _expression(value: str) -> str:
    value = (value or "").strip()
    if value and (problem := expression_problem(value)):
        raise ValidationError(f"Not one SQL expression: {problem}.")
    return value


def _python_name(value: str, what: str) -> str:
    value = (value or "").strip()
    if value and (not value.isidentifier() or keyword.iskeyword(value)):
        raise ValidationError(f"The {what} must be a Python name (letters, digits, _).")
    return value


class ChangeForm:
    """What every editing form shares: its base revision, its operations, and the
    errors and conflicts that come back from applying them.

    Mixed into a ``Form`` or ``ModelForm``; a ``ModelForm`` here is a parser with the
    record's labels and choices, and its ``instance`` gives the values shown: it is
    never saved (``designer.services.edits`` writes).
    """

    # The operations' names for inputs that this form calls otherwise.
    error_fields: dict[str, str] = {}
    conflict: Any = None

    def with_revision(self, project: models.Project) -> None:
        self.project = project
        for field in self.fields.values():
            # Every select in Python: templates per <option> cost more than the form.
            if type(field.widget) is forms.Select:
                field.widget = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
        self.fields["base_revision"] = forms.IntegerField(
            required=False, min_value=0, widget=forms.HiddenInput, initial=project.revision
        )

    @property
    def editing(self) -> bool:
        """Whether the form edits a record that exists (rather than adds one)."""
        instance = getattr(self, "instance", None)
        return instance is not None and not instance._state.adding

    @property
    def base_revision(self) -> int | None:
        return getattr(self, "cleaned_data", {}).get("base_revision")

    def operations(self) -> list[Operation]:
        raise NotImplementedError

    def add_operation_error(self, error: OperationError) -> None:
        for message, field in error.errors:
            name = self.error_fields.get(field or "", field)
            self.add_error(name if name in self.fields else None, message)

    def mark_conflict(self, conflict: Any) -> None:
        """Show the conflict; a new submission applies over what changed (the form
        now carries the latest revision) and keeps what was typed."""
        self.conflict = conflict
        data = self.data.copy()
        data[self.add_prefix("base_revision")] = str(conflict.revision)
        self.data = data
        self.their_values = self._their_values()

    def _their_values(self) -> list[tuple[str, str, str]]:
        """(label, their value, your value) for each input that differs, when the form
        edits a record; empty otherwise."""
        instance = getattr(self, "instance", None)
        if not self.editing:
            return []
        fresh = type(instance).objects.filter(pk=instance.pk).first()
        if fresh is None:
            return [("", "deleted", "")]
        rows = []
        for name, field in self.fields.items():
            if name == "base_revision" or not hasattr(fresh, name):
                continue
            theirs = getattr(fresh, name)
            if isinstance(theirs, models.models.Model):
                theirs = theirs.pk
            yours = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
            if isinstance(yours, models.models.Model):
                yours = yours.pk
            if _shown(theirs) != _shown(yours):
                rows.append((str(field.label or name), _shown(theirs), _shown(yours)))
        return rows


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


SLUG_LENGTH = 100  # Project.slug's max_length


def free_slug(text: str, *, fallback: str = "project") -> str:
    """A slug made of ``text`` that no project has: ``shop``, else ``shop-2``,
    ``shop-3``… (cut to fit SLUG_LENGTH), so that a slug a page proposes is never one
    it would then refuse. Two creations may still race: the database says last."""
    base = slugify(text)[:SLUG_LENGTH] or fallback
    candidate, counter = base, 2
    while models.Project.objects.filter(slug=candidate).exists():
        suffix = f"-{counter}"
        candidate = base[: SLUG_LENGTH - len(suffix)] + suffix
        counter += 1
    return candidate


class ProjectForm(forms.ModelForm):
    """A new project (created by ``designer.services.edits.create_project``)."""

    class Meta:
        model = models.Project
        fields = ["name", "slug", "description", "pg_version", "key_strategy", "timestamps_default"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"slug": "Used in URLs and on the command line: letters, digits, hyphens."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Give the project a name.")
        return name

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("name"):
            cleaned["slug"] = free_slug(cleaned["name"], fallback="project")
        return cleaned

    def validate_unique(self):
        # The slug's uniqueness is the database's to say (two creations may race):
        # ``create_project`` turns a clash into an error on the slug.
        pass

    def settings(self) -> dict[str, Any]:
        keys = ("description", "pg_version", "key_strategy", "timestamps_default")
        return {key: self.cleaned_data[key] for key in keys}


class ProjectSettingsForm(ChangeForm, forms.ModelForm):
    extensions_text = forms.CharField(
        label="PostgreSQL extensions",
        required=False,
        help_text="Comma-separated, created before everything else: btree_gist, pg_trgm",
    )
    error_fields = {"extensions": "extensions_text"}

    class Meta:
        model = models.Project
        fields = [
            "name",
            "description",
            "pg_version",
            "key_strategy",
            "timestamps_default",
            "review_profile",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["extensions_text"].initial = ", ".join(self.instance.extensions)
        self.with_revision(self.instance)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Give the project a name.")
        return name

    def clean_extensions_text(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["extensions_text"].split(",")]
        names = [name for name in names if name]
        for name in names:
            _identifier(name, "extension name")
        if len(set(names)) != len(names):
            raise ValidationError("An extension is listed twice.")
        return names

    def operations(self) -> list[Operation]:
        values = {key: self.cleaned_data[key] for key in self.Meta.fields}
        values["extensions"] = tuple(self.cleaned_data["extensions_text"])
        return [EditProject(values)]


class RenameProjectForm(ChangeForm, forms.ModelForm):
    class Meta:
        model = models.Project
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_revision(self.instance)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Give the project a name.")
        return name

    def operations(self) -> list[Operation]:
        return [EditProject({"name": self.cleaned_data["name"]})]


class DuplicateProjectForm(forms.Form):
    name = forms.CharField(max_length=200)
    slug = forms.SlugField(max_length=100)

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if models.Project.objects.filter(slug=slug).exists():
            raise ValidationError(f"A project with the slug “{slug}” exists already.")
        return slug


class EntityForm(ChangeForm, forms.ModelForm):
    class Meta:
        model = models.Entity
        fields = ["name", "schema_name", "description", "timestamps", "pk_name"]
        widgets = {"description": forms.Textarea(attrs={"rows": 1})}

    def __init__(self, *args, project: models.Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schema_name"].required = False
        names_uncut(self, "name", "schema_name", "pk_name")
        self.with_revision(project)

    def clean_name(self) -> str:
        return _identifier(self.cleaned_data["name"], "name")

    def clean_schema_name(self) -> str:
        return _identifier(self.cleaned_data.get("schema_name") or "public", "schema name")

    def clean_pk_name(self) -> str:
        return _optional_identifier(self.cleaned_data.get("pk_name"), "constraint name")

    def validate_unique(self):
        # Names are the operations' to check (they know the whole design).
        pass

    def operations(self) -> list[Operation]:
        values = {key: self.cleaned_data[key] for key in self.Meta.fields}
        return [EditEntity(str(self.instance.pk), values)]


class NewEntityForm(EntityForm):
    """A new entity. ``orders: -> customers, total numeric(10,2)`` names it and gives
    it a quick-add line (``designer.schema.quick_add``) in the same change."""

    quick_line = ""

    class Meta(EntityForm.Meta):
        fields = ["name", "schema_name", "description"]
        help_texts = {"name": "Add its fields after a colon: customers: email text not null unique"}

    def clean_name(self) -> str:
        name, colon, line = (self.cleaned_data["name"] or "").partition(":")
        self.quick_line = line.strip() if colon else ""
        return _identifier(name, "name")

    def operations(self) -> list[Operation]:
        data = self.cleaned_data
        return [AddEntity(data["name"], data["schema_name"], data["description"])]


class FieldForm(ChangeForm, forms.ModelForm):
    class Meta:
        model = models.Field
        fields = list(FIELD_ATTRIBUTES)
        widgets = {
            "default": forms.TextInput(attrs={"placeholder": "e.g. 0, 'draft', now()"}),
            "check_expression": forms.TextInput(attrs={"placeholder": "e.g. price >= 0"}),
            "description": forms.TextInput(),
        }
        labels = {"is_array": "array", "check_expression": "check"}

    def __init__(self, *args, entity: models.Entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity = entity
        self.fields["enum_type"].iterator = _QualifiedNameChoices
        self.fields["enum_type"].queryset = entity.project.enum_types.all()
        self.fields["enum_type"].empty_label = "—"
        self.fields["data_type"].initial = "text"
        # Which parameters each type takes: editor.js shows only those inputs.
        self.fields["data_type"].widget.attrs["data-params"] = TYPE_PARAMS_JSON
        names_uncut(self, "name")
        if not self.editing:
            self.fields["nullable"].initial = True
        self.with_revision(entity.project)

    def clean_name(self) -> str:
        return _identifier(self.cleaned_data["name"], "name")

    def clean_default(self) -> str:
        return _expression(self.cleaned_data.get("default", ""))

    def clean_check_expression(self) -> str:
        return _expression(self.cleaned_data.get("check_expression", ""))

    def clean_pattern(self) -> str:
        pattern = self.cleaned_data.get("pattern", "")
        if pattern and (problem := pattern_problem(pattern)):
            raise ValidationError(_sentence(problem))
        return pattern

    def _number(self, key: str, what: str) -> str:
        value = (self.cleaned_data.get(key) or "").strip()
        if value and (problem := number_problem(value, what)):
            raise ValidationError(f"{_sentence(problem)} Write a number, e.g. 0 or 9.99.")
        return value

    def clean_ge(self) -> str:
        return self._number("ge", "minimum")

    def clean_le(self) -> str:
        return self._number("le", "maximum")

    def validate_unique(self):
        pass

    def clean(self):
        """Refuse a length, precision or scale the type does not take (the inputs are
        hidden for those types, so a value there was typed before the type changed)."""
        cleaned = super().clean()
        data_type = cleaned.get("data_type")
        takes = TYPE_PARAMS.get(data_type, ())
        for key in ("length", "precision", "scale"):
            if cleaned.get(key) is not None and key not in takes:
                what = " and ".join(f"a {name}" for name in takes)
                taken = f"takes only {what}" if takes else "takes no length, precision or scale"
                self.add_error(key, f"{data_type} {taken}: leave the {key} empty.")
        return cleaned

    def values(self) -> dict[str, Any]:
        values = {key: self.cleaned_data.get(key) for key in FIELD_ATTRIBUTES}
        enum = values["enum_type"]
        values["enum_type"] = str(enum.pk) if enum is not None else None
        values["generated"] = values["generated"] or ""
        return values

    def operations(self) -> list[Operation]:
        if self.editing:
            return [EditField(str(self.instance.pk), self.values())]
        return [AddField(str(self.entity.pk), self.values())]


class QuickAddForm(ChangeForm, forms.Form):
    """The fields table's quick-add line (``designer.schema.quick_add``): the view reads
    it against the current design and hands its operations over as one change."""

    quick = forms.CharField(
        label="quick add",
        max_length=QUICK_ADD_MAX_LENGTH,
        strip=True,
    )
    error_fields = {"name": "quick"}

    def __init__(self, *args, entity: models.Entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity = entity
        self.with_revision(entity.project)

    def add_operation_error(self, error: OperationError) -> None:
        for message, _ in error.errors:
            self.add_error("quick", message)


class _QualifiedNameChoices(ModelChoiceIterator):
    """Entities or enum types as (id, label) pairs read with one light query: a long
    list of model instances costs more than the page around it, and on PostgreSQL the
    default iterator reads through a server-side cursor (four round trips more)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", "schema_name", "name")
        for pk, schema_name, name in rows:
            yield (str(pk), name if schema_name == "public" else f"{schema_name}.{name}")


class EntityChoiceField(forms.ModelChoiceField):
    iterator = _QualifiedNameChoices


class RelationshipNames:
    """A relationship's constraint name and the attribute names on both sides."""

    def clean_name(self) -> str:
        return _optional_identifier(self.cleaned_data.get("name"), "constraint name")

    def clean_from_attribute(self) -> str:
        return _python_name(self.cleaned_data.get("from_attribute", ""), "name")

    def clean_to_attribute(self) -> str:
        return _python_name(self.cleaned_data.get("to_attribute", ""), "name")


class RelationshipForm(RelationshipNames, ChangeForm, forms.Form):
    """A new relationship from the entity being edited to another (or the same) entity."""

    NEW = "new"

    to_entity = EntityChoiceField(
        queryset=models.Entity.objects.none(), label="references", widget=FastSelect
    )
    kind = forms.ChoiceField(choices=models.Relationship.Kind.choices, initial="one_to_many")
    column = forms.ChoiceField(label="foreign-key column", required=False)
    column_name = forms.CharField(
        label="new column name", required=False, help_text="Empty: <entity>_<key>, e.g. user_id."
    )
    on_delete = forms.ChoiceField(choices=models.ACTION_CHOICES, initial=Action.RESTRICT.value)
    on_update = forms.ChoiceField(choices=models.ACTION_CHOICES, initial=Action.NO_ACTION.value)
    required = forms.BooleanField(required=False, initial=True, label="required (NOT NULL)")
    from_attribute = forms.CharField(required=False, label="name on this side (todo.user)")
    to_attribute = forms.CharField(required=False, label="name on the other side (user.todos)")
    name = forms.CharField(required=False, label="constraint name", help_text="Empty: fk_…")
    add_index = forms.BooleanField(required=False, initial=True, label="index the foreign key")
    junction_name = forms.CharField(
        required=False, label="junction entity", help_text="Many-to-many only; empty: a_b."
    )

    def __init__(self, *args, entity: models.Entity, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity = entity
        self.fields["to_entity"].queryset = entity.project.entities.all()
        own = fields if fields is not None else entity.fields.all()
        self.fields["column"].choices = [(self.NEW, "a new column with the key's type")] + [
            (str(field.id), field.name) for field in own
        ]
        self.with_revision(entity.project)

    def clean_column_name(self) -> str:
        return _optional_identifier(self.cleaned_data.get("column_name"), "column name")

    def clean_junction_name(self) -> str:
        return _optional_identifier(self.cleaned_data.get("junction_name"), "entity name")

    def operations(self) -> list[Operation]:
        data = self.cleaned_data
        target = str(data["to_entity"].pk)
        if data["kind"] == models.Relationship.Kind.MANY_TO_MANY:
            return [
                AddManyToMany(
                    str(self.entity.pk),
                    target,
                    junction_name=data["junction_name"],
                    left_attribute=data["from_attribute"],
                    right_attribute=data["to_attribute"],
                )
            ]
        column = data.get("column") or self.NEW
        return [
            AddRelationship(
                str(self.entity.pk),
                target,
                relationship_kind=data["kind"],
                on_delete=data["on_delete"],
                on_update=data["on_update"],
                required=data["required"],
                existing_field_id=None if column == self.NEW else column,
                column_name=data["column_name"],
                from_attribute=data["from_attribute"],
                to_attribute=data["to_attribute"],
                name=data["name"],
                add_index=data["add_index"],
            )
        ]


class RelationshipEditForm(RelationshipNames, ChangeForm, forms.ModelForm):
    class Meta:
        model = models.Relationship
        fields = ["on_delete", "on_update", "deferral", "from_attribute", "to_attribute", "name"]

    def __init__(self, *args, project: models.Project, **kwargs):
        super().__init__(*args, **kwargs)
        names_uncut(self, "name")
        self.with_revision(project)

    def operations(self) -> list[Operation]:
        values = {key: self.cleaned_data[key] for key in self.Meta.fields}
        return [EditRelationship(str(self.instance.pk), values)]


def _parsed(parse, text: str):
    try:
        return parse(text)
    except ExpressionError as error:
        raise ValidationError(_sentence(str(error))) from None


class IndexForm(ChangeForm, forms.Form):
    keys = forms.CharField(
        label="columns or (expressions)",
        help_text="In order, as in SQL: user_id, created_at DESC, (lower(email))",
    )
    unique = forms.BooleanField(required=False)
    method = forms.ChoiceField(choices=models.METHOD_CHOICES, initial=IndexMethod.BTREE.value)
    where = forms.CharField(required=False, label="only where (partial)")
    include = forms.CharField(required=False, label="include columns")
    rationale = forms.CharField(
        required=False, widget=forms.TextInput(), help_text="Why this index exists."
    )
    name = forms.CharField(required=False, label="index name", help_text="Empty: ix_<table>_…")

    def __init__(self, *args, entity: models.Entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity = entity
        self.with_revision(entity.project)

    def clean_keys(self) -> tuple:
        return _parsed(parse_index_keys, self.cleaned_data["keys"])

    def clean_include(self) -> tuple[str, ...]:
        text = self.cleaned_data.get("include", "").strip()
        return _parsed(parse_column_list, text) if text else ()

    def clean_where(self) -> str:
        return _expression(self.cleaned_data.get("where", ""))

    def clean_name(self) -> str:
        return _optional_identifier(self.cleaned_data.get("name"), "index name")

    def index_definition(self) -> dict[str, Any]:
        """The index as typed: its elements and options, as ``AddIndex`` and
        ``ChangeIndex`` take them."""
        data = self.cleaned_data
        return {
            "elements": tuple(element_data(element) for element in data["keys"]),
            **{
                key: data[key]
                for key in ("unique", "method", "where", "include", "rationale", "name")
            },
        }

    def operations(self) -> list[Operation]:
        return [AddIndex(str(self.entity.pk), **self.index_definition())]


class UniqueConstraintForm(ChangeForm, forms.Form):
    columns = forms.CharField(help_text="Comma-separated, e.g. tenant_id, email")
    nulls_not_distinct = forms.BooleanField(
        required=False, label="NULLs count as equal (NULLS NOT DISTINCT)"
    )
    name = forms.CharField(required=False, label="constraint name", help_text="Empty: uq_…")

    def __init__(self, *args, entity: models.Entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity = entity
        self.with_revision(entity.project)

    def clean_columns(self) -> tuple[str, ...]:
        return _parsed(parse_column_list, self.cleaned_data["columns"])

    def clean_name(self) -> str:
        return _optional_identifier(self.cleaned_data.get("name"), "constraint name")

    def operations(self) -> list[Operation]:
        data = self.cleaned_data
        return [
            AddUnique(
                str(self.entity.pk),
                data["columns"],
                nulls_not_distinct=data["nulls_not_distinct"],
                name=data["name"],
            )
        ]


class CheckConstraintForm(ChangeForm, forms.ModelForm):
    class Meta:
        model = models.CheckConstraint
        fields = ["expression", "name"]
        widgets = {"expression": forms.TextInput(attrs={"placeholder": "starts_at < ends_at"})}
        labels = {"name": "constraint name"}

    def __init__(self, *args, entity: models.Entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity = entity
        self.with_revision(entity.project)

    def clean_expression(self) -> str:
        value = _expression(self.cleaned_data.get("expression", ""))
        if not value:
            raise ValidationError("Write the condition every row must meet.")
        return value

    def clean_name(self) -> str:
        return _optional_identifier(self.cleaned_data.get("name"), "constraint name")

    def operations(self) -> list[Operation]:
        data = self.cleaned_data
        return [AddCheck(str(self.entity.pk), data["expression"], data["name"])]


class EnumTypeForm(ChangeForm, forms.ModelForm):
    values_text = forms.CharField(
        label="values",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One value per line, in order.",
    )
    error_fields = {"values": "values_text"}

    class Meta:
        model = models.EnumType
        fields = ["name", "schema_name", "description"]
        widgets = {"description": forms.TextInput()}

    def __init__(self, *args, project: models.Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schema_name"].required = False
        names_uncut(self, "name", "schema_name")
        if self.editing:
            self.fields["values_text"].initial = "\n".join(self.instance.values)
        self.with_revision(project)

    def clean_name(self) -> str:
        return _identifier(self.cleaned_data["name"], "name")

    def clean_schema_name(self) -> str:
        return _identifier(self.cleaned_data.get("schema_name") or "public", "schema name")

    def clean_values_text(self) -> list[str]:
        values = [line.strip() for line in self.cleaned_data["values_text"].splitlines()]
        values = [value for value in values if value]
        if not values:
            raise ValidationError("Give at least one value.")
        return values

    def validate_unique(self):
        pass

    def operations(self) -> list[Operation]:
        data = self.cleaned_data
        values = {
            "name": data["name"],
            "schema_name": data["schema_name"],
            "values": tuple(data["values_text"]),
            "description": data["description"],
        }
        if self.editing:
            return [EditEnum(str(self.instance.pk), values)]
        return [AddEnum(data["name"], values["values"], data["schema_name"], data["description"])]


class ImportForm(forms.Form):
    """Where the schema comes from, and where it goes."""

    SOURCES = [
        ("file", "Upload a file (.sql dump or design.json) or DBML (.dbml)"),
        ("paste", "Paste SQL or DBML"),
        ("database", "Read a live PostgreSQL database"),
    ]
    source = forms.ChoiceField(choices=SOURCES, initial="file", widget=forms.RadioSelect)
    file = forms.FileField(required=False, label="file")
    sql = forms.CharField(
        required=False,
        label="SQL or DBML",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="CREATE TABLE ... statements, a whole pg_dump --schema-only file, or DBML "
        "as dbdiagram.io writes it (Table users { ... }).",
    )
    language = forms.ChoiceField(
        choices=[("auto", "recognise it"), ("sql", "SQL"), ("dbml", "DBML")],
        initial="auto",
        required=False,
        label="language",
        help_text="What the file or the text is written in: a .dbml file, or text starting "
        "with Table, Enum, Ref or Project, is read as DBML.",
    )
    url = forms.CharField(
        required=False,
        label="database URL",
        widget=forms.TextInput(attrs={"placeholder": "postgresql://user:password@host:5432/name"}),
        help_text="Read in a read-only transaction; the password is never stored.",
    )
    schemas = forms.CharField(
        required=False,
        label="PostgreSQL schemas",
        help_text="Comma-separated. Files: empty imports all; databases: public by default.",
    )
    target = forms.ChoiceField(
        choices=[("new", "a new project"), ("replace", "replace an existing project")],
        initial="new",
        widget=forms.RadioSelect,
        label="import into",
    )
    name = forms.CharField(required=False, max_length=200, label="new project's name")
    project = forms.ModelChoiceField(
        queryset=models.Project.objects.none(), required=False, label="project to replace"
    )

    LIVE_IMPORT_OFF = (
        "Turned off on this server: its administrator allows it by listing the database "
        "hosts it may connect to in LIVE_IMPORT_HOSTS."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the projects whose design this person may change can be replaced.
        self.fields["project"].queryset = projects_for(user, EDIT).order_by("name", "slug")
        if not settings.LIVE_IMPORT_HOSTS:
            source = self.fields["source"]
            source.choices = [
                (value, f"{label} (turned off on this server)" if value == "database" else label)
                for value, label in source.choices
            ]
            self.fields["url"].help_text = self.LIVE_IMPORT_OFF
            self.fields["url"].widget.attrs["disabled"] = True

    def clean_schemas(self) -> list[str]:
        return _schema_names(self.cleaned_data["schemas"])

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        if source == "file":
            upload = cleaned.get("file")
            if upload is None:
                self.add_error("file", "Choose a file to upload.")
            elif upload.size > settings.MAX_UPLOAD_BYTES:
                self.add_error(
                    "file",
                    f"The file is {upload.size:,} bytes; the limit is "
                    f"{settings.MAX_UPLOAD_BYTES:,}.",
                )
        elif source == "paste" and not cleaned.get("sql", "").strip():
            self.add_error("sql", "Paste the SQL to import.")
        elif source == "database":
            self._clean_url(cleaned.get("url", "").strip())
        if cleaned.get("target") == "replace" and cleaned.get("project") is None:
            self.add_error("project", "Choose the project whose contents the import replaces.")
        return cleaned

    def _clean_url(self, url: str) -> None:
        problem = live_url_problem(url)
        if problem:
            self.add_error("url", problem)


LIVE_IMPORT_OFF = ImportForm.LIVE_IMPORT_OFF


def live_url_problem(url: str) -> str | None:
    """What is wrong with a live database's URL, or None. Where it points is checked when
    it is read (the host is resolved then); what it says (its parameters, its host's
    spelling) is checked here."""
    if not settings.LIVE_IMPORT_HOSTS:
        return LIVE_IMPORT_OFF
    if not url.startswith(("postgres://", "postgresql://")):
        return "Give a URL starting with postgresql://"
    try:
        parse_url(url)
    except LiveImportError as error:
        return f"{str(error)[:1].upper()}{str(error)[1:]}."
    return None


def _schema_names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    for name in names:
        _identifier(name, "schema name")
    return names


def live_url_field(help_text: str) -> forms.CharField:
    """The URL of a live database (the live import's, drift's and live EXPLAIN's)."""
    return forms.CharField(
        label="database URL",
        widget=forms.TextInput(
            attrs={"placeholder": "postgresql://user:password@host:5432/name", "size": 50}
        ),
        help_text=help_text,
    )


class LiveUrlForm(forms.Form):
    """A form with a live database's ``url``: turned off when ``LIVE_IMPORT_HOSTS``
    allows no host, and checked by the live import's rules (``live_url_problem``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not settings.LIVE_IMPORT_HOSTS:
            self.fields["url"].help_text = LIVE_IMPORT_OFF
            self.fields["url"].widget.attrs["disabled"] = True

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        problem = live_url_problem(url)
        if problem:
            raise ValidationError(problem)
        return url


class DriftForm(LiveUrlForm):
    """A live database to compare with the design (its migration to the design)."""

    url = live_url_field("Read in a read-only transaction; the password is never stored.")
    schemas = forms.CharField(
        required=False,
        label="PostgreSQL schemas",
        help_text="Comma-separated; public by default.",
    )

    def clean_schemas(self) -> list[str]:
        return _schema_names(self.cleaned_data["schemas"]) or ["public"]


class ConfirmImportForm(forms.Form):
    confirm_replace = forms.BooleanField(
        required=False, label="Yes, replace everything in this project"
    )
    slug = forms.SlugField(max_length=100, required=False)

    def __init__(self, *args, draft: models.ImportDraft, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        # A background save refused for a slug taken meanwhile proposes the next free one.
        self.fields["slug"].initial = free_slug(draft.slug or draft.name, fallback="imported")
        self.fields["slug"].help_text = "The new project's slug, used in its URLs."

    def clean(self):
        cleaned = super().clean()
        if self.draft.replace is not None and not cleaned.get("confirm_replace"):
            self.add_error(
                "confirm_replace",
                f"Tick the box: this replaces every entity of {self.draft.replace.name}.",
            )
        if self.draft.replace is None:
            slug = cleaned.get("slug")
            if not slug:
                slug = free_slug(self.draft.name, fallback="imported")
            elif models.Project.objects.filter(slug=slug).exists():
                self.add_error("slug", f"A project with the slug “{slug}” exists; choose another.")
            cleaned["slug"] = slug
        return cleaned


def posted(request):
    """What a form is bound to: a POST's data (even when empty), else None (unbound)."""
    return request.POST if request.method == "POST" else None


class VersionForm(forms.Form):
    """Save the design as a version (``designer.services.versions.save_version``, which
    checks the name and the message: the command line gets the same messages)."""

    name = forms.CharField(
        required=False,
        help_text="Letters, digits, “.”, “_” and “-”, such as v3; unique in the project.",
        widget=forms.TextInput(attrs={"maxlength": 40, "autocomplete": "off"}),
    )
    message = forms.CharField(
        required=False,
        help_text="What this version is: “Reviewed by the team”, “Before the orders split”.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
