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
        # Applications in the shared review workflow: notices and the reviewers' queue.
        from notifications.registry import register_notice_kind
        from progress import registry as review_registry

        from . import admission
        from .models import Application

        for key, label in admission.NOTICE_KINDS.items():
            register_notice_kind(key, label, email=True)
        review_registry.register(
            review_registry.ReviewKind(
                model=Application,
                label="Заявки на конкурсы",
                notice=admission.application_notice,
                queue=admission.application_queue,
            )
        )
        # The jury's оценочные листы: the reopening notice, reminders, «Мои задачи» (contests.sheets).
        from notifications.registry import register as register_due_source
        from notifications.task_sources import register_task_source

        from . import reminders, sheets

        for key, label in sheets.NOTICE_KINDS.items():
            register_notice_kind(key, label, email=True)
        register_due_source(reminders.ScoringDeadlineSource())
        register_due_source(reminders.ApplicationWindowSource())
        register_task_source(reminders.TASKS)
        # --- Results (contests.results): the order «Об итогах …» with the final summary as its appendix.
        from orders import registry as order_appendices

        from .order_appendix import ResultsAppendix

        order_appendices.register(ResultsAppendix())
