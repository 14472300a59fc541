from django.urls import include, path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/autosave/", views.submission_autosave, name="submission_autosave"),
    path("submissions/<int:pk>/review/<str:action>/", views.submission_review, name="submission_review"),
    path("forms/", include("monitoring.urls_forms")),
]
