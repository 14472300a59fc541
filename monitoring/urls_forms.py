"""«Формы мониторинга» (views_forms), included under /monitoring/forms/ in the "monitoring" namespace."""

from django.urls import path

from . import views_forms as views

urlpatterns = [
    path("", views.form_list, name="form_list"),
    path("new/", views.form_create, name="form_create"),
    path("<int:pk>/", views.form_detail, name="form_detail"),
    path("<int:pk>/copy/", views.form_copy, name="form_copy"),
    path("<int:pk>/sections/new/", views.section_edit, name="section_create"),
    path("<int:pk>/sections/<int:section_pk>/", views.section_edit, name="section_edit"),
    path("<int:pk>/sections/<int:section_pk>/delete/", views.section_delete, name="section_delete"),
    path("<int:pk>/sections/<int:section_pk>/move/<str:direction>/", views.section_move, name="section_move"),
    path("<int:pk>/indicators/new/", views.indicator_edit, name="indicator_create"),
    path("<int:pk>/indicators/<int:indicator_pk>/", views.indicator_edit, name="indicator_edit"),
    path("<int:pk>/indicators/<int:indicator_pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/move/<str:direction>/",
        views.indicator_move,
        name="indicator_move",
    ),
]
