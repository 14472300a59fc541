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
