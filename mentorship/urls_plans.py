from django.urls import path

from . import views_plans as views

app_name = "mentorship_plans"

urlpatterns = [
    path("", views.my_plans, name="mine"),
    path("all/", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/pdf/", views.plan_pdf, name="pdf"),
    path("<int:pk>/docx/", views.plan_docx, name="docx"),
    path("<int:pk>/items/new/", views.item_form, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/", views.item_form, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item_move"),
    path("<int:pk>/items/<int:item_pk>/mark/", views.item_mark, name="item_mark"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
    path("<int:pk>/evidence/<int:evidence_pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("<int:pk>/reports/<str:kind>/", views.report_save, name="report_save"),
    path("<int:pk>/report-files/<int:evidence_pk>/", views.report_evidence_file, name="report_evidence"),
    path("<int:pk>/reports/<int:report_pk>/review/", views.report_review, name="report_review"),
]
