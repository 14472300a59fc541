"""The district's people and places and the users' roles: the ground floor every app stands on."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


def young_specialist_since(today: dt.date | None = None) -> dt.date:
    """The earliest teaching start date that still counts as a young specialist on `today`."""
    today = today or timezone.localdate()
    years = settings.YOUNG_SPECIALIST_YEARS
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def normalize_personal_number(value: str) -> str:
    """How a personal number is stored and compared: no spaces or dashes, upper case.

    «123-456-789 01» and «12345678901» are one number.
    """
    return re.sub(r"[\s\-\u2010-\u2015]", "", value or "").upper()


class Organization(models.Model):
    class Kind(models.TextChoices):
        EDUCATION_OFFICE = "education_office", "Управление образования"
        METHOD_OFFICE = "method_office", "Методический кабинет"
        SCHOOL = "school", "Школа"
        KINDERGARTEN = "kindergarten", "Детский сад"
        ADDITIONAL = "additional", "Организация дополнительного образования"
        OTHER = "other", "Другая образовательная организация"

    #: Kinds that form the district administration (staff of these see the whole district).
    DISTRICT_KINDS = (Kind.EDUCATION_OFFICE, Kind.METHOD_OFFICE)

    name = models.CharField("полное наименование", max_length=500, unique=True)
    short_name = models.CharField("краткое наименование", max_length=200, unique=True)
    kind = models.CharField("тип", max_length=32, choices=Kind.choices, default=Kind.SCHOOL)
    address = models.CharField("адрес", max_length=500, blank=True)
    phone = models.CharField("телефон", max_length=100, blank=True)
    email = models.EmailField("электронная почта", blank=True)
    head = models.ForeignKey(
        "Person",
        verbose_name="руководитель",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_organizations",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "associations_organization"
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["kind", "short_name"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("directory:organization_detail", args=[self.pk])

    @property
    def is_district_body(self) -> bool:
        return self.kind in self.DISTRICT_KINDS


class Subject(models.Model):
    name = models.CharField("предмет", max_length=200, unique=True)

    class Meta:
        db_table = "associations_subject"
        verbose_name = "предмет"
        verbose_name_plural = "предметы"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet):
    def young_specialists(self, today: dt.date | None = None) -> PersonQuerySet:
        return self.filter(teaching_since__gt=young_specialist_since(today))


class Person(models.Model):
    class Category(models.TextChoices):
        NONE = "none", "без категории"
        POSITION = "position", "соответствие занимаемой должности"
        FIRST = "first", "первая"
        HIGHEST = "highest", "высшая"
        METHODIST = "methodist", "педагог-методист"
        MENTOR = "mentor", "педагог-наставник"

    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    patronymic = models.CharField("отчество", max_length=100, blank=True)
    position = models.CharField("должность", max_length=200)
    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="staff"
    )
    subjects = models.ManyToManyField(Subject, verbose_name="преподаваемые предметы", blank=True)
    category = models.CharField(
        "квалификационная категория", max_length=32, choices=Category.choices, default=Category.NONE
    )
    teaching_since = models.DateField(
        "начало педагогической деятельности",
        null=True,
        blank=True,
        help_text="Дата начала педагогической деятельности; по ней определяется молодой специалист.",
    )
    category_date = models.DateField(
        "дата присвоения категории",
        null=True,
        blank=True,
        help_text="Дата приказа о присвоении квалификационной категории.",
    )
    attestation_planned_year = models.PositiveSmallIntegerField(
        "планируемая аттестация (год)", null=True, blank=True
    )
    email = models.EmailField("электронная почта", blank=True)
    phone = models.CharField("телефон", max_length=100, blank=True)
    personal_number = models.CharField(
        "табельный номер",
        max_length=50,
        blank=True,
        help_text="Номер, который не повторяется в районе и не меняется при переходе в другую школу "
        "(например, табельный номер централизованной бухгалтерии или СНИЛС). По нему повторная загрузка "
        "из Excel находит сотрудника.",
    )
    education_institution = models.CharField(
        "образование: учебное заведение",
        max_length=300,
        blank=True,
        help_text="Что окончил(а): «КубГУ, филологический факультет».",
    )
    education_year = models.PositiveSmallIntegerField("год окончания", null=True, blank=True)
    birth_date = models.DateField(
        "дата рождения",
        null=True,
        blank=True,
        help_text="Помогает отличить однофамильцев и найти дубликаты карточек.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="учётная запись",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        db_table = "associations_person"
        verbose_name = "сотрудник"
        verbose_name_plural = "сотрудники"
        ordering = ["last_name", "first_name", "patronymic"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "last_name", "first_name", "patronymic"],
                name="person_unique_name_in_organization",
            ),
            models.UniqueConstraint(
                fields=["personal_number"],
                condition=~Q(personal_number=""),
                name="person_unique_personal_number",
                violation_error_message="Сотрудник с таким табельным номером уже есть в справочнике.",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.personal_number = normalize_personal_number(self.personal_number)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:person_detail", args=[self.pk])

    def clean(self):
        self.personal_number = normalize_personal_number(self.personal_number)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        """«Иванова А.П.» — the form used in roadmaps."""
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()

    @property
    def signature_name(self) -> str:
        """«А.П. Иванова» — initials before the surname, as in a signature block."""
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{initials}\u00a0{self.last_name}" if initials else self.last_name

    def is_young_specialist(self, today: dt.date | None = None) -> bool:
        return self.teaching_since is not None and self.teaching_since > young_specialist_since(today)


class ProfessionalCourse(models.Model):
    """A professional development course (курсы повышения квалификации) a person took.

    Kept with the person, not with an association: the «Состав МО» table, the annual analysis and the
    monitoring read the same record.
    """

    person = models.ForeignKey(
        Person, verbose_name="сотрудник", on_delete=models.CASCADE, related_name="courses"
    )
    topic = models.CharField("тема курсов", max_length=500)
    provider = models.CharField("где проходил(а)", max_length=300, blank=True)
    hours = models.PositiveSmallIntegerField("часов", null=True, blank=True)
    year = models.PositiveSmallIntegerField("год")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "курсы повышения квалификации"
        verbose_name_plural = "курсы повышения квалификации"
        ordering = ["-year", "topic"]

    def __str__(self) -> str:
        hours = f", {self.hours} ч." if self.hours else ""
        return f"{self.topic} ({self.provider or 'организатор не указан'}{hours}, {self.year})"


class SelfEducationTopic(models.Model):
    """A person's тема самообразования for one academic year (2026 stands for 2026-2027).

    The person's, not the association's: a teacher in a ШМО and a РМО works on one theme, and the
    analysis and monitoring read it without knowing the associations.
    """

    person = models.ForeignKey(
        Person, verbose_name="сотрудник", on_delete=models.CASCADE, related_name="self_education_topics"
    )
    year = models.PositiveSmallIntegerField("учебный год (год начала)")
    topic = models.CharField("тема самообразования", max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "тема самообразования"
        verbose_name_plural = "темы самообразования"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="self_education_one_per_year"),
        ]

    def __str__(self) -> str:
        return self.topic


class Role(models.Model):
    """One role of a user, with its scope: the district, a school, an association, a contest, oneself."""

    class Kind(models.TextChoices):
        METHODIST = "methodist", "Методист"
        ADMINISTRATOR = "administrator", "Администратор (начальник управления)"
        DIRECTOR = "director", "Руководитель ОО"
        ASSOCIATION_HEAD = "association_head", "Руководитель МО"
        JURY = "jury", "Член жюри"
        TEACHER = "teacher", "Педагог"

    #: Roles that see the whole district.
    DISTRICT_WIDE = (Kind.METHODIST, Kind.ADMINISTRATOR)
    #: Roles scoped to an object of a feature app (an association, a contest) by `scope_id`; the app
    #: that owns the object tells the directory about it through `directory.roles`.
    SCOPED_KINDS = (Kind.ASSOCIATION_HEAD, Kind.JURY)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="пользователь", on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField("роль", max_length=32, choices=Kind.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
    )
    scope_id = models.PositiveBigIntegerField(
        "объект роли",
        null=True,
        blank=True,
        help_text="Объединение для руководителя МО, конкурс для члена жюри (см. directory.roles).",
    )

    class Meta:
        db_table = "associations_role"
        verbose_name = "роль"
        verbose_name_plural = "роли"
        ordering = ["user", "kind"]
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_kind",
                condition=(
                    Q(
                        kind__in=["methodist", "administrator", "teacher"],
                        organization__isnull=True,
                        scope_id__isnull=True,
                    )
                    | Q(kind="director", organization__isnull=False, scope_id__isnull=True)
                    | Q(
                        kind__in=["association_head", "jury"],
                        organization__isnull=True,
                        scope_id__isnull=False,
                    )
                ),
            ),
            # One role per scope: partial constraints, because NULLs are distinct in a plain one.
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(kind__in=["methodist", "administrator", "teacher"]),
                name="role_unique_unscoped",
            ),
            models.UniqueConstraint(
                fields=["user", "organization"], condition=Q(kind="director"), name="role_unique_director"
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "scope_id"],
                condition=Q(kind__in=["association_head", "jury"]),
                name="role_unique_scoped",
            ),
        ]

    def __str__(self) -> str:
        if self.organization_id:
            return f"{self.get_kind_display()}: {self.organization}"
        if self.scope_id:
            return f"{self.get_kind_display()}: {self.scope_title}"
        return self.get_kind_display()

    @property
    def scope_title(self) -> str:
        """The title of the association or contest the role is scoped to (one query; see roles)."""
        from .roles import scope_titles

        return scope_titles(self.kind, [self.scope_id]).get(self.scope_id, "") if self.scope_id else ""


class DirectoryImport(models.Model):
    """An uploaded XLSX of schools and staff, parsed and waiting for the user's confirmation.

    Nothing reaches Organization/Person until the user confirms the preview; then everything is
    written in one transaction, or nothing is.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "ожидает подтверждения"
        APPLIED = "applied", "загружен"
        CANCELLED = "cancelled", "отменён"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="загрузил", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("загружен", auto_now_add=True)
    file_name = models.CharField("файл", max_length=255)
    payload = models.JSONField("разобранные строки", default=dict)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.PENDING)
    applied_at = models.DateTimeField("применён", null=True, blank=True)

    class Meta:
        db_table = "associations_directoryimport"
        verbose_name = "импорт справочника"
        verbose_name_plural = "импорты справочника"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class Invitation(models.Model):
    """A one-time link for a new login to set its own password. Only the token's hash is stored."""

    # None: a login with no directory card yet (the first administrator made by setup_district).
    person = models.ForeignKey(
        Person,
        verbose_name="сотрудник",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="учётная запись",
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField("адрес")
    token_hash = models.CharField("хеш ссылки", max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="пригласил",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("отправлено", auto_now_add=True)
    expires_at = models.DateTimeField("действует до")
    used_at = models.DateTimeField("использовано", null=True, blank=True)

    class Meta:
        verbose_name = "приглашение"
        verbose_name_plural = "приглашения"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.person or self.user} ({self.email})"

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at


class AccountEvent(models.Model):
    """One change of someone's access: a login given, an invitation, a role, a deactivation."""

    class Action(models.TextChoices):
        LOGIN_CREATED = "login_created", "выдан доступ"
        INVITATION_SENT = "invitation_sent", "отправлено приглашение"
        INVITATION_RESENT = "invitation_resent", "приглашение отправлено повторно"
        INVITATION_USED = "invitation_used", "приглашение использовано, пароль задан"
        ROLE_GRANTED = "role_granted", "назначена роль"
        ROLE_WITHDRAWN = "role_withdrawn", "снята роль"
        DEACTIVATED = "deactivated", "доступ отключён"
        REACTIVATED = "reactivated", "доступ включён"

    person = models.ForeignKey(
        Person,
        verbose_name="сотрудник",
        null=True,
        on_delete=models.SET_NULL,
        related_name="account_events",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="учётная запись",
        null=True,
        on_delete=models.SET_NULL,
        related_name="account_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("действие", max_length=32, choices=Action.choices)
    detail = models.CharField("подробности", max_length=500, blank=True)
    created_at = models.DateTimeField("когда", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "событие доступа"
        verbose_name_plural = "история доступа"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.get_action_display()} {self.detail}".strip()
