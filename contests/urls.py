from django.urls import path

from . import views, views_sheets

app_name = "contests"

urlpatterns = [
    path("", views.contest_list, name="list"),
    path("new/", views.contest_create, name="create"),
    path("<int:pk>/", views.contest_detail, name="detail"),
    path("<int:pk>/edit/", views.contest_edit, name="edit"),
    path("<int:pk>/nominations/", views.nominations_save, name="nominations"),
    path("<int:pk>/regulations/", views.regulations_upload, name="regulations"),
    path("<int:pk>/regulations/<int:fid>/", views.regulations_file, name="regulations_file"),
    path("<int:pk>/rounds/new/", views.round_edit, name="round_create"),
    path("<int:pk>/rounds/<int:rid>/", views.round_edit, name="round_edit"),
    path("<int:pk>/jury/", views.jury, name="jury"),
    path("<int:pk>/jury/<int:mid>/remove/", views.jury_remove, name="jury_remove"),
    path("<int:pk>/applications/", views.application_list, name="applications"),
    path("<int:pk>/applications/new/", views.application_create, name="application_create"),
    path("<int:pk>/applications/<int:aid>/", views.application_detail, name="application"),
    path("<int:pk>/applications/<int:aid>/submit/", views.application_submit, name="application_submit"),
    path("<int:pk>/applications/<int:aid>/admit/", views.application_admit, name="application_admit"),
    path("<int:pk>/applications/<int:aid>/materials/", views.material_add, name="material_add"),
    path("<int:pk>/applications/<int:aid>/materials/<int:fid>/", views.material_file, name="material_file"),
    path(
        "<int:pk>/applications/<int:aid>/materials/<int:fid>/remove/",
        views.material_remove,
        name="material_remove",
    ),
    path("<int:pk>/applications/<int:aid>/consent/", views.consent_record, name="consent"),
    path("<int:pk>/applications/<int:aid>/consent/<int:fid>/", views.consent_file, name="consent_file"),
    # The jury's оценочные листы (contests.views_sheets)
    path("<int:pk>/rounds/<int:rid>/sheet/", views_sheets.sheet, name="sheet"),
    path("<int:pk>/rounds/<int:rid>/sheet/cell/", views_sheets.sheet_cell, name="sheet_cell"),
    path("<int:pk>/rounds/<int:rid>/sheet/save/", views_sheets.sheet_save, name="sheet_save"),
    path("<int:pk>/rounds/<int:rid>/sheet/sign/", views_sheets.sheet_sign, name="sheet_sign"),
    path("<int:pk>/rounds/<int:rid>/sheets/", views_sheets.sheet_list, name="sheets"),
    path("<int:pk>/rounds/<int:rid>/sheets/<int:sid>/", views_sheets.sheet_detail, name="sheet_detail"),
    path("<int:pk>/rounds/<int:rid>/conflicts/", views_sheets.conflict_record, name="conflict_record"),
    path(
        "<int:pk>/rounds/<int:rid>/sheets/<int:sid>/reopen/", views_sheets.sheet_reopen, name="sheet_reopen"
    ),
]

# --- Results (contests.views_results): summaries, protocol, publishing, the results order, diplomas ---
from . import views_results  # noqa: E402

urlpatterns += [
    path("<int:pk>/results/", views_results.results_index, name="results"),
    path("<int:pk>/results/publish/", views_results.results_publish, name="results_publish"),
    path("<int:pk>/results/order/", views_results.results_order, name="results_order"),
    path("<int:pk>/results/diplomas/", views_results.diplomas, name="diplomas"),
    path("<int:pk>/results/diplomas/<int:bid>/", views_results.diplomas_status, name="diplomas_status"),
    path("<int:pk>/results/diplomas/<int:bid>/file/", views_results.diplomas_file, name="diplomas_file"),
    path("<int:pk>/results/<int:rid>/", views_results.round_results, name="round_results"),
    path("<int:pk>/results/<int:rid>/close/", views_results.round_close, name="round_close"),
    path("<int:pk>/results/<int:rid>/tie/", views_results.tie_decide, name="tie_decide"),
    path("<int:pk>/results/<int:rid>/attendance/", views_results.attendance, name="attendance"),
    path("<int:pk>/results/<int:rid>/protocol.pdf", views_results.protocol_pdf, name="protocol_pdf"),
    path("<int:pk>/results/<int:rid>/protocol.docx", views_results.protocol_docx, name="protocol_docx"),
]
