"""Results and roll call of a campaign; included under /monitoring/ with the namespace
«monitoring_results»."""

from django.urls import path

from . import views_results as views

app_name = "monitoring_results"

urlpatterns = [
    path("campaigns/<int:pk>/results/", views.results_page, name="results"),
    path("campaigns/<int:pk>/results/xlsx/", views.results_xlsx, name="xlsx"),
    path("campaigns/<int:pk>/results/<str:code>/", views.indicator_page, name="indicator"),
    path("campaigns/<int:pk>/rollcall/", views.rollcall_page, name="rollcall"),
    path("campaigns/<int:pk>/rollcall/remind/", views.rollcall_remind, name="remind"),
]
