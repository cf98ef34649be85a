"""Every record type in the Django admin, read-only, with the parts of a record inline.

The admin is for looking: every change to a design goes through the one entry point
(``designer.services.edits``), which keeps the revision, the history and the checks;
an edit here would bypass all three.
"""

from django.contrib import admin

from . import models


class ReadOnly:
    """No adding, changing or deleting from the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class FieldInline(ReadOnly, admin.TabularInline):
    model = models.Field
    extra = 0
    fields = (
        "position",
        "name",
        "data_type",
        "length",
        "precision",
        "scale",
        "is_array",
        "enum_type",
        "nullable",
        "default",
        "unique",
        "primary_key",
        "sensitive",
    )
    show_change_link = True


class UniqueConstraintInline(ReadOnly, admin.TabularInline):
    model = models.UniqueConstraint
    extra = 0
    show_change_link = True


class CheckConstraintInline(ReadOnly, admin.TabularInline):
    model = models.CheckConstraint
    extra = 0


class IndexInline(ReadOnly, admin.TabularInline):
    model = models.Index
    extra = 0
    fields = ("position", "name", "unique", "method", "where", "rationale")
    show_change_link = True


@admin.register(models.Project)
class ProjectAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "slug", "pg_version", "key_strategy", "updated_at")
    search_fields = ("name", "slug", "description")


@admin.register(models.EnumType)
class EnumTypeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "schema_name", "project", "values")
    list_filter = ("project",)
    search_fields = ("name",)


@admin.register(models.Entity)
class EntityAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "schema_name", "project", "timestamps", "position")
    list_filter = ("project", "schema_name")
    search_fields = ("name", "description")
    inlines = [FieldInline, UniqueConstraintInline, CheckConstraintInline, IndexInline]


@admin.register(models.Field)
class FieldAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "entity", "data_type", "nullable", "primary_key", "sensitive")
    list_filter = ("entity__project", "data_type", "sensitive")
    search_fields = ("name", "entity__name")
    autocomplete_fields = ("entity",)


class RelationshipColumnInline(ReadOnly, admin.TabularInline):
    model = models.RelationshipColumn
    extra = 0
    autocomplete_fields = ("from_field", "to_field")


@admin.register(models.Relationship)
class RelationshipAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("__str__", "kind", "on_delete", "on_update", "project")
    list_filter = ("project", "kind")
    autocomplete_fields = ("from_entity", "to_entity", "junction")
    inlines = [RelationshipColumnInline]


class IndexColumnInline(ReadOnly, admin.TabularInline):
    model = models.IndexColumn
    extra = 0
    autocomplete_fields = ("field",)


@admin.register(models.Index)
class IndexAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("__str__", "entity", "unique", "method")
    list_filter = ("entity__project", "method")
    autocomplete_fields = ("entity",)
    search_fields = ("name", "entity__name")
    inlines = [IndexColumnInline]


class UniqueConstraintColumnInline(ReadOnly, admin.TabularInline):
    model = models.UniqueConstraintColumn
    extra = 0
    autocomplete_fields = ("field",)


@admin.register(models.UniqueConstraint)
class UniqueConstraintAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("__str__", "entity")
    autocomplete_fields = ("entity",)
    inlines = [UniqueConstraintColumnInline]


@admin.register(models.CheckConstraint)
class CheckConstraintAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("__str__", "entity", "expression")
    autocomplete_fields = ("entity",)


@admin.register(models.Suppression)
class SuppressionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("rule", "project", "reason", "created_at")
    list_filter = ("project", "rule")


@admin.register(models.Change)
class ChangeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("revision", "project", "kind", "summary", "actor", "created_at")
    list_filter = ("project", "kind")
    search_fields = ("summary",)


@admin.register(models.Version)
class VersionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "project", "revision", "author", "created_at")
    list_filter = ("project",)
    search_fields = ("name", "message")
    exclude = ("design",)  # the design file: the Versions page opens it

    def get_queryset(self, request):
        return super().get_queryset(request).defer("design")
