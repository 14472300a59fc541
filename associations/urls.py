from django.urls import path

from . import views

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
