from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = "Мониторинги"

    def ready(self):
        from notifications.registry import register_notice_kind
        from progress import registry as review_registry

        from . import navigation, services
        from .models import Submission

        for key, label in services.NOTICE_KINDS.items():
            register_notice_kind(key, label, email=True)
        review_registry.register(
            review_registry.ReviewKind(
                model=Submission,
                label="Мониторинги",
                notice=services.submission_notice,
                queue=services.submission_queue,
            )
        )
        navigation.register()
        # --- mon-results: campaign deadlines as a reminder source, the roll call's notice kind ---
        from notifications.registry import register, register_notice_kind

        from .reminders import CampaignDeadlineSource, QuestionnaireDeadlineSource
        from .rollcall import REMINDER_KIND, REMINDER_LABEL

        register(CampaignDeadlineSource())
        register(QuestionnaireDeadlineSource())  # mon-remind: teachers' questionnaires
        register_notice_kind(REMINDER_KIND, REMINDER_LABEL, email=True)
        # --- end mon-results ---
        # --- mon-teachers: a teacher's deficits for other apps (mentorship) through the directory ---
        from directory.person_facts import register_deficits

        from .deficits import deficits_of

        register_deficits(deficits_of)
        # --- end mon-teachers ---
        # --- mon-forms: a campaign's progress on the roadmap item that ordered it ---
        from progress.links import register_row_work

        from .roadmap_links import campaigns_of_rows

        register_row_work(campaigns_of_rows)
        # --- end mon-forms ---
        # --- coverage: the adaptation surveys of young specialists, for mentorship's coverage page ---
        from directory.person_facts import register_survey_results

        from .adaptation import new_survey_url, survey_results_of

        register_survey_results(survey_results_of, new_url=new_survey_url)
        # --- end coverage ---
