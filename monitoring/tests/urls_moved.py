"""The site's URLs with the campaign pages moved (/sbor/…): a link built by hand would miss them."""

from django.urls import include, path

from config.urls import urlpatterns as site

urlpatterns = [
    path("sbor/", include("monitoring.urls")),
    *(p for p in site if getattr(p, "namespace", None) != "monitoring"),
]
