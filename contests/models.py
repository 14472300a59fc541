"""Professional contests: the contest and its положение settings, nominations, rounds with criteria,
applications (the progress review workflow plus «отклонена»), the jury, score sheets and scores,
conflict-of-interest exclusions, round results and tie decisions.

The rules of scoring are pure (contests.scoring); documents and diplomas come from their own modules.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from directory.models import Organization, Person
from progress import workflow
from progress.models import EvidenceBase, ReviewedSubmission, ReviewEventBase

USER = settings.AUTH_USER_MODEL


class Contest(models.Model):
    class Kind(models.TextChoices):
        TEACHER_OF_YEAR = "teacher_of_year", "«Учитель года»"
        DEBUT = "debut", "«Педагогический дебют»"
        HEART = "heart", "«Сердце отдаю детям»"
        YOUNG_TEACHER = "young_teacher", "«Молодой учитель»"
        ASSOCIATIONS = "associations", "конкурс ШМО/РМО"
        METHODICAL = "methodical", "конкурс методических разработок"
        OTHER = "other", "другой"

    class Level(models.TextChoices):
        SCHOOL = "school", "школьный"
        MUNICIPAL = "municipal", "муниципальный"

    class Status(models.TextChoices):
        PREPARATION = "preparation", "подготовка"
        APPLICATIONS = "applications", "приём заявок"
        SCORING = "scoring", "оценивание"
        RESULTS = "results", "итоги опубликованы"
        FINISHED = "finished", "завершён"

    class Eligibility(models.TextChoices):
        ALL = "all", "все педагоги"
        YOUNG = "young", "только молодые специалисты"
        TEAMS = "teams", "объединения (ШМО/РМО) командой"

    class Aggregation(models.TextChoices):
        SUM = "sum", "сумма баллов членов жюри"
        MEAN = "mean", "среднее баллов членов жюри"
        RANKS = "ranks", "сумма мест (ранги) вместо баллов"

    name = models.CharField("название", max_length=300)
    year = models.PositiveSmallIntegerField("год")
    organizer = models.ForeignKey(
        Organization, verbose_name="организатор", on_delete=models.PROTECT, related_name="contests"
    )
    kind = models.CharField("вид конкурса", max_length=32, choices=Kind.choices, default=Kind.OTHER)
    level = models.CharField("уровень", max_length=16, choices=Level.choices, default=Level.MUNICIPAL)
    status = models.CharField("этап", max_length=16, choices=Status.choices, default=Status.PREPARATION)
    regulations_on = models.DateField("дата положения", null=True, blank=True)
    organizing_committee = models.TextField("организационный комитет", blank=True)
    eligibility = models.CharField(
        "кто может участвовать", max_length=16, choices=Eligibility.choices, default=Eligibility.ALL
    )
    applications_open_on = models.DateField("приём заявок с", null=True, blank=True)
    applications_close_on = models.DateField("приём заявок по", null=True, blank=True)
    self_apply = models.BooleanField("педагог может подать заявку сам", default=False)
    # The положение's scoring rules (contests.scoring applies them).
    aggregation = models.CharField(
        "подсчёт итогов", max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    drop_extremes = models.BooleanField("отбрасывать высшую и низшую оценки членов жюри", default=False)
    tie_criterion = models.ForeignKey(
        "Criterion",
        verbose_name="при равенстве баллов — по критерию",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    prize_winners_count = models.PositiveSmallIntegerField("призёров в номинации", default=2)
    laureates_count = models.PositiveSmallIntegerField("лауреатов в номинации", default=0)
    conflict_of_interest = models.BooleanField(
        "член жюри не оценивает участников своей организации", default=True
    )
    conflict_off_reason = models.TextField("почему правило о конфликте интересов не действует", blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("создан", auto_now_add=True, null=True)
    # Results (contests.results): when they were published and the order «Об итогах …».
    results_published_at = models.DateTimeField("итоги опубликованы", null=True, blank=True)
    results_order = models.ForeignKey(
        "orders.Order",
        verbose_name="приказ об итогах",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "конкурс"
        verbose_name_plural = "конкурсы"
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="contest_unique_name_year"),
            models.CheckConstraint(
                condition=Q(conflict_of_interest=True) | ~Q(conflict_off_reason=""),
                name="contest_conflict_off_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(applications_open_on__isnull=True)
                | Q(applications_close_on__isnull=True)
                | Q(applications_close_on__gte=models.F("applications_open_on")),
                name="contest_application_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("contests:detail", args=[self.pk])

    @property
    def window_label(self) -> str:
        start, end = self.applications_open_on, self.applications_close_on
        if start and end:
            return f"{start:%d.%m.%Y} — {end:%d.%m.%Y}"
        if end:
            return f"по {end:%d.%m.%Y}"
        return f"с {start:%d.%m.%Y}" if start else "не указан"


class Regulations(EvidenceBase):
    """The положение of a contest (a checked upload); the newest one is the contest's."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="regulations")
    file = models.FileField("файл", upload_to="contests/%Y/%m/", blank=True)

    class Meta(EvidenceBase.Meta):
        verbose_name = "положение о конкурсе"
        verbose_name_plural = "положения о конкурсах"
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="contests_regulations_file_xor_url",
            )
        ]


class Nomination(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="nominations")
    name = models.CharField("номинация", max_length=200)
    position = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "номинация"
        verbose_name_plural = "номинации"
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="contests_nomination_unique")]

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    class Kind(models.TextChoices):
        CORRESPONDENCE = "correspondence", "заочный"
        IN_PERSON = "in_person", "очный"

    class Status(models.TextChoices):
        OPEN = "open", "открыт"
        CLOSED = "closed", "закрыт"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField("название", max_length=200)
    kind = models.CharField("форма", max_length=16, choices=Kind.choices, default=Kind.CORRESPONDENCE)
    starts_on = models.DateField("начало", null=True, blank=True)
    ends_on = models.DateField("окончание", null=True, blank=True)
    position = models.PositiveSmallIntegerField("порядок", default=0)
    cutoff = models.PositiveSmallIntegerField(
        "проходят дальше", null=True, blank=True, help_text="Сколько участников проходят в следующий тур."
    )
    scoring_deadline = models.DateField("оценки — до", null=True, blank=True)
    status = models.CharField("состояние", max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField("закрыт", null=True, blank=True)
    closed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    absent_jurors = models.ManyToManyField(
        "JuryMember",
        verbose_name="отсутствовали на заседании жюри",
        blank=True,
        related_name="absent_from_rounds",
        help_text="Для протокола заседания жюри: кого не было.",
    )

    class Meta:
        verbose_name = "тур (испытание)"
        verbose_name_plural = "туры (испытания)"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="contests_round_dates",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False), name="contests_round_closed_at"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("критерий", max_length=300)
    indicators = models.TextField("показатели", blank=True)
    max_points = models.DecimalField("максимум баллов", max_digits=6, decimal_places=2)
    position = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "критерий"
        verbose_name_plural = "критерии"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="contests_criterion_max_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Application(ReviewedSubmission):
    """A participant's application: черновик → подана → допущена / возвращена на доработку / отклонена."""

    REFUSED = "refused"

    class State(models.TextChoices):
        DRAFT = workflow.DRAFT, "черновик"
        SUBMITTED = workflow.SUBMITTED, "подана"
        ACCEPTED = workflow.ACCEPTED, "допущена"
        RETURNED = workflow.RETURNED, "возвращена на доработку"
        REFUSED = "refused", "отклонена"

    state = models.CharField("состояние", max_length=16, choices=State.choices, default=State.DRAFT)
    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="applications")
    nomination = models.ForeignKey(
        Nomination,
        verbose_name="номинация",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    person = models.ForeignKey(
        Person, verbose_name="участник", on_delete=models.PROTECT, related_name="contest_applications"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация (на момент заявки)",
        on_delete=models.PROTECT,
        related_name="contest_applications",
    )
    team_name = models.CharField("объединение (команда)", max_length=300, blank=True)
    # The team as registered by associations (directory.person_facts.Team.ref, «associations:12»); empty
    # for a person's application, or a team typed by name where no associations are installed.
    team_ref = models.CharField("объединение: ключ", max_length=64, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        USER, verbose_name="подал", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_on = models.DateField("согласие на обработку персональных данных (152-ФЗ)", null=True, blank=True)

    text_stale = "Заявку уже изменил другой пользователь. Обновите страницу."
    text_locked = "Заявка допущена к конкурсу и закрыта для изменений."
    text_waiting = "Заявка подана и ждёт технической экспертизы."
    text_return_needs_comment = "Напишите, что нужно доработать в заявке."
    text_reopen_needs_reason = "Укажите, почему допущенная заявка открывается повторно."

    class Meta:
        verbose_name = "заявка на конкурс"
        verbose_name_plural = "заявки на конкурсы"
        ordering = ["contest", "organization__short_name", "person__last_name", "pk"]
        constraints = [
            # One live application per person and nomination (a refused one may be followed by another).
            models.UniqueConstraint(
                fields=["contest", "person", "nomination"],
                condition=~Q(state="refused") & Q(nomination__isnull=False),
                name="contests_application_once_per_nomination",
            ),
            models.UniqueConstraint(
                fields=["contest", "person"],
                condition=~Q(state="refused") & Q(nomination__isnull=True),
                name="contests_application_once_without_nomination",
            ),
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(review_comment=""),
                name="contests_application_refusal_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Заявка: {self.person} ({self.contest})"

    def get_absolute_url(self) -> str:
        return reverse("contests:application", args=[self.contest_id, self.pk])

    @property
    def is_locked(self) -> bool:
        return self.state in (self.State.ACCEPTED, self.State.REFUSED)

    def locked_text(self) -> str:
        if self.state == self.State.REFUSED:
            return "Заявка отклонена."
        return super().locked_text()

    def review_snapshot(self) -> dict:
        return {
            "state": self.state,
            "nomination": self.nomination_id,
            "consent_on": str(self.consent_on or ""),
        }


class ApplicationEvent(ReviewEventBase):
    class Action(models.TextChoices):
        SAVE = "save", "сохранён черновик"
        SUBMIT = workflow.SUBMIT, "подана"
        RETURN = workflow.RETURN, "возвращена на доработку"
        ACCEPT = workflow.ACCEPT, "допущена"
        REOPEN = workflow.REOPEN, "открыта повторно"
        REFUSE = "refuse", "отклонена"
        EVIDENCE_ADD = "evidence_add", "добавлен материал"
        EVIDENCE_REMOVE = "evidence_remove", "удалён материал"

    action = models.CharField("действие", max_length=16, choices=Action.choices)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = "событие заявки"
        verbose_name_plural = "история заявок"


class ApplicationMaterial(EvidenceBase):
    """A file or a link of the application's materials (jurors see these)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("файл", upload_to="contests/%Y/%m/", blank=True)

    class Meta(EvidenceBase.Meta):
        verbose_name = "материал заявки"
        verbose_name_plural = "материалы заявок"
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="contests_material_file_xor_url",
            )
        ]


class ConsentScan(EvidenceBase):
    """The scanned consent to personal data processing (152-ФЗ); jurors never see it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consent_scans")
    file = models.FileField("файл", upload_to="contests/%Y/%m/", blank=True)

    class Meta(EvidenceBase.Meta):
        verbose_name = "скан согласия на обработку персональных данных"
        verbose_name_plural = "сканы согласий на обработку персональных данных"
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="contests_consent_file_xor_url",
            )
        ]


class JuryMember(models.Model):
    """A member of a contest's jury (or of one round's: `round`), tied to the «член жюри» role of the
    person's user."""

    class Role(models.TextChoices):
        CHAIR = "chair", "председатель"
        MEMBER = "member", "член жюри"
        SECRETARY = "secretary", "секретарь"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jury")
    round = models.ForeignKey(
        Round, verbose_name="тур", null=True, blank=True, on_delete=models.CASCADE, related_name="jury"
    )
    person = models.ForeignKey(
        Person, verbose_name="член жюри", on_delete=models.PROTECT, related_name="jury_seats"
    )
    role = models.CharField("роль в жюри", max_length=16, choices=Role.choices, default=Role.MEMBER)
    added_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "член жюри"
        verbose_name_plural = "жюри"
        ordering = ["contest", "round", "role", "person__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "person"],
                condition=Q(round__isnull=True),
                name="contests_jury_once_in_contest",
            ),
            models.UniqueConstraint(
                fields=["contest", "round", "person"],
                condition=Q(round__isnull=False),
                name="contests_jury_once_in_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class ConflictOfInterest(models.Model):
    """A juror who does not score an application (own organization, relative …), recorded with why."""

    juror = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField("причина", max_length=300)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "конфликт интересов"
        verbose_name_plural = "конфликты интересов"
        constraints = [
            models.UniqueConstraint(fields=["juror", "application"], name="contests_conflict_once"),
        ]

    def __str__(self) -> str:
        return f"{self.juror.person} — {self.application.person}: {self.reason}"


class ScoreSheet(models.Model):
    """One juror's оценочный лист of one round; signed → locked until the chair reopens it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sheets")
    juror = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="sheets")
    signed_at = models.DateTimeField("подписан", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "оценочный лист"
        verbose_name_plural = "оценочные листы"
        constraints = [models.UniqueConstraint(fields=["round", "juror"], name="contests_sheet_once")]

    def __str__(self) -> str:
        return f"Оценочный лист: {self.juror.person}, {self.round}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class ScoreSheetEvent(models.Model):
    class Action(models.TextChoices):
        SIGN = "sign", "подписан"
        REOPEN = "reopen", "открыт повторно"

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=8, choices=Action.choices)
    reason = models.TextField(blank=True)
    user = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="reopen") | ~Q(reason=""), name="contests_sheet_reopen_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d.%m.%Y %H:%M})"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField("баллы", max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = "балл"
        verbose_name_plural = "баллы"
        constraints = [
            models.UniqueConstraint(fields=["sheet", "application", "criterion"], name="contests_score_once"),
            # The maximum per criterion is enforced by the services (it lives on the criterion).
            models.CheckConstraint(condition=Q(points__gte=0), name="contests_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class RoundResult(models.Model):
    """The счётная комиссия's line for one participant of a closed round."""

    class Award(models.TextChoices):
        WINNER = "winner", "победитель"
        PRIZE = "prize", "призёр"
        LAUREATE = "laureate", "лауреат"
        PARTICIPANT = "participant", "участник"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="results")
    total = models.DecimalField("итог", max_digits=9, decimal_places=3)
    rank = models.PositiveSmallIntegerField("место")
    advances = models.BooleanField("проходит в следующий тур", default=False)
    award = models.CharField("итог конкурса", max_length=16, choices=Award.choices, blank=True)

    class Meta:
        verbose_name = "итог тура"
        verbose_name_plural = "итоги туров"
        ordering = ["round", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "application"], name="contests_result_once"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.application.person} ({self.total})"


class TieDecision(models.Model):
    """How a tie the rules could not break was broken: the chair's decision, recorded."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="tie_decisions")
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    order = models.JSONField("порядок участников (id заявок)")
    reason = models.TextField("решение председателя")
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "решение при равенстве баллов"
        verbose_name_plural = "решения при равенстве баллов"

    def __str__(self) -> str:
        return f"Решение председателя: {self.round}"


class DiplomaBatch(models.Model):
    """All diplomas and certificates of a contest as one PDF, rendered by a Celery task (contests.tasks)."""

    class State(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "готовится"
        DONE = "done", "готово"
        FAILED = "failed", "ошибка"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="diploma_batches")
    state = models.CharField("состояние", max_length=8, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField("готово", default=0)
    total = models.PositiveIntegerField("всего", default=0)
    file = models.FileField("файл", upload_to="contests/diplomas/%Y/%m/", blank=True)
    error = models.TextField("ошибка", blank=True)
    requested_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "дипломы конкурса"
        verbose_name_plural = "дипломы конкурсов"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Дипломы: {self.contest} ({self.get_state_display()})"
