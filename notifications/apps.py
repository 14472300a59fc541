from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = "Уведомления"

    def ready(self):
        from core.navigation import USER, NavEntry, register_nav_entry
        from directory.mail import register_mail_sender

        from .registry import register_notice_kind
        from .services import email_enqueue

        # Account letters of the directory (password reset) go through the outgoing queue.
        register_mail_sender(email_enqueue)

        # The reminder digest is e-mailed by the scan itself (one letter a day), not by notify().
        register_notice_kind("reminder", "напоминание о сроке", email=False)
        register_notice_kind("other", "прочее")
        register_nav_entry(
            NavEntry(
                name="preferences",
                label="Напоминания о сроках",
                url_name="notifications:preferences",
                order=10,
                menu=USER,
            )
        )
        register_nav_entry(
            NavEntry(
                name="delivery_problems",
                label="Проблемы доставки писем",
                url_name="notifications:delivery_problems",
                visible=lambda scope: scope.district_wide,
                order=20,
                menu=USER,
            )
        )
