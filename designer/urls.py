from django.urls import path, register_converter

from .services.versions import MAX_NAME_LENGTH, NAME_CHARACTER
from .views import (
    activity,
    compare,
    diagram_views,
    document,
    editor,
    entities,
    enums,
    exports,
    fields,
    history,
    imports,
    indexes,
    objects,
    plans,
    previews,
    projects,
    proposals,
    queries,
    relationships,
    review,
    sql_edit,
    team,
    threads,
    versions,
)

app_name = "designer"


class VersionName:
    """A version's name in a URL: the characters a name may hold (see
    ``designer.services.versions.name_problem``); anything else is not found."""

    regex = f"{NAME_CHARACTER}{{1,{MAX_NAME_LENGTH}}}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(VersionName, "version")

P = "projects/<slug:slug>/"

urlpatterns = [
    path("", projects.project_list, name="project_list"),
    path("import/", imports.import_start, name="import"),
    path("import/<uuid:draft_id>/", imports.import_preview, name="import_preview"),
    path(f"{P}", editor.editor, name="project"),
    path(f"{P}settings/", projects.project_settings, name="project_settings"),
    path(f"{P}rename/", projects.project_rename, name="project_rename"),
    path(f"{P}duplicate/", projects.project_duplicate, name="project_duplicate"),
    path(f"{P}delete/", projects.project_delete, name="project_delete"),
    path(f"{P}entities/", editor.entity_list, name="entity_list"),
    path(f"{P}entities/new/", entities.entity_create, name="entity_create"),
    path(f"{P}entities/<uuid:entity_id>/", editor.editor, name="entity"),
    path(f"{P}entities/<uuid:entity_id>/edit/", entities.entity_edit, name="entity_edit"),
    path(f"{P}entities/<uuid:entity_id>/delete/", entities.entity_delete, name="entity_delete"),
    path(f"{P}entities/<uuid:entity_id>/fields/new/", fields.field_create, name="field_create"),
    path(f"{P}entities/<uuid:entity_id>/fields/quick/", fields.field_quick_add, name="quick_add"),
    path(
        f"{P}entities/<uuid:entity_id>/relationships/new/",
        relationships.relationship_create,
        name="relationship_create",
    ),
    path(f"{P}entities/<uuid:entity_id>/indexes/new/", indexes.index_create, name="index_create"),
    path(f"{P}entities/<uuid:entity_id>/uniques/new/", indexes.unique_create, name="unique_create"),
    path(f"{P}entities/<uuid:entity_id>/checks/new/", indexes.check_create, name="check_create"),
    path(f"{P}fields/<uuid:field_id>/", fields.field_row, name="field_row"),
    path(f"{P}fields/<uuid:field_id>/edit/", fields.field_edit, name="field_edit"),
    path(f"{P}fields/<uuid:field_id>/move/", fields.field_move, name="field_move"),
    path(f"{P}fields/<uuid:field_id>/delete/", fields.field_delete, name="field_delete"),
    path(
        f"{P}relationships/<uuid:relationship_id>/edit/",
        relationships.relationship_edit,
        name="relationship_edit",
    ),
    path(
        f"{P}relationships/<uuid:relationship_id>/delete/",
        relationships.relationship_delete,
        name="relationship_delete",
    ),
    path(f"{P}indexes/<uuid:index_id>/delete/", indexes.index_delete, name="index_delete"),
    path(f"{P}indexes/<uuid:index_id>/edit/", indexes.index_edit, name="index_edit"),
    path(f"{P}uniques/<uuid:unique_id>/delete/", indexes.unique_delete, name="unique_delete"),
    path(f"{P}checks/<uuid:check_id>/delete/", indexes.check_delete, name="check_delete"),
    path(f"{P}enums/", enums.enum_list, name="enum_list"),
    path(f"{P}enums/new/", enums.enum_create, name="enum_create"),
    path(f"{P}enums/<uuid:enum_id>/edit/", enums.enum_edit, name="enum_edit"),
    path(f"{P}enums/<uuid:enum_id>/delete/", enums.enum_delete, name="enum_delete"),
    path(f"{P}review/", review.review_panel, name="review"),
    path(f"{P}review/fix/", review.review_fix, name="review_fix"),
    path(f"{P}review/suppress/", review.review_suppress, name="review_suppress"),
    path(f"{P}review/unsuppress/", review.review_unsuppress, name="review_unsuppress"),
    path(f"{P}document/", document.document_page, name="document"),
    path(f"{P}history/", history.history, name="history"),
    path(f"{P}history/undo/", history.undo, name="undo"),
    path(f"{P}history/redo/", history.redo, name="redo"),
    path(f"{P}history/undo-bar/", history.undo_bar, name="undo_bar"),
    path(f"{P}history/<int:revision>/restore/", history.restore, name="restore"),
    path(f"{P}revision/", history.revision, name="revision"),
    path(f"{P}versions/", versions.versions, name="versions"),
    path(f"{P}versions/<version:name>/", versions.version_page, name="version"),
    path(
        f"{P}versions/<version:name>/document/", versions.version_document, name="version_document"
    ),
    path(
        f"{P}versions/<version:name>/export/<str:format>/",
        versions.version_export,
        name="version_export",
    ),
    path(f"{P}versions/<version:name>/restore/", versions.version_restore, name="version_restore"),
    path(f"{P}compare/", compare.compare_page, name="compare"),
    path(f"{P}compare/migration/", compare.compare_migration, name="compare_migration"),
    path(f"{P}compare/live/", compare.drift_start, name="drift_start"),
    path(f"{P}compare/live/<uuid:draft_id>/", compare.drift_page, name="drift"),
    path(
        f"{P}compare/live/<uuid:draft_id>/migration/",
        compare.drift_migration,
        name="drift_migration",
    ),
    path(f"{P}erd/", previews.erd, name="erd"),
    path(f"{P}preview/", previews.preview, name="preview"),
    path(f"{P}export/<str:format>/", exports.export, name="export"),
]
# Team review: each module lists its own URLs.
urlpatterns += team.urlpatterns + proposals.urlpatterns + threads.urlpatterns + activity.urlpatterns
urlpatterns += diagram_views.urlpatterns + sql_edit.urlpatterns + objects.urlpatterns
urlpatterns += queries.urlpatterns + plans.urlpatterns
