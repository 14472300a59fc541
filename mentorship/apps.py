from django.apps import AppConfig


class MentorshipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mentorship"
    verbose_name = "Наставничество"

    def ready(self):
        from . import navigation

        navigation.register()
        # The mentors of a mentee, for other apps (monitoring's «анкета наставника», plans' access):
        # through the directory's registry, so that nobody imports mentorship.
        from directory.person_facts import register_mentors

        from .selectors import mentor_users_of

        register_mentors(mentor_users_of)
        # The order «О закреплении наставнических пар (групп)»: the list of pairs as its appendix.
        from orders import registry as order_appendices

        from .order_appendix import PairsAppendix

        order_appendices.register(PairsAppendix())
        from notifications.registry import register_notice_kind as register_notice

        from .order_services import NOTICE_KIND

        register_notice(NOTICE_KIND, "проект приказа о закреплении наставнических пар", email=True)
        # --- Individual plans (ИОМ): navigation, reminders, «Мои задачи», the reports' review kind ---
        from notifications.registry import register as register_due_source
        from notifications.registry import register_notice_kind
        from notifications.task_sources import register_task_source
        from progress import registry as review_registry

        from . import navigation_plans, plan_reports
        from .models import PlanReport
        from .reminders_plans import TASKS, PlanItemSource

        navigation_plans.register()
        register_due_source(PlanItemSource())
        register_task_source(TASKS)
        for key, label in plan_reports.NOTICE_KINDS.items():
            register_notice_kind(key, label, email=True)
        review_registry.register(
            review_registry.ReviewKind(
                model=PlanReport,
                label="Отчёты по индивидуальным маршрутам",
                notice=plan_reports.report_notice,
                queue=plan_reports.report_queue,
            )
        )
        # --- end Individual plans (ИОМ) ---
