from django.urls import path

from . import views, views_analysis

app_name = "associations"

urlpatterns = [
    path("", views.association_list, name="list"),
    path("export.xlsx", views.association_export, name="export"),
    path("new/", views.association_create, name="create"),
    path("<int:pk>/", views.association_detail, name="detail"),
    path("<int:pk>/edit/", views.association_edit, name="edit"),
    path("<int:pk>/theme/", views.theme_save, name="theme"),
    path("<int:pk>/roster.xlsx", views.roster_export, name="roster_export"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:mid>/", views.member_edit, name="member_edit"),
    path("<int:pk>/members/<int:mid>/leave/", views.member_leave, name="member_leave"),
    path(
        "<int:pk>/members/<int:mid>/courses/<int:course_id>/delete/",
        views.course_delete,
        name="course_delete",
    ),
    # --- Annual analysis (part 4) ---
    path("<int:pk>/analysis/<int:year>/", views_analysis.analysis_page, name="analysis"),
    path("<int:pk>/analysis/<int:year>/review/", views_analysis.analysis_review, name="analysis_review"),
    path("<int:pk>/analysis/<int:year>/analysis.pdf", views_analysis.analysis_pdf, name="analysis_pdf"),
    path("<int:pk>/analysis/<int:year>/analysis.docx", views_analysis.analysis_docx, name="analysis_docx"),
]

# --- Part 3: meetings and minutes ---
from . import views_meetings  # noqa: E402

urlpatterns += [
    path("<int:pk>/meetings/new/", views_meetings.meeting_create, name="meeting_create"),
    path("<int:pk>/meetings/<int:mid>/", views_meetings.meeting_detail, name="meeting"),
    path("<int:pk>/meetings/<int:mid>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("<int:pk>/meetings/<int:mid>/delete/", views_meetings.meeting_delete, name="meeting_delete"),
    path("<int:pk>/meetings/<int:mid>/protocol/", views_meetings.protocol_edit, name="protocol_edit"),
    path("<int:pk>/meetings/<int:mid>/protocol.pdf", views_meetings.protocol_pdf, name="protocol_pdf"),
    path("<int:pk>/meetings/<int:mid>/protocol.docx", views_meetings.protocol_docx, name="protocol_docx"),
    path("<int:pk>/meetings/<int:mid>/files/", views_meetings.file_add, name="meeting_file_add"),
    path("<int:pk>/meetings/<int:mid>/files/<int:fid>/", views_meetings.file_download, name="meeting_file"),
    path(
        "<int:pk>/meetings/<int:mid>/files/<int:fid>/delete/",
        views_meetings.file_remove,
        name="meeting_file_remove",
    ),
    path("decisions/<int:did>/done/", views_meetings.decision_done, name="decision_done"),
]

# --- Part 2: the year's work plan (views_plan.py) ---
from . import views_plan  # noqa: E402

urlpatterns += [
    path("<int:pk>/plan/new/", views_plan.plan_create, name="plan_create"),
    path("<int:pk>/plan/<int:plan_pk>/details/", views_plan.plan_details, name="plan_details"),
    path("<int:pk>/plan/<int:plan_pk>/import/", views_plan.plan_import, name="plan_import"),
    path("<int:pk>/plan/<int:plan_pk>/copy/", views_plan.plan_copy, name="plan_copy"),
    path("<int:pk>/plan/<int:plan_pk>/approve/", views_plan.plan_approve, name="plan_approve"),
    path("<int:pk>/plan/<int:plan_pk>/plan.pdf", views_plan.plan_pdf, name="plan_pdf"),
]
