from django.urls import path

from . import account_views, views

app_name = "directory"

urlpatterns = [
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/add/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.organization_update, name="organization_update"),
    path("people/", views.person_list, name="person_list"),
    path("people/add/", views.person_create, name="person_create"),
    path("people/duplicates/", views.person_duplicates, name="person_duplicates"),
    path("people/duplicates/merge/", views.person_merge, name="person_merge"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_update, name="person_update"),
    # Accounts managed on the person's card (directory/accounts.py).
    path("people/<int:pk>/invite/", account_views.person_invite, name="person_invite"),
    path("people/<int:pk>/roles/grant/", account_views.person_role_grant, name="person_role_grant"),
    path(
        "people/<int:pk>/roles/<int:role_pk>/withdraw/",
        account_views.person_role_withdraw,
        name="person_role_withdraw",
    ),
    path("people/<int:pk>/deactivate/", account_views.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/reactivate/", account_views.person_reactivate, name="person_reactivate"),
    path("heads/invite/", account_views.heads_invite, name="heads_invite"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
]
