from django.apps import AppConfig


class ContestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contests"
    verbose_name = "Конкурсы"

    def ready(self):
        from django.urls import reverse

        from directory.models import Role
        from directory.roles import RoleScope, register_role_scope

        from . import navigation
        from .models import Contest

        def titles(ids):
            return {contest.pk: str(contest) for contest in Contest.objects.filter(pk__in=ids)}

        def choices():
            return [(contest.pk, str(contest)) for contest in Contest.objects.all()]

        register_role_scope(
            RoleScope(
                kind=Role.Kind.JURY,
                noun="конкурс",
                titles=titles,
                choices=choices,
                url=lambda pk: reverse("contests:detail", args=[pk]),
            )
        )
        navigation.register()
        # The contests people entered, for other apps (mentorship's bank of young specialists).
        from directory.person_facts import register_contest_entries

        from .selectors import contest_entries

        register_contest_entries(contest_entries)
