from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "associations"
    verbose_name = "Методические объединения"

    def ready(self):
        from directory.models import Role
        from directory.roles import RoleScope, register_role_scope

        from . import navigation
        from .models import Association

        def titles(ids):
            return dict(Association.objects.filter(pk__in=ids).values_list("pk", "name"))

        def organizations(ids):
            rows = Association.objects.filter(pk__in=ids).values_list("pk", "organization_id", "kind")
            return {pk: (org, kind == Association.Kind.SCHOOL) for pk, org, kind in rows}

        def choices():
            return list(Association.objects.order_by("name").values_list("pk", "name"))

        register_role_scope(
            RoleScope(
                kind=Role.Kind.ASSOCIATION_HEAD,
                noun="объединение",
                titles=titles,
                organizations=organizations,
                choices=choices,
            )
        )
        navigation.register()
        # A contest of ШМО/РМО offers the associations as teams (contests asks directory.person_facts).
        from directory.person_facts import register_teams

        from .teams import teams

        register_teams(teams)

        # --- Part 3: decisions of meetings are reminded and listed in «Мои задачи» ---
        from notifications.registry import register as register_due_source
        from notifications.task_sources import register_task_source

        from .reminders import TASKS, DecisionSource

        register_due_source(DecisionSource())
        register_task_source(TASKS)
        # --- Annual analysis (part 4) ---
        from notifications.registry import register_notice_kind
        from progress import registry as review_registry

        from . import analysis_review
        from .models import AnnualAnalysis

        for key, label in analysis_review.NOTICE_KINDS.items():
            register_notice_kind(key, label, email=True)
        review_registry.register(
            review_registry.ReviewKind(
                model=AnnualAnalysis,
                label="Анализ работы МО",
                notice=analysis_review.analysis_notice,
                queue=analysis_review.analysis_queue,
            )
        )
        from . import plans

        plans.register()  # Part 2: the plan is a roadmap these owners answer for (roadmaps/owners.py)
        # A monitoring's «заседаний ШМО проведено за учебный год» is prefilled from the journal of meetings.
        from directory.facts import register_org_fact, words

        from .selectors_meetings import held_by_school

        register_org_fact(
            "shmo_meetings_held",
            "В журнале заседаний ШМО",
            words("заседан", "провед", exclude=("рмо", "гмо", "план")),
            held_by_school,
            source="из журнала заседаний ШМО",
        )
