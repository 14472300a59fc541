"""The directory moves out of `associations` into its own app, keeping its tables.

State only: Organization, Subject, Person, Role and DirectoryImport are the same tables
(`associations_*`), now owned by `directory`. Their content types move along, so permissions and
admin history stay attached. A database made before the move upgrades with `migrate` unchanged.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ["organization", "subject", "person", "role", "directoryimport"]


def move_content_types(apps, schema_editor, *, source="associations", target="directory"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    # A content type made for the target earlier (by a partial run) would clash with the rename.
    ContentType.objects.using(db).filter(app_label=target, model__in=MOVED).delete()
    ContentType.objects.using(db).filter(app_label=source, model__in=MOVED).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="directory", target="associations")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("associations", "0002_initial"),
        ("contests", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Organization",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "name",
                            models.CharField(max_length=500, unique=True, verbose_name="полное наименование"),
                        ),
                        (
                            "short_name",
                            models.CharField(
                                max_length=200, unique=True, verbose_name="краткое наименование"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("education_office", "Управление образования"),
                                    ("method_office", "Методический кабинет"),
                                    ("school", "Школа"),
                                    ("kindergarten", "Детский сад"),
                                    ("additional", "Организация дополнительного образования"),
                                    ("other", "Другая образовательная организация"),
                                ],
                                default="school",
                                max_length=32,
                                verbose_name="тип",
                            ),
                        ),
                        ("address", models.CharField(blank=True, max_length=500, verbose_name="адрес")),
                        ("phone", models.CharField(blank=True, max_length=100, verbose_name="телефон")),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="электронная почта"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "verbose_name": "организация",
                        "verbose_name_plural": "организации",
                        "db_table": "associations_organization",
                        "ordering": ["kind", "short_name"],
                    },
                ),
                migrations.CreateModel(
                    name="Subject",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200, unique=True, verbose_name="предмет")),
                    ],
                    options={
                        "verbose_name": "предмет",
                        "verbose_name_plural": "предметы",
                        "db_table": "associations_subject",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="DirectoryImport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="загружен")),
                        ("file_name", models.CharField(max_length=255, verbose_name="файл")),
                        ("payload", models.JSONField(default=dict, verbose_name="разобранные строки")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "ожидает подтверждения"),
                                    ("applied", "загружен"),
                                    ("cancelled", "отменён"),
                                ],
                                default="pending",
                                max_length=16,
                                verbose_name="статус",
                            ),
                        ),
                        ("applied_at", models.DateTimeField(blank=True, null=True, verbose_name="применён")),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="загрузил",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "импорт справочника",
                        "verbose_name_plural": "импорты справочника",
                        "db_table": "associations_directoryimport",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Person",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("last_name", models.CharField(max_length=100, verbose_name="фамилия")),
                        ("first_name", models.CharField(max_length=100, verbose_name="имя")),
                        ("patronymic", models.CharField(blank=True, max_length=100, verbose_name="отчество")),
                        ("position", models.CharField(max_length=200, verbose_name="должность")),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("none", "без категории"),
                                    ("position", "соответствие занимаемой должности"),
                                    ("first", "первая"),
                                    ("highest", "высшая"),
                                    ("methodist", "педагог-методист"),
                                    ("mentor", "педагог-наставник"),
                                ],
                                default="none",
                                max_length=32,
                                verbose_name="квалификационная категория",
                            ),
                        ),
                        (
                            "teaching_since",
                            models.DateField(
                                blank=True,
                                help_text="Дата начала педагогической деятельности; по ней определяется молодой специалист.",
                                null=True,
                                verbose_name="начало педагогической деятельности",
                            ),
                        ),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="электронная почта"),
                        ),
                        ("phone", models.CharField(blank=True, max_length=100, verbose_name="телефон")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="staff",
                                to="directory.organization",
                                verbose_name="организация",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="person",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="учётная запись",
                            ),
                        ),
                        (
                            "subjects",
                            models.ManyToManyField(
                                blank=True, to="directory.subject", verbose_name="преподаваемые предметы"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "сотрудник",
                        "verbose_name_plural": "сотрудники",
                        "db_table": "associations_person",
                        "ordering": ["last_name", "first_name", "patronymic"],
                    },
                ),
                migrations.AddField(
                    model_name="organization",
                    name="head",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="headed_organizations",
                        to="directory.person",
                        verbose_name="руководитель",
                    ),
                ),
                migrations.CreateModel(
                    name="Role",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("methodist", "Методист"),
                                    ("administrator", "Администратор (начальник управления)"),
                                    ("director", "Руководитель ОО"),
                                    ("association_head", "Руководитель МО"),
                                    ("jury", "Член жюри"),
                                    ("teacher", "Педагог"),
                                ],
                                max_length=32,
                                verbose_name="роль",
                            ),
                        ),
                        (
                            "association",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to="associations.association",
                                verbose_name="объединение",
                            ),
                        ),
                        (
                            "contest",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to="contests.contest",
                                verbose_name="конкурс",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to="directory.organization",
                                verbose_name="организация",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="пользователь",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "роль",
                        "verbose_name_plural": "роли",
                        "db_table": "associations_role",
                        "ordering": ["user", "kind"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("association__isnull", True),
                                        ("contest__isnull", True),
                                        ("kind__in", ["methodist", "administrator", "teacher"]),
                                        ("organization__isnull", True),
                                    ),
                                    models.Q(
                                        ("association__isnull", True),
                                        ("contest__isnull", True),
                                        ("kind", "director"),
                                        ("organization__isnull", False),
                                    ),
                                    models.Q(
                                        ("association__isnull", False),
                                        ("contest__isnull", True),
                                        ("kind", "association_head"),
                                        ("organization__isnull", True),
                                    ),
                                    models.Q(
                                        ("association__isnull", True),
                                        ("contest__isnull", False),
                                        ("kind", "jury"),
                                        ("organization__isnull", True),
                                    ),
                                    _connector="OR",
                                ),
                                name="role_scope_matches_kind",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("kind__in", ["methodist", "administrator", "teacher"])),
                                fields=("user", "kind"),
                                name="role_unique_unscoped",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("kind", "director")),
                                fields=("user", "organization"),
                                name="role_unique_director",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("kind", "association_head")),
                                fields=("user", "association"),
                                name="role_unique_association_head",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("kind", "jury")),
                                fields=("user", "contest"),
                                name="role_unique_jury",
                            ),
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="person",
                    constraint=models.UniqueConstraint(
                        fields=("organization", "last_name", "first_name", "patronymic"),
                        name="person_unique_name_in_organization",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
