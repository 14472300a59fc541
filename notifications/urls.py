from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.notice_open, name="open"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("digests/<int:pk>/", views.digest, name="digest"),
    path("preferences/", views.preferences, name="preferences"),
    path("delivery-problems/", views.delivery_problems, name="delivery_problems"),
]
