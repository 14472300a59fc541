"""A scoped role keeps the id of its association or contest in `scope_id`.

The directory must not point at feature apps' tables: `Role.association` and `Role.contest` become
one `scope_id`, resolved by the owning app through `directory.roles`. Values are copied before the
old columns go.
"""

from django.conf import settings
from django.db import migrations, models


def copy_scope(apps, schema_editor):
    Role = apps.get_model("directory", "Role")
    db = schema_editor.connection.alias
    for kind, column in (("association_head", "association_id"), ("jury", "contest_id")):
        for role in Role.objects.using(db).filter(kind=kind).only("pk", column):
            Role.objects.using(db).filter(pk=role.pk).update(scope_id=getattr(role, column))


def copy_scope_back(apps, schema_editor):
    Role = apps.get_model("directory", "Role")
    db = schema_editor.connection.alias
    for kind, column in (("association_head", "association_id"), ("jury", "contest_id")):
        for role in Role.objects.using(db).filter(kind=kind).only("pk", "scope_id"):
            Role.objects.using(db).filter(pk=role.pk).update(**{column: role.scope_id})


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="role", name="role_scope_matches_kind"),
        migrations.RemoveConstraint(model_name="role", name="role_unique_association_head"),
        migrations.RemoveConstraint(model_name="role", name="role_unique_jury"),
        migrations.AddField(
            model_name="role",
            name="scope_id",
            field=models.PositiveBigIntegerField(
                blank=True,
                help_text="Объединение для руководителя МО, конкурс для члена жюри (см. directory.roles).",
                null=True,
                verbose_name="объект роли",
            ),
        ),
        migrations.RunPython(copy_scope, copy_scope_back),
        migrations.RemoveField(model_name="role", name="association"),
        migrations.RemoveField(model_name="role", name="contest"),
        migrations.AddConstraint(
            model_name="role",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("kind__in", ["methodist", "administrator", "teacher"]),
                        ("organization__isnull", True),
                        ("scope_id__isnull", True),
                    ),
                    models.Q(("kind", "director"), ("organization__isnull", False), ("scope_id__isnull", True)),
                    models.Q(
                        ("kind__in", ["association_head", "jury"]),
                        ("organization__isnull", True),
                        ("scope_id__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="role_scope_matches_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="role",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind__in", ["association_head", "jury"])),
                fields=("user", "kind", "scope_id"),
                name="role_unique_scoped",
            ),
        ),
    ]
