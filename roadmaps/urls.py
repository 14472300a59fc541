from django.urls import path

from . import views
from .progress.views import district, reports

app_name = "roadmaps"

urlpatterns = [
    # pages (list, forms, copy, agenda)
    path("", views.roadmap_list, name="list"),
    path("new/", views.create, name="create"),
    path("agenda/", views.agenda, name="agenda"),
    path("<int:pk>/edit/", views.update, name="update"),
    path("<int:pk>/copy/", views.copy, name="copy"),
    # editor (the roadmap page and its rows)
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/renumber/", views.renumber, name="renumber"),
    path("<int:pk>/rows/insert/", views.row_insert, name="row_insert"),
    path("<int:pk>/rows/<int:row_pk>/", views.row_view, name="row_view"),
    path("<int:pk>/rows/<int:row_pk>/edit/", views.row_edit, name="row_edit"),
    path("<int:pk>/rows/<int:row_pk>/delete/", views.row_delete, name="row_delete"),
    path("<int:pk>/rows/<int:row_pk>/move/", views.row_move, name="row_move"),
    path("<int:pk>/rows/<int:row_pk>/indent/", views.row_indent, name="row_indent"),
    path("<int:pk>/rows/<int:row_pk>/dates/", views.row_dates, name="row_dates"),
    path("<int:pk>/rows/<int:row_pk>/reminders/", views.row_reminders, name="row_reminders"),
    path("<int:pk>/changes/<int:change_pk>/restore/", views.row_restore, name="row_restore"),
    # import / export
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/export.<str:fmt>", views.export, name="export"),
    # one school's reports
    path("tasks/", reports.my_tasks, name="my_tasks"),
    path(
        "occurrences/<int:occurrence_pk>/report/<int:organization_pk>/",
        reports.report_edit,
        name="report_edit",
    ),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/submit/", reports.report_submit, name="report_submit"),
    path("reports/<int:pk>/review/", reports.report_review, name="report_review"),
    path("reports/<int:pk>/reopen/", reports.report_reopen, name="report_reopen"),
    path("reports/<int:pk>/evidence/", reports.evidence_add, name="evidence_add"),
    path("reports/<int:pk>/evidence/<int:evidence_pk>/", reports.evidence_download, name="evidence_download"),
    path(
        "reports/<int:pk>/evidence/<int:evidence_pk>/delete/", reports.evidence_remove, name="evidence_remove"
    ),
    # the district's progress views
    path("<int:pk>/rows/<int:row_pk>/assign/", district.row_assign, name="row_assign"),
    path("<int:pk>/grid/", district.grid, name="grid"),
    path("<int:pk>/grid.xlsx", district.grid_export, name="grid_export"),
    path("reviews/", district.review_queue, name="review_queue"),
    path("schools/<int:organization_pk>/", district.school_progress, name="school_progress"),
    path("dashboard/", district.dashboard, name="dashboard"),
]
