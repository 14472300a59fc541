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
