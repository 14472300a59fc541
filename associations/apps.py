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
        from . import plans

        plans.register()  # Part 2: the plan is a roadmap these owners answer for (roadmaps/owners.py)
