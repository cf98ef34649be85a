"""One form per resource. ``clean_*`` normalises and validates with the pure validators, so
the editor refuses what PostgreSQL would refuse, plus the design mistakes the standards
forbid (SET NULL on a required column, a foreign key whose type differs from its key's).
Errors are plain sentences attached to the input that caused them.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from . import models
from .schema.expressions import (
    ExpressionError,
    expression_problem,
    parse_column_list,
    parse_index_keys,
    rename_column,
)
from .schema.model import Action, ColumnType, Generated, IndexElement, IndexMethod, QName
from .schema.sqltext import type_sql
from .schema.types import ENUM
from .schema.validation import (
    INTEGER_TYPES,
    identifier_problem,
    other_tables,
    type_problem,
    unknown_columns,
)
from .widgets import FastSelect


def _identifier(value: str, what: str) -> str:
    value = (value or "").strip()
    if problem := identifier_problem(value, what):
        raise ValidationError(problem[0].upper() + problem[1:] + ".")
    return value


def _expression(value: str) -> str:
    value = (value or "").strip()
    if value and (problem := expression_problem(value)):
        raise ValidationError(f"Not one SQL expression: {problem}.")
    return value


def _reads_known_columns(expression: str, entity_name: str, columns: Iterable[str]) -> None:
    """Refuse an expression of the entity's table that reads a column it does not have."""
    if others := other_tables(expression, entity_name):
        raise ValidationError(
            f"An expression of {entity_name} reads only its own fields, not {others[0]}'s: "
            "write the field names without a table."
        )
    unknown = unknown_columns(expression, entity_name, columns)
    if unknown:
        raise ValidationError(f"{entity_name} has no field named “{unknown[0]}”.")


def _python_name(value: str, what: str) -> str:
    value = (value or "").strip()
    if value and (not value.isidentifier() or keyword.iskeyword(value)):
        raise ValidationError(f"The {what} must be a Python name (letters, digits, _).")
    return value


class ProjectForm(forms.ModelForm):
    class Meta:
        model = models.Project
        fields = ["name", "slug", "description", "pg_version", "key_strategy", "timestamps_default"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"slug": "Used in URLs and on the command line: letters, digits, hyphens."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Give the project a name.")
        return name

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("name"):
            slug = slugify(cleaned["name"])[:100] or "project"
            candidate, counter = slug, 2
            while (
                models.Project.objects.filter(slug=candidate).exclude(pk=self.instance.pk).exists()
            ):
                candidate = f"{slug}-{counter}"
                counter += 1
            cleaned["slug"] = candidate
            self.instance.slug = candidate
        return cleaned


class ProjectSettingsForm(ProjectForm):
    extensions_text = forms.CharField(
        label="PostgreSQL extensions",
        required=False,
        help_text="Comma-separated, created before everything else: btree_gist, pg_trgm",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["extensions_text"].initial = ", ".join(self.instance.extensions)

    def clean_extensions_text(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["extensions_text"].split(",")]
        names = [name for name in names if name]
        for name in names:
            _identifier(name, "extension name")
        if len(set(names)) != len(names):
            raise ValidationError("An extension is listed twice.")
        return names

    def save(self, commit: bool = True):
        self.instance.extensions = self.cleaned_data["extensions_text"]
        return super().save(commit=commit)

    class Meta(ProjectForm.Meta):
        fields = [
            "name",
            "description",
            "pg_version",
            "key_strategy",
            "timestamps_default",
            "review_profile",
        ]


class RenameProjectForm(forms.ModelForm):
    class Meta:
        model = models.Project
        fields = ["name"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Give the project a name.")
        return name


class DuplicateProjectForm(forms.Form):
    name = forms.CharField(max_length=200)
    slug = forms.SlugField(max_length=100)

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if models.Project.objects.filter(slug=slug).exists():
            raise ValidationError(f"A project with the slug “{slug}” exists already.")
        return slug


class EntityForm(forms.ModelForm):
    class Meta:
        model = models.Entity
        fields = ["name", "schema_name", "description", "timestamps", "pk_name"]
        widgets = {"description": forms.Textarea(attrs={"rows": 1})}

    def __init__(self, *args, project: models.Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["schema_name"].required = False

    def clean_name(self) -> str:
        return _identifier(self.cleaned_data["name"], "name")

    def clean_schema_name(self) -> str:
        return _identifier(self.cleaned_data.get("schema_name") or "public", "schema name")

    def clean_pk_name(self) -> str:
        value = (self.cleaned_data.get("pk_name") or "").strip()
        return _identifier(value, "constraint name") if value else ""

    def clean(self):
        cleaned = super().clean()
        name, schema_name = cleaned.get("name"), cleaned.get("schema_name")
        if name and schema_name:
            clash = self.project.entities.filter(name=name, schema_name=schema_name).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                where = "" if schema_name == "public" else f" in schema “{schema_name}”"
                self.add_error("name", f"An entity named “{name}” exists already{where}.")
            elif self.project.enum_types.filter(name=name, schema_name=schema_name).exists():
                self.add_error("name", f"“{name}” is the name of an enum type in that schema.")
        return cleaned

    def validate_unique(self):
        # Uniqueness is checked in clean() with a plain message.
        pass


class NewEntityForm(EntityForm):
    class Meta(EntityForm.Meta):
        fields = ["name", "schema_name", "description"]


class FieldForm(forms.ModelForm):
    class Meta:
        model = models.Field
        fields = [
            "name",
            "data_type",
            "length",
            "precision",
            "scale",
            "is_array",
            "enum_type",
            "nullable",
            "default",
            "primary_key",
            "unique",
            "generated",
            "check_expression",
            "description",
            "sensitive",
            "min_length",
            "max_length",
            "ge",
            "le",
            "pattern",
        ]
        widgets = {
            "default": forms.TextInput(attrs={"placeholder": "e.g. 0, 'draft', now()"}),
            "check_expression": forms.TextInput(attrs={"placeholder": "e.g. price >= 0"}),
            "description": forms.TextInput(),
        }
        labels = {"is_array": "array", "check_expression": "check"}

    def __init__(self, *args, entity: models.Entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity = entity
        self.fields["enum_type"].queryset = entity.project.enum_types.all()
        self.fields["enum_type"].empty_label = "—"
        self.fields["data_type"].initial = "text"
        if not self.instance.pk:
            self.fields["nullable"].initial = True

    def clean_name(self) -> str:
        name = _identifier(self.cleaned_data["name"], "name")
        clash = self.entity.fields.filter(name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(f"{self.entity.name} already has a field named “{name}”.")
        return name

    def clean_default(self) -> str:
        return _expression(self.cleaned_data.get("default", ""))

    def clean_check_expression(self) -> str:
        return _expression(self.cleaned_data.get("check_expression", ""))

    def clean_pattern(self) -> str:
        pattern = self.cleaned_data.get("pattern", "")
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValidationError(f"Not a valid regular expression: {error}.") from None
        return pattern

    def _number(self, key: str) -> str:
        value = (self.cleaned_data.get(key) or "").strip()
        if value:
            try:
                float(value)
            except ValueError:
                raise ValidationError("Write a number, e.g. 0 or 9.99.") from None
        return value

    def clean_ge(self) -> str:
        return self._number("ge")

    def clean_le(self) -> str:
        return self._number("le")

    def clean(self):
        cleaned = super().clean()
        data_type = cleaned.get("data_type")
        if not data_type:
            return cleaned
        enum_type = cleaned.get("enum_type")
        if data_type == ENUM and enum_type is None:
            self.add_error("enum_type", "Choose the enum type of this field.")
            return cleaned
        if data_type != ENUM:
            cleaned["enum_type"] = None
        column_type = ColumnType(
            base=data_type,
            length=cleaned.get("length"),
            precision=cleaned.get("precision"),
            scale=cleaned.get("scale"),
            array=cleaned.get("is_array", False),
            enum=QName(enum_type.schema_name, enum_type.name) if enum_type else None,
        )
        if problem := type_problem(column_type, {column_type.enum} if enum_type else set()):
            target = next(
                (key for key in ("scale", "precision", "length") if key in problem), "data_type"
            )
            self.add_error(target, problem[0].upper() + problem[1:] + ".")
        generated = cleaned.get("generated") or Generated.NONE.value
        if cleaned.get("primary_key") or generated:
            # PostgreSQL makes key and identity columns NOT NULL whatever one writes.
            cleaned["nullable"] = False
        if generated:
            kind = "A serial" if generated == Generated.SERIAL else "An identity"
            if data_type not in INTEGER_TYPES or cleaned.get("is_array"):
                self.add_error("generated", f"{kind} column must be smallint, integer or bigint.")
            if cleaned.get("default"):
                self.add_error(
                    "default", f"{kind} column gets its values from a sequence; remove the default."
                )
        low, high = cleaned.get("min_length"), cleaned.get("max_length")
        if low is not None and high is not None and low > high:
            self.add_error("min_length", "The minimum length is above the maximum length.")
        if cleaned.get("check_expression"):
            self._check_reads_known_columns(cleaned)
        if self.instance.pk:
            self._check_relationships(cleaned, column_type)
        return cleaned

    def _check_reads_known_columns(self, cleaned: dict) -> None:
        """The check reads columns of this table; a rename carries over into it (the
        service does the same for the table's other expressions)."""
        others = list(
            self.entity.fields.exclude(pk=self.instance.pk).values_list("name", flat=True)
        )
        own, old = cleaned.get("name") or self.instance.name, self.instance.name
        check = cleaned["check_expression"]
        if self.instance.pk and own != old and old not in others:
            check = cleaned["check_expression"] = rename_column(check, old, own)
        try:
            _reads_known_columns(check, self.entity.name, [*others, own])
        except ValidationError as error:
            self.add_error("check_expression", error)

    def _check_relationships(self, cleaned: dict, column_type: ColumnType) -> None:
        """A field in a foreign key must keep the type of its key, and the key its uniqueness."""
        pairs = models.RelationshipColumn.objects.filter(from_field=self.instance).select_related(
            "to_field__entity", "to_field__enum_type", "relationship"
        )
        for pair in pairs:
            key = pair.to_field
            if _type_of(key) != column_type:
                self.add_error(
                    "data_type",
                    f"{self.instance.name} references {key.entity.name}.{key.name}, "
                    f"so it must keep that column's type ({_type_label(key)}).",
                )
            action = pair.relationship.on_delete
            if action == Action.SET_NULL and not cleaned.get("nullable"):
                self.add_error(
                    "nullable",
                    "Its relationship sets it to NULL when the referenced row is deleted "
                    "(ON DELETE SET NULL), so it must stay nullable.",
                )
            if action == Action.SET_DEFAULT and not cleaned.get("default"):
                self.add_error(
                    "default",
                    "Its relationship uses ON DELETE SET DEFAULT, so it needs a default.",
                )
        referencing = models.RelationshipColumn.objects.filter(
            to_field=self.instance
        ).select_related("from_field__entity")
        for pair in referencing:
            where = f"{pair.from_field.entity.name}.{pair.from_field.name}"
            if _type_of(self.instance) != column_type:
                self.add_error(
                    "data_type",
                    f"{where} references this field; change its type there first or delete "
                    "that relationship.",
                )
            if not (cleaned.get("primary_key") or cleaned.get("unique")) and (
                self.instance.primary_key or self.instance.unique
            ):
                self.add_error(
                    "primary_key", f"{where} references this field, so it must stay a key."
                )


def _type_of(field: models.Field) -> ColumnType:
    enum = field.enum_type
    return ColumnType(
        base=field.data_type,
        length=field.length,
        precision=field.precision,
        scale=field.scale,
        array=field.is_array,
        enum=QName(enum.schema_name, enum.name) if enum else None,
    )


def _type_label(field: models.Field) -> str:
    return type_sql(_type_of(field))


class RelationshipForm(forms.Form):
    """A new relationship from the entity being edited to another (or the same) entity."""

    NEW = "new"

    to_entity = forms.ModelChoiceField(
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

    def __init__(self, *args, entity: models.Entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity = entity
        self.fields["to_entity"].queryset = entity.project.entities.all()
        self.fields["column"].choices = [(self.NEW, "a new column with the key's type")] + [
            (str(field.id), field.name) for field in entity.fields.all()
        ]

    def clean_column_name(self) -> str:
        value = (self.cleaned_data.get("column_name") or "").strip()
        return _identifier(value, "column name") if value else ""

    def clean_name(self) -> str:
        value = (self.cleaned_data.get("name") or "").strip()
        return _identifier(value, "constraint name") if value else ""

    def clean_junction_name(self) -> str:
        value = (self.cleaned_data.get("junction_name") or "").strip()
        return _identifier(value, "entity name") if value else ""

    def clean_from_attribute(self) -> str:
        return _python_name(self.cleaned_data.get("from_attribute", ""), "name")

    def clean_to_attribute(self) -> str:
        return _python_name(self.cleaned_data.get("to_attribute", ""), "name")

    def clean(self):
        from .services.relationships import default_column_name, key_fields

        cleaned = super().clean()
        target = cleaned.get("to_entity")
        if target is None:
            return cleaned
        keys = key_fields(target)
        if not keys:
            self.add_error("to_entity", f"{target.name} has no primary key to reference.")
            return cleaned
        if cleaned.get("kind") == models.Relationship.Kind.MANY_TO_MANY:
            return self._clean_many_to_many(cleaned, target, keys)
        required = cleaned.get("required", False)
        on_delete = cleaned.get("on_delete")
        if on_delete == Action.SET_NULL and required:
            self.add_error(
                "on_delete",
                "SET NULL needs an optional relationship: untick “required” or choose "
                "CASCADE or RESTRICT.",
            )
        choice = cleaned.get("column") or self.NEW
        cleaned["existing_field"] = None
        if choice != self.NEW:
            field = self.entity.fields.filter(pk=choice).select_related("enum_type").first()
            if field is None:
                self.add_error("column", "Choose one of this entity's fields.")
                return cleaned
            if len(keys) != 1:
                self.add_error("column", f"{target.name} has a composite key: use new columns.")
            elif _type_of(field) != _type_of(keys[0]):
                self.add_error(
                    "column",
                    f"{field.name} is {_type_label(field)} but {target.name}.{keys[0].name} is "
                    f"{_type_label(keys[0])}: a foreign key must have its key's type.",
                )
            if on_delete == Action.SET_DEFAULT and not field.default:
                self.add_error("on_delete", f"SET DEFAULT needs a default on {field.name}.")
            cleaned["existing_field"] = field
        else:
            if on_delete == Action.SET_DEFAULT:
                self.add_error(
                    "on_delete", "SET DEFAULT needs a default: choose an existing column with one."
                )
            names = (
                [cleaned.get("column_name")]
                if cleaned.get("column_name") and len(keys) == 1
                else [default_column_name(target, key) for key in keys]
            )
            for name in names:
                if self.entity.fields.filter(name=name).exists():
                    self.add_error(
                        "column_name" if cleaned.get("column_name") else "column",
                        f"{self.entity.name} already has a field named “{name}”: choose it "
                        "as the column or give another name.",
                    )
        return cleaned

    def _clean_many_to_many(self, cleaned, target, keys):
        from .services.relationships import key_fields

        if not key_fields(self.entity):
            self.add_error("kind", f"{self.entity.name} has no primary key to link.")
        name = cleaned.get("junction_name") or f"{self.entity.name}_{target.name}"
        if problem := identifier_problem(name, "junction name"):
            self.add_error("junction_name", problem[0].upper() + problem[1:] + ".")
        elif self.entity.project.entities.filter(
            name=name, schema_name=self.entity.schema_name
        ).exists():
            self.add_error("junction_name", f"An entity named “{name}” exists already.")
        cleaned["junction_name"] = name
        return cleaned


class RelationshipEditForm(forms.ModelForm):
    class Meta:
        model = models.Relationship
        fields = ["on_delete", "on_update", "deferral", "from_attribute", "to_attribute", "name"]

    def clean_name(self) -> str:
        value = (self.cleaned_data.get("name") or "").strip()
        return _identifier(value, "constraint name") if value else ""

    def clean_from_attribute(self) -> str:
        return _python_name(self.cleaned_data.get("from_attribute", ""), "name")

    def clean_to_attribute(self) -> str:
        return _python_name(self.cleaned_data.get("to_attribute", ""), "name")

    def clean(self):
        cleaned = super().clean()
        pairs = list(self.instance.column_pairs.select_related("from_field"))
        if cleaned.get("on_delete") == Action.SET_NULL and any(
            not pair.from_field.nullable for pair in pairs
        ):
            self.add_error(
                "on_delete",
                "SET NULL needs nullable foreign-key columns; make the column nullable first.",
            )
        for action in ("on_delete", "on_update"):
            if cleaned.get(action) == Action.SET_DEFAULT and any(
                not pair.from_field.default for pair in pairs
            ):
                self.add_error(action, "SET DEFAULT needs a default on the foreign-key column.")
        return cleaned


class IndexForm(forms.Form):
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
        self.field_names = {field.name: field for field in entity.fields.all()}

    def clean_keys(self) -> tuple[IndexElement, ...]:
        try:
            elements = parse_index_keys(self.cleaned_data["keys"])
        except ExpressionError as error:
            raise ValidationError(f"{str(error)[0].upper()}{str(error)[1:]}.") from None
        unknown = [e.column for e in elements if e.column and e.column not in self.field_names]
        if unknown:
            raise ValidationError(f"{self.entity.name} has no field named “{unknown[0]}”.")
        for element in elements:
            if element.expression:
                _reads_known_columns(element.expression, self.entity.name, self.field_names)
        return elements

    def clean_include(self) -> tuple[str, ...]:
        text = self.cleaned_data.get("include", "").strip()
        if not text:
            return ()
        try:
            names = parse_column_list(text)
        except ExpressionError as error:
            raise ValidationError(f"{str(error)[0].upper()}{str(error)[1:]}.") from None
        unknown = [name for name in names if name not in self.field_names]
        if unknown:
            raise ValidationError(f"{self.entity.name} has no field named “{unknown[0]}”.")
        return names

    def clean_where(self) -> str:
        where = _expression(self.cleaned_data.get("where", ""))
        if where:
            _reads_known_columns(where, self.entity.name, self.field_names)
        return where

    def clean_name(self) -> str:
        value = (self.cleaned_data.get("name") or "").strip()
        return _identifier(value, "index name") if value else ""

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("method")
        elements = cleaned.get("keys") or ()
        if method and method != IndexMethod.BTREE:
            if cleaned.get("unique"):
                self.add_error("unique", "Only btree indexes can be unique.")
            if any(element.descending or element.nulls for element in elements):
                self.add_error("keys", f"{method} indexes have no sort order: remove DESC/NULLS.")
            if method == IndexMethod.HASH and len(elements) > 1:
                self.add_error("keys", "A hash index has exactly one key.")
            if cleaned.get("include") and method != IndexMethod.GIST:
                self.add_error("include", f"{method} indexes cannot INCLUDE columns.")
        return cleaned


class UniqueConstraintForm(forms.Form):
    columns = forms.CharField(help_text="Comma-separated, e.g. tenant_id, email")
    nulls_not_distinct = forms.BooleanField(
        required=False, label="NULLs count as equal (NULLS NOT DISTINCT)"
    )
    name = forms.CharField(required=False, label="constraint name", help_text="Empty: uq_…")

    def __init__(self, *args, entity: models.Entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity = entity

    def clean_columns(self) -> tuple[str, ...]:
        try:
            names = parse_column_list(self.cleaned_data["columns"])
        except ExpressionError as error:
            raise ValidationError(f"{str(error)[0].upper()}{str(error)[1:]}.") from None
        known = set(self.entity.fields.values_list("name", flat=True))
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValidationError(f"{self.entity.name} has no field named “{unknown[0]}”.")
        if len(set(names)) != len(names):
            raise ValidationError("A column appears twice.")
        return names

    def clean_name(self) -> str:
        value = (self.cleaned_data.get("name") or "").strip()
        return _identifier(value, "constraint name") if value else ""


class CheckConstraintForm(forms.ModelForm):
    class Meta:
        model = models.CheckConstraint
        fields = ["expression", "name"]
        widgets = {"expression": forms.TextInput(attrs={"placeholder": "starts_at < ends_at"})}
        labels = {"name": "constraint name"}

    def __init__(self, *args, entity: models.Entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity = entity

    def clean_expression(self) -> str:
        value = _expression(self.cleaned_data.get("expression", ""))
        if not value:
            raise ValidationError("Write the condition every row must meet.")
        columns = self.entity.fields.values_list("name", flat=True)
        _reads_known_columns(value, self.entity.name, columns)
        return value

    def clean_name(self) -> str:
        value = (self.cleaned_data.get("name") or "").strip()
        return _identifier(value, "constraint name") if value else ""


class EnumTypeForm(forms.ModelForm):
    values_text = forms.CharField(
        label="values",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One value per line, in order.",
    )

    class Meta:
        model = models.EnumType
        fields = ["name", "schema_name", "description"]
        widgets = {"description": forms.TextInput()}

    def __init__(self, *args, project: models.Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["schema_name"].required = False
        if self.instance.pk:
            self.fields["values_text"].initial = "\n".join(self.instance.values)

    def clean_name(self) -> str:
        return _identifier(self.cleaned_data["name"], "name")

    def clean_schema_name(self) -> str:
        return _identifier(self.cleaned_data.get("schema_name") or "public", "schema name")

    def clean_values_text(self) -> list[str]:
        values = [line.strip() for line in self.cleaned_data["values_text"].splitlines()]
        values = [value for value in values if value]
        if not values:
            raise ValidationError("Give at least one value.")
        for value in values:
            if problem := identifier_problem(value, f"value “{value}”"):
                raise ValidationError(problem[0].upper() + problem[1:] + ".")
        duplicates = sorted({value for value in values if values.count(value) > 1})
        if duplicates:
            raise ValidationError(f"“{duplicates[0]}” appears twice.")
        return values

    def clean(self):
        cleaned = super().clean()
        name, schema_name = cleaned.get("name"), cleaned.get("schema_name")
        if name and schema_name:
            if (
                self.project.enum_types.filter(name=name, schema_name=schema_name)
                .exclude(pk=self.instance.pk)
                .exists()
            ):
                self.add_error("name", f"An enum type named “{name}” exists already.")
            elif self.project.entities.filter(name=name, schema_name=schema_name).exists():
                self.add_error("name", f"“{name}” is the name of an entity in that schema.")
        return cleaned

    def validate_unique(self):
        pass

    def save(self, commit: bool = True):
        self.instance.project = self.project
        self.instance.values = self.cleaned_data["values_text"]
        return super().save(commit=commit)


class ImportForm(forms.Form):
    """Where the schema comes from, and where it goes."""

    SOURCES = [
        ("file", "Upload a file (.sql dump or design.json)"),
        ("paste", "Paste SQL"),
        ("database", "Read a live PostgreSQL database"),
    ]
    source = forms.ChoiceField(choices=SOURCES, initial="file", widget=forms.RadioSelect)
    file = forms.FileField(required=False, label="file")
    sql = forms.CharField(
        required=False,
        label="SQL",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="CREATE TABLE ... statements, or a whole pg_dump --schema-only file.",
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
        queryset=models.Project.objects.all(), required=False, label="project to replace"
    )

    def clean_schemas(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["schemas"].split(",") if name.strip()]
        for name in names:
            _identifier(name, "schema name")
        return names

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
        elif source == "database" and not cleaned.get("url", "").strip().startswith(
            ("postgres://", "postgresql://")
        ):
            self.add_error("url", "Give a URL starting with postgresql://")
        if cleaned.get("target") == "replace" and cleaned.get("project") is None:
            self.add_error("project", "Choose the project whose contents the import replaces.")
        return cleaned


class ConfirmImportForm(forms.Form):
    confirm_replace = forms.BooleanField(
        required=False, label="Yes, replace everything in this project"
    )
    slug = forms.SlugField(max_length=100, required=False)

    def __init__(self, *args, draft: models.ImportDraft, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.fields["slug"].initial = draft.slug or slugify(draft.name)[:100]
        self.fields["slug"].help_text = "The new project's slug, used in its URLs."

    def clean(self):
        cleaned = super().clean()
        if self.draft.replace is not None and not cleaned.get("confirm_replace"):
            self.add_error(
                "confirm_replace",
                f"Tick the box: this replaces every entity of {self.draft.replace.name}.",
            )
        if self.draft.replace is None:
            slug = cleaned.get("slug") or slugify(self.draft.name)[:100] or "imported"
            if models.Project.objects.filter(slug=slug).exists():
                self.add_error("slug", f"A project with the slug “{slug}” exists; choose another.")
            cleaned["slug"] = slug
        return cleaned


def posted(request):
    """What a form is bound to: a POST's data (even when empty), else None (unbound)."""
    return request.POST if request.method == "POST" else None
