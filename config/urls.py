from django.contrib import admin
from django.urls import include, path

from portal import views as portal_views

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("accounts/", include("directory.account_urls")),
    path("directory/", include("directory.urls")),
    path("roadmaps/", include("roadmaps.urls")),
    path("notifications/", include("notifications.urls")),
    path("orders/", include("orders.urls")),
    path("associations/", include("associations.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("monitoring/", include("monitoring.urls_results")),
    path("monitoring/", include("monitoring.urls_excel")),
    path("mentorship/plans/", include("mentorship.urls_plans")),
    path("mentorship/", include("mentorship.urls")),
    path("contests/", include("contests.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "directory.views.error_400"
handler403 = "directory.views.error_403"
handler404 = "directory.views.error_404"
handler500 = "directory.views.error_500"

# Uploaded files (report evidence, archived orders) are never served directly from MEDIA_ROOT:
# each download goes through a view that checks the user's access to the object.
