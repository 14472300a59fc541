"""Excel in the browser (summary import, blank form, file indicators); included under /monitoring/ with
the namespace «monitoring_excel»."""

from django.urls import path

from . import views_excel as views

app_name = "monitoring_excel"

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/preview/", views.import_preview, name="import_preview"),
    path("submissions/<int:pk>/blank.xlsx", views.blank_download, name="blank"),
    path("submissions/<int:pk>/blank/upload/", views.blank_upload, name="blank_upload"),
    path("submissions/<int:pk>/files/<str:code>/", views.file_upload, name="file_upload"),
    path("submissions/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence"),
]
