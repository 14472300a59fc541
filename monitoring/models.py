"""Monitorings: indicator forms by academic year, campaigns, schools' submissions and their answers.

A form (MonitoringForm) has sections and indicators; an indicator's `code` stays the same in next
year's copy (`copied_from`), so results compare across years. A campaign asks an audience to fill a
form by a deadline; each organization's Submission goes through the review workflow of progress
(черновик → отправлен → принят / возвращён) and holds one Answer per indicator.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from progress.models import EvidenceBase, ReviewedSubmission, ReviewEventBase


class MonitoringForm(models.Model):
    """The indicators asked in one academic year («Мониторинг деятельности ШМО», 2024-2025)."""

    title = models.CharField("название", max_length=300)
    year = models.PositiveSmallIntegerField("учебный год (начало)", help_text="2024 для 2024-2025 уч. г.")
    copied_from = models.ForeignKey(
        "self",
        verbose_name="копия формы",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    personal_answers = models.BooleanField(
        "ответы личные",
        default=False,
        help_text="Директор видит только, сколько педагогов школы ответили; район — только итоги.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "форма мониторинга"
        verbose_name_plural = "формы мониторинга"
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year_label})"

    @property
    def year_label(self) -> str:
        return f"{self.year}-{self.year + 1}"


class Section(models.Model):
    """A group of indicators: the merged heading over their columns in the district's Excel."""

    form = models.ForeignKey(MonitoringForm, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField("порядок", default=0)
    title = models.CharField("название", max_length=500)

    class Meta:
        verbose_name = "раздел формы"
        verbose_name_plural = "разделы формы"
        ordering = ["form", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """One question of a form (показатель); `code` is kept across years."""

    class Kind(models.TextChoices):
        NUMBER_INT = "number_int", "целое число"
        NUMBER_DEC = "number_dec", "дробное число"
        SHARE = "share", "доля, % (вычисляется)"
        FORMULA = "formula", "вычисляется по формуле"
        YESNO = "yesno", "да/нет"
        CHOICE = "choice", "один из списка"
        MULTICHOICE = "multichoice", "несколько из списка"
        TEXT = "text", "текст"
        DATE = "date", "дата"
        LINK = "link", "ссылка"
        FILE = "file", "файл"

    class Aggregate(models.TextChoices):
        SUM = "sum", "сумма"
        MEAN = "mean", "среднее"
        SHARE_YES = "share_yes", "доля ответов «да»"
        FORMULA = "formula", "формула по итогам района"
        NONE = "none", "не подсчитывается"

    class Direction(models.TextChoices):
        AT_LEAST = "ge", "не менее"
        AT_MOST = "le", "не более"

    class Area(models.TextChoices):
        """Areas of a teacher's professional deficits (диагностика профессиональных дефицитов)."""

        SUBJECT = "subject", "предметные"
        METHODICAL = "methodical", "методические"
        PSYCHOLOGICAL = "psychological", "психолого-педагогические"
        DIGITAL = "digital", "цифровые"
        COMMUNICATIVE = "communicative", "коммуникативные"

    COMPUTED_KINDS = (Kind.SHARE, Kind.FORMULA)
    NUMBER_KINDS = (Kind.NUMBER_INT, Kind.NUMBER_DEC, Kind.SHARE, Kind.FORMULA)

    form = models.ForeignKey(MonitoringForm, on_delete=models.CASCADE, related_name="indicators")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    position = models.PositiveIntegerField("порядок", default=0)
    code = models.CharField(
        "код",
        max_length=40,
        validators=[RegexValidator(r"^[A-Za-z_][A-Za-z0-9_]*$", "Код: латинские буквы, цифры и «_».")],
    )
    name = models.CharField("показатель", max_length=500)
    kind = models.CharField("тип", max_length=16, choices=Kind.choices, default=Kind.NUMBER_INT)
    required = models.BooleanField("обязательный", default=False)
    help_text = models.TextField("подсказка", blank=True)
    min_value = models.DecimalField("не меньше", max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField("не больше", max_digits=14, decimal_places=4, null=True, blank=True)
    choices = models.JSONField("варианты", default=list, blank=True)
    formula = models.CharField("формула", max_length=500, blank=True, help_text="Например: a / b * 100")
    aggregate = models.CharField(
        "итог по району", max_length=16, choices=Aggregate.choices, default=Aggregate.SUM
    )
    target = models.DecimalField(
        "индикативное значение", max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_direction = models.CharField(
        "направление", max_length=2, choices=Direction.choices, default=Direction.AT_LEAST
    )
    area = models.CharField(
        "область профессиональных дефицитов", max_length=32, choices=Area.choices, blank=True
    )
    deficit_answers = models.JSONField(
        "ответы, означающие дефицит",
        default=list,
        blank=True,
        help_text='Например, ["да"] для «испытываю затруднения» или ["1", "2"] для шкалы.',
    )

    class Meta:
        verbose_name = "показатель"
        verbose_name_plural = "показатели"
        ordering = ["form", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="monitoring_indicator_code_unique"),
            models.CheckConstraint(
                condition=~Q(kind__in=["share", "formula"]) | ~Q(formula=""),
                name="monitoring_indicator_computed_has_formula",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_computed(self) -> bool:
        return self.kind in self.COMPUTED_KINDS

    def marks_deficit(self, value) -> bool:
        """Whether an answer shows a deficit in the indicator's area (none without an area).

        `deficit_answers` lists the answers that do (as text: «да»/«нет», an option, a number); a yes/no
        indicator with an area and no list counts «да» («испытываю затруднения»)."""
        if not self.area or value is None:
            return False
        marks = {str(m).strip().lower() for m in self.deficit_answers or []}
        if not marks and self.kind == self.Kind.YESNO:
            marks = {"да"}
        if isinstance(value, bool):
            return ("да" if value else "нет") in marks
        if isinstance(value, list):
            return any(str(v).strip().lower() in marks for v in value)
        if isinstance(value, float) and value == int(value):
            value = int(value)
        return str(value).strip().lower() in marks

    @property
    def full_name(self) -> str:
        """«Группа: показатель» under a section, else the name alone (set by the caller's select_related)."""
        section = self.section if self.section_id else None
        return f"{section.title}: {self.name}" if section else self.name


class Campaign(models.Model):
    """A request to fill a form: the audience, the dates, who in the office answers for it."""

    class Audience(models.TextChoices):
        SCHOOLS = "schools", "образовательные организации"
        TEACHERS = "teachers", "педагоги"

    class TeacherScope(models.TextChoices):
        ALL = "all", "все педагоги"
        YOUNG = "young", "только молодые специалисты"

    class Respondent(models.TextChoices):
        """Who answers a teachers' questionnaire (Submission.person is always the teacher it is about)."""

        SELF = "self", "сам педагог"
        DIRECTOR = "director", "руководитель организации о педагоге"
        MENTOR = "mentor", "наставник о молодом специалисте"

    class Status(models.TextChoices):
        DRAFT = "draft", "готовится"
        OPEN = "open", "идёт сбор"
        CLOSED = "closed", "завершена"

    form = models.ForeignKey(MonitoringForm, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField("название", max_length=300)
    audience = models.CharField(
        "кто заполняет", max_length=16, choices=Audience.choices, default=Audience.SCHOOLS
    )
    opens_on = models.DateField("начало", null=True, blank=True)
    deadline = models.DateField("срок", null=True, blank=True)
    responsible = models.ForeignKey(
        "directory.Person",
        verbose_name="ответственный",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_campaigns",
    )
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.DRAFT)
    # The audience as it was chosen (the submissions made at opening are the audience itself).
    organization_kinds = models.JSONField(
        "типы организаций", default=list, blank=True, help_text="Пусто — все типы организаций района."
    )
    organizations = models.ManyToManyField(
        "directory.Organization",
        verbose_name="выбранные организации",
        blank=True,
        related_name="monitoring_campaigns",
    )
    teacher_scope = models.CharField(
        "какие педагоги", max_length=16, choices=TeacherScope.choices, default=TeacherScope.ALL
    )
    respondent = models.CharField(
        "кто отвечает", max_length=16, choices=Respondent.choices, default=Respondent.SELF
    )
    # The roadmap item that ordered the campaign (a string reference: monitoring never imports roadmaps);
    # the row shows the campaign's progress through progress.links (monitoring/roadmap_links.py).
    roadmap_row = models.ForeignKey(
        "roadmaps.RoadmapRow",
        verbose_name="пункт дорожной карты",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "кампания мониторинга"
        verbose_name_plural = "кампании мониторинга"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def for_teachers(self) -> bool:
        return self.audience == self.Audience.TEACHERS

    @property
    def answered_by_self(self) -> bool:
        """A teacher answers their own questionnaire (not the director or the mentor about them)."""
        return self.respondent == self.Respondent.SELF


class Submission(ReviewedSubmission):
    """One organization's answers to a campaign, reviewed as progress reports are; or, in a campaign for
    teachers, one teacher's questionnaire (`person` set, `organization` the teacher's school).

    A questionnaire is final once sent («отправлено»): no review, the same workflow states."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="submissions")
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="monitoring_submissions",
    )
    person = models.ForeignKey(
        "directory.Person",
        verbose_name="педагог",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="monitoring_submissions",
    )

    # code -> the reviewer's comment on that indicator, written with a return (shown while returned)
    indicator_comments = models.JSONField("комментарии к показателям", default=dict, blank=True)

    text_stale = "Ответы уже изменил другой пользователь. Обновите страницу: ваши данные ниже."
    text_locked = "Ответы приняты и закрыты для изменений."
    text_waiting = "Ответы отправлены и ждут проверки методиста."
    text_return_needs_comment = "Напишите, что нужно исправить: организация увидит этот комментарий."
    text_reopen_needs_reason = "Укажите, почему принятые ответы открываются повторно."

    class Meta:
        verbose_name = "ответы организации"
        verbose_name_plural = "ответы организаций"
        ordering = ["campaign", "organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"],
                condition=Q(person__isnull=True),
                name="monitoring_submission_one_per_org",
            ),
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=Q(person__isnull=False),
                name="monitoring_submission_one_per_person",
            ),
        ]

    def __str__(self) -> str:
        if self.person_id:
            return f"{self.person} — {self.campaign}"
        return f"{self.organization} — {self.campaign}"

    @property
    def is_personal(self) -> bool:
        """A teacher's own questionnaire (not an organization's answers)."""
        return self.person_id is not None


class SubmissionEvent(ReviewEventBase):
    """History of a submission: every save, submission, review and reopening."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = "событие ответов"
        verbose_name_plural = "история ответов"


class SubmissionEvidence(EvidenceBase):
    """A file or a link attached to a submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("файл", upload_to="monitoring/%Y/%m/", blank=True)

    class Meta(EvidenceBase.Meta):
        verbose_name = "подтверждение"
        verbose_name_plural = "подтверждения"


class Answer(models.Model):
    """The value of one indicator in one submission (JSON: number, «да»/«нет» as bool, text, list)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField("значение", null=True, blank=True)
    note = models.TextField("примечание", blank=True)

    class Meta:
        verbose_name = "ответ"
        verbose_name_plural = "ответы"
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator"], name="monitoring_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} = {self.value!r}"
