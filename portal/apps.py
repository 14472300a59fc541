from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top layer: the start page, the navigation bar and the demo district. Names apps; none names it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "Портал"

    def ready(self):
        from core.navigation import NavEntry, register_nav_entry

        register_nav_entry(NavEntry(name="home", label="Главная", url_name="home", order=0))
