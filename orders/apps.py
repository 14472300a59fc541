from django.apps import AppConfig


class OrdersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orders"
    verbose_name = "Приказы"

    def ready(self):
        from core.navigation import NavEntry, register_nav_entry
        from notifications.registry import register_notice_kind

        from . import navigation

        register_notice_kind("order_review", "проект приказа на согласовании")
        register_notice_kind("order_rejected", "проект приказа возвращён")

        register_nav_entry(
            NavEntry(
                name="orders",
                label="Приказы",
                url_name="orders:journal",
                # a director: the school's own orders (mentor pairs) and the district drafts they prepared
                visible=lambda scope: scope.district_wide or bool(scope.school_ids),
                order=40,
            )
        )
        navigation.register()
