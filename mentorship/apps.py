from django.apps import AppConfig


class MentorshipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mentorship"
    verbose_name = "Наставничество"

    def ready(self):
        from . import navigation

        navigation.register()
        # The mentors of a mentee, for apps that remind or show «the mentor's» things (when the directory
        # offers the registry; otherwise the integrator wires selectors.mentor_users_of).
        from directory import person_facts

        register = getattr(person_facts, "register_mentors", None)
        if register is not None:
            from .selectors import mentor_users_of

            register(mentor_users_of)
