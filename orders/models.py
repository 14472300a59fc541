"""Orders (приказы): the register with per-issuer numbering, drafts, approvals, signing, the archive.

A draft is edited freely; signing (orders.services.order_sign) gives it the next registration number
of its issuer and year and freezes its printed content (`signed_content`, hashed into `content_sha256`)
in a short transaction («подписывается»); the PDF of that content is rendered after the number's lock
is released and archived (`pdf`, hashed into `pdf_sha256`), and only then is the order «подписан». A
signed order never changes again: a correction is a new order that amends or cancels it.
"""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core.russian import strip_final_stop

from . import numbering
from .document import OrderLayout
from .wording import organization_genitive


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _random_name(prefix: str, filename: str) -> str:
    base, ext = os.path.splitext(os.path.basename(filename))
    return f"orders/{prefix}/{secrets.token_hex(12)}{ext.lower()[:10]}"


def archive_path(instance, filename: str) -> str:
    return _random_name("archive", filename)


def preview_path(instance, filename: str) -> str:
    return _random_name("preview", filename)


def signature_path(instance, filename: str) -> str:
    return _random_name("signatures", filename)


def attachment_path(instance, filename: str) -> str:
    return _random_name("attachments", filename)


def default_higher_body() -> str:
    return settings.HIGHER_BODY_NAME


def validate_heading(value: str) -> None:
    if not (value.startswith("О ") or value.startswith("Об ")):
        raise ValidationError("Заголовок начинается с «О » или «Об », например «Об утверждении …».")
    if value.endswith("."):
        raise ValidationError("В конце заголовка точка не ставится.")


def normalize_heading(value: str) -> str:
    """Spaces collapsed, the final full stop dropped, «о»/«об» capitalised."""
    value = strip_final_stop(value or "")
    for word in ("об ", "о "):
        if value.lower().startswith(word) and not value.startswith(word.capitalize()):
            value = word.capitalize() + value[len(word) :]
            break
    return value


def validate_number_pattern(value: str) -> None:
    problems = numbering.pattern_problems(value)
    if problems:
        raise ValidationError(problems)


#: (field, lowest, highest): the ranges the checklist allows.
LAYOUT_RANGES = (
    ("margin_left_mm", 20, 40),
    ("margin_right_mm", 10, 30),
    ("margin_top_mm", 20, 40),
    ("margin_bottom_mm", 20, 40),
    ("font_size_pt", 12, 14),
    ("table_font_size_pt", 10, 14),
    ("small_font_size_pt", 8, 12),
    ("paragraph_indent_cm", 1, 1.5),
    ("line_height", 1, 1.5),
    ("qr_size_mm", 15, 40),
)

FONT_FAMILIES = [
    ("Liberation Serif", "Liberation Serif (метрически как Times New Roman)"),
    ("PT Astra Serif", "PT Astra Serif"),
    ("PT Serif", "PT Serif"),
    ("DejaVu Serif", "DejaVu Serif"),
]


class OrderSettings(models.Model):
    """An issuer's numbering and print layout (ГОСТ Р 7.0.97-2025 values as defaults)."""

    class DateFormat(models.TextChoices):
        NUMERIC = "numeric", "цифрами: 05.09.2025"
        VERBAL = "verbal", "словами: 5 сентября 2025 г."

    class PrikazyvayuStyle(models.TextChoices):
        CAPS = "caps", "«ПРИКАЗЫВАЮ:» отдельной строкой"
        SPACED = "spaced", "«п р и к а з ы в а ю:» в конце преамбулы"

    class AppendixNumbering(models.TextChoices):
        CONTINUOUS = "continuous", "сквозная нумерация страниц"
        RESTART = "restart", "в каждом приложении заново"

    issuer = models.OneToOneField(
        "directory.Organization",
        verbose_name="издатель",
        on_delete=models.CASCADE,
        related_name="order_settings",
    )
    number_pattern = models.CharField(
        "шаблон регистрационного номера",
        max_length=numbering.MAX_PATTERN_LENGTH,
        default=numbering.DEFAULT_PATTERN,
        validators=[validate_number_pattern],
        help_text="{n} — порядковый номер в году, {year} — год. Например: «{n}-од», «01-07/{n}».",
    )
    issuer_genitive = models.CharField(
        "наименование в родительном падеже",
        max_length=500,
        blank=True,
        help_text="Для отметки «к приказу …» в приложениях. Если пусто — образуется из наименования.",
    )
    higher_body = models.CharField(
        "вышестоящий орган", max_length=500, blank=True, default=default_higher_body
    )
    place = models.CharField("место издания", max_length=200, blank=True, help_text="Например, «г. Энск».")

    margin_left_mm = models.FloatField("поле слева, мм", default=20)
    margin_right_mm = models.FloatField("поле справа, мм", default=10)
    margin_top_mm = models.FloatField("поле сверху, мм", default=20)
    margin_bottom_mm = models.FloatField("поле снизу, мм", default=20)
    font_family = models.CharField("шрифт", max_length=64, choices=FONT_FAMILIES, default="Liberation Serif")
    font_size_pt = models.FloatField("размер шрифта текста, пт", default=14)
    table_font_size_pt = models.FloatField("размер шрифта таблиц, пт", default=11)
    small_font_size_pt = models.FloatField("размер шрифта отметок, пт", default=11)
    paragraph_indent_cm = models.FloatField("абзацный отступ, см", default=1.25)
    line_height = models.FloatField("междустрочный интервал", default=1.15)
    date_format = models.CharField(
        "формат даты", max_length=16, choices=DateFormat.choices, default=DateFormat.NUMERIC
    )
    prikazyvayu_style = models.CharField(
        "распорядительное слово",
        max_length=16,
        choices=PrikazyvayuStyle.choices,
        default=PrikazyvayuStyle.CAPS,
    )
    qr_code = models.BooleanField("QR-код для проверки на первой странице", default=True)
    qr_size_mm = models.FloatField("размер QR-кода, мм", default=20)
    appendix_page_numbers = models.CharField(
        "нумерация страниц приложений",
        max_length=16,
        choices=AppendixNumbering.choices,
        default=AppendixNumbering.CONTINUOUS,
    )
    updated_at = models.DateTimeField("изменены", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    RANGES = LAYOUT_RANGES

    class Meta:
        verbose_name = "настройки приказов"
        verbose_name_plural = "настройки приказов"
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": low, f"{name}__lte": high}),
                    name=f"order_settings_{name}_range",
                )
                for name, low, high in LAYOUT_RANGES
            ),
            models.CheckConstraint(
                condition=Q(table_font_size_pt__lte=F("font_size_pt")),
                name="order_settings_table_font_not_larger",
            ),
            models.CheckConstraint(
                condition=Q(date_format__in=["numeric", "verbal"]), name="order_settings_date_format"
            ),
            models.CheckConstraint(
                condition=Q(prikazyvayu_style__in=["caps", "spaced"]), name="order_settings_prikazyvayu"
            ),
            models.CheckConstraint(
                condition=Q(appendix_page_numbers__in=["continuous", "restart"]),
                name="order_settings_appendix_numbers",
            ),
            models.CheckConstraint(
                condition=Q(number_pattern__contains="{n}"), name="order_settings_pattern_n"
            ),
        ]

    def __str__(self) -> str:
        return f"Настройки приказов: {self.issuer}"

    def clean(self):
        errors = {}
        for name, low, high in self.RANGES:
            value = getattr(self, name)
            if value is not None and not low <= value <= high:
                errors[name] = f"Допустимо от {low:g} до {high:g}."
        if self.table_font_size_pt and self.font_size_pt and self.table_font_size_pt > self.font_size_pt:
            errors["table_font_size_pt"] = "Шрифт таблиц не больше шрифта текста."
        if errors:
            raise ValidationError(errors)

    @property
    def genitive(self) -> str:
        return self.issuer_genitive or organization_genitive(self.issuer.name)

    def as_layout(self) -> OrderLayout:
        return OrderLayout(
            margin_left_mm=self.margin_left_mm,
            margin_right_mm=self.margin_right_mm,
            margin_top_mm=self.margin_top_mm,
            margin_bottom_mm=self.margin_bottom_mm,
            font_family=self.font_family,
            font_size_pt=self.font_size_pt,
            table_font_size_pt=self.table_font_size_pt,
            small_font_size_pt=self.small_font_size_pt,
            paragraph_indent_cm=self.paragraph_indent_cm,
            line_height=self.line_height,
            date_format=self.date_format,
            prikazyvayu_style=self.prikazyvayu_style,
            qr_code=self.qr_code,
            qr_size_mm=self.qr_size_mm,
            appendix_page_numbers=self.appendix_page_numbers,
        )


class NumberSequence(models.Model):
    """The last registration number given by an issuer in a year. Advanced under a row lock."""

    issuer = models.ForeignKey(
        "directory.Organization", verbose_name="издатель", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("год")
    last = models.PositiveIntegerField("последний номер", default=0)

    class Meta:
        verbose_name = "счётчик номеров приказов"
        verbose_name_plural = "счётчики номеров приказов"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="number_sequence_unique_year"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2200), name="number_sequence_year"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer}: {self.year} — {self.last}"


class Order(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", "по основной деятельности"
        PERSONNEL = "personnel", "по личному составу"
        ADMINISTRATIVE = "administrative", "по административно-хозяйственным вопросам"

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        REVIEW = "review", "на согласовании"
        # numbered and frozen by signing, its PDF not archived yet (rendered after the number's lock is
        # released); becomes SIGNED when the archive is stored
        SIGNING = "signing", "подписывается"
        SIGNED = "signed", "подписан"
        # an order signed by hand on paper before, registered in the journal as it was (its own number
        # and date; no electronic signature, no number taken from the sequence)
        PAPER = "paper", "внесён с бумажного оригинала"
        CANCELLED = "cancelled", "отменён"

    issuer = models.ForeignKey(
        "directory.Organization", verbose_name="издатель", on_delete=models.PROTECT, related_name="orders"
    )
    higher_body = models.CharField(
        "вышестоящий орган", max_length=500, blank=True, default=default_higher_body
    )
    kind = models.CharField("вид приказа", max_length=16, choices=Kind.choices, default=Kind.MAIN)
    heading = models.CharField("заголовок", max_length=1000, validators=[validate_heading])
    preamble = models.TextField("преамбула", blank=True)
    points = models.JSONField("пункты", default=list, blank=True)
    signatory = models.ForeignKey(
        "directory.Person",
        verbose_name="подписывает",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders_to_sign",
    )
    signatory_position = models.CharField("должность подписывающего", max_length=300, blank=True)
    signatory_name = models.CharField("расшифровка подписи", max_length=200, blank=True)
    executor_name = models.CharField("исполнитель (Ф.И.О.)", max_length=300, blank=True)
    executor_phone = models.CharField("телефон исполнителя", max_length=100, blank=True)
    place = models.CharField("место издания", max_length=200, blank=True)
    date = models.DateField("дата", null=True, blank=True)
    notes = models.TextField("заметки", blank=True, help_text="Не печатаются.")

    registration_number = models.CharField("регистрационный номер", max_length=64, blank=True)
    sequence_year = models.PositiveSmallIntegerField("год регистрации", null=True, blank=True)
    sequence_number = models.PositiveIntegerField("порядковый номер", null=True, blank=True)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.DRAFT)
    review_round = models.PositiveSmallIntegerField("круг согласования", default=0)

    amends = models.ForeignKey(
        "self",
        verbose_name="вносит изменения в приказ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amended_by",
    )
    cancels = models.ForeignKey(
        "self",
        verbose_name="отменяет приказ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cancelled_by",
    )

    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="подписал (учётная запись)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField("подписан", null=True, blank=True)
    signer_name = models.CharField("подписал (Ф.И.О.)", max_length=300, blank=True)
    signer_position = models.CharField("должность подписавшего", max_length=300, blank=True)
    signed_content = models.JSONField("содержание на момент подписания", default=dict, blank=True)
    content_sha256 = models.CharField("SHA-256 содержания", max_length=64, blank=True)
    pdf = models.FileField("PDF (архив)", upload_to=archive_path, max_length=255, blank=True)
    pdf_sha256 = models.CharField("SHA-256 PDF", max_length=64, blank=True)
    archive_requested_at = models.DateTimeField("PDF для архива: запрошен", null=True, blank=True)
    archive_error = models.CharField("PDF для архива: ошибка", max_length=500, blank=True)

    cancelled_at = models.DateTimeField("отменён", null=True, blank=True)
    verification_token = models.CharField(
        "код проверки", max_length=64, unique=True, default=new_token, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="создал",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    class Meta:
        verbose_name = "приказ"
        verbose_name_plural = "приказы"
        ordering = [
            F("sequence_year").desc(nulls_first=True),
            F("sequence_number").desc(nulls_first=True),
            "-created_at",
        ]
        indexes = [models.Index(fields=["issuer", "date"]), models.Index(fields=["status"])]
        constraints = [
            # Registration numbers: unique per issuer and year, never reused.
            models.UniqueConstraint(
                fields=["issuer", "sequence_year", "sequence_number"],
                condition=Q(sequence_number__isnull=False),
                name="order_unique_sequence_number",
            ),
            models.UniqueConstraint(
                fields=["issuer", "sequence_year", "registration_number"],
                condition=~Q(registration_number=""),
                name="order_unique_registration_number",
            ),
            models.CheckConstraint(
                condition=Q(sequence_number__isnull=True, sequence_year__isnull=True)
                | Q(sequence_number__isnull=False, sequence_number__gte=1, sequence_year__isnull=False),
                name="order_sequence_complete",
            ),
            # A signed order has everything the archive needs.
            models.CheckConstraint(
                condition=~Q(status="signed")
                | (
                    ~Q(registration_number="")
                    & Q(sequence_number__isnull=False, date__isnull=False, signed_at__isnull=False)
                    & ~Q(content_sha256="")
                    & ~Q(pdf_sha256="")
                    & ~Q(pdf="")
                ),
                name="order_signed_is_complete",
            ),
            # Drafts and orders under review have no number yet: it is given at signing.
            models.CheckConstraint(
                condition=~Q(status__in=["draft", "review"])
                | Q(registration_number="", sequence_number__isnull=True, signed_at__isnull=True),
                name="order_unsigned_has_no_number",
            ),
            # Being signed: numbered and frozen, the archived PDF still to come.
            models.CheckConstraint(
                condition=~Q(status="signing")
                | (
                    ~Q(registration_number="")
                    & Q(sequence_number__isnull=False, date__isnull=False, signed_at__isnull=False)
                    & ~Q(content_sha256="")
                    & Q(pdf_sha256="", pdf="")
                ),
                name="order_signing_is_numbered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "signing", "signed", "paper", "cancelled"]),
                name="order_status_valid",
            ),
            # Entered from a paper original: its own number and date, nothing from the sequence, no signing.
            models.CheckConstraint(
                condition=~Q(status="paper")
                | (
                    ~Q(registration_number="")
                    & Q(date__isnull=False, sequence_number__isnull=True, signed_at__isnull=True)
                    & Q(pdf_sha256="")
                ),
                name="order_paper_is_complete",
            ),
            models.CheckConstraint(
                condition=(Q(heading__startswith="О ") | Q(heading__startswith="Об "))
                & ~Q(heading__endswith="."),
                name="order_heading_form",
            ),
            models.CheckConstraint(
                condition=Q(cancels__isnull=True) | ~Q(cancels=F("pk")), name="order_does_not_cancel_itself"
            ),
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | ~Q(amends=F("pk")), name="order_does_not_amend_itself"
            ),
        ]

    def __str__(self) -> str:
        if self.registration_number:
            return f"Приказ от {self.date:%d.%m.%Y} № {self.registration_number}"
        return f"Проект приказа «{self.heading}»"

    def get_absolute_url(self) -> str:
        return reverse("orders:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    @property
    def is_signing(self) -> bool:
        """Numbered and frozen by signing; its PDF is being rendered for the archive."""
        return self.status == self.Status.SIGNING

    @property
    def signed_or_signing(self) -> bool:
        """No longer a project: signed (its content frozen), whether or not its PDF is archived yet."""
        return self.was_signed or self.is_signing

    @property
    def from_paper(self) -> bool:
        """Registered from a paper original (signed by hand, not in the product)."""
        return self.status == self.Status.PAPER

    @property
    def was_signed(self) -> bool:
        """Signed, and possibly cancelled since: it has a number and an archived PDF."""
        return bool(self.pdf_sha256)

    @property
    def qualified(self) -> OrderQualifiedSignature | None:
        """The detached qualified signature attached to the signed order, if any."""
        try:
            return self.qualified_signature
        except OrderQualifiedSignature.DoesNotExist:
            return None

    @property
    def has_qualified_signature(self) -> bool:
        return self.qualified is not None

    @property
    def preview_state(self) -> OrderPreview:
        """The draft's background PDF preview (an unsaved empty one when none was asked for)."""
        try:
            return self.preview
        except OrderPreview.DoesNotExist:
            return OrderPreview(order=self)

    @property
    def number_label(self) -> str:
        return f"№ {self.registration_number}" if self.registration_number else "без номера"

    @property
    def verify_path(self) -> str:
        return reverse("orders:verify", args=[self.verification_token])

    @property
    def verify_url(self) -> str:
        return settings.SITE_URL + self.verify_path

    def order_settings(self) -> OrderSettings:
        """The issuer's settings (unsaved defaults when the administrator has not set any)."""
        found = OrderSettings.objects.filter(issuer_id=self.issuer_id).select_related("issuer").first()
        return found or OrderSettings(issuer=self.issuer)

    def content(self) -> dict:
        """The printed content: frozen at signing, built from the current data for drafts."""
        from .content import order_content

        if self.signed_or_signing and self.signed_content:
            return self.signed_content
        return order_content(self)

    def content_hash(self) -> str:
        from .content import content_sha256

        return content_sha256(self.content())

    def to_document(self, layout: OrderLayout | None = None):
        """The OrderDocument to print (orders.pdf / orders.docx_export)."""
        from .content import document_from_content

        return document_from_content(self, self.content(), layout=layout)


class OrderPreview(models.Model):
    """The PDF of a long draft rendered in the background (a Celery task) for the order's page.

    Fresh while `content_sha256` equals the draft's current content hash; dropped at signing.
    """

    class Status(models.TextChoices):
        NONE = "", "нет"
        PENDING = "pending", "готовится"
        READY = "ready", "готов"
        FAILED = "failed", "ошибка"

    order = models.OneToOneField(Order, on_delete=models.CASCADE, primary_key=True, related_name="preview")
    status = models.CharField(
        "PDF проекта", max_length=16, choices=Status.choices, default=Status.NONE, blank=True
    )
    pdf = models.FileField("PDF проекта", upload_to=preview_path, max_length=255, blank=True)
    content_sha256 = models.CharField("PDF проекта: SHA-256 содержания", max_length=64, blank=True)
    error = models.CharField("PDF проекта: ошибка", max_length=500, blank=True)
    requested_at = models.DateTimeField("PDF проекта: запрошен", null=True, blank=True)

    class Meta:
        db_table = "orders_orderpreview"
        verbose_name = "PDF проекта приказа"
        verbose_name_plural = "PDF проектов приказов"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["", "pending", "ready", "failed"]), name="order_preview_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"PDF проекта: {self.get_status_display()}"


class OrderQualifiedSignature(models.Model):
    """A detached qualified signature (CMS/.sig) of a signed order's archived PDF, with the certificate
    details read from the file and the copy of the PDF stamped with its mark.

    Attached only to a signed order (orders.services.order_attach_qualified_signature checks it).
    """

    order = models.OneToOneField(
        Order, on_delete=models.CASCADE, primary_key=True, related_name="qualified_signature"
    )
    file = models.FileField("файл квалифицированной подписи", upload_to=signature_path, max_length=255)
    file_sha256 = models.CharField("SHA-256 файла подписи", max_length=64)
    certificate_serial = models.CharField("серийный номер сертификата", max_length=128)
    owner = models.CharField("владелец сертификата", max_length=300, blank=True)
    valid_from = models.DateField("сертификат действителен с", null=True, blank=True)
    valid_to = models.DateField("сертификат действителен по", null=True, blank=True)
    signed_at = models.DateTimeField("время подписи по файлу", null=True, blank=True)
    attached_at = models.DateTimeField("подпись прикреплена", null=True, blank=True)
    stamped_pdf = models.FileField(
        "PDF с отметкой о квалифицированной подписи", upload_to=archive_path, max_length=255, blank=True
    )
    stamped_pdf_sha256 = models.CharField("SHA-256 PDF с отметкой", max_length=64, blank=True)

    class Meta:
        db_table = "orders_orderqualifiedsignature"
        verbose_name = "квалифицированная подпись приказа"
        verbose_name_plural = "квалифицированные подписи приказов"
        constraints = [
            models.CheckConstraint(condition=~Q(certificate_serial=""), name="order_signature_has_serial"),
        ]

    def __str__(self) -> str:
        return f"Сертификат {self.certificate_serial}, {self.owner}"

    def clean(self):
        if not self.order.was_signed or self.order.status not in (
            Order.Status.SIGNED,
            Order.Status.CANCELLED,
        ):
            raise ValidationError("Квалифицированная подпись прикрепляется только к подписанному приказу.")


class OrderAppendix(models.Model):
    """A feature app's document printed as an appendix of the order (the order approves it when `approves`).

    The source is generic: `source_kind` is the key of an appendix kind (orders.registry, e.g.
    "roadmaps.roadmap") and `source_id` the primary key of its document. No foreign key: orders import
    no feature app; a source held by an order is archived by its app, not deleted.
    """

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="appendices")
    source_kind = models.CharField("вид приложения", max_length=64)
    source_id = models.PositiveBigIntegerField("документ")
    position = models.PositiveSmallIntegerField("номер приложения", default=1)
    approves = models.BooleanField("приказ утверждает документ", default=True)

    class Meta:
        db_table = "orders_orderappendix"
        verbose_name = "приложение"
        verbose_name_plural = "приложения"
        ordering = ["order", "position"]
        indexes = [models.Index(fields=["source_kind", "source_id"], name="order_appendix_source")]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "source_kind", "source_id"], name="order_appendix_unique_source"
            ),
        ]

    def __str__(self) -> str:
        return f"Приложение {self.position}: {self.source_kind} {self.source_id}"


class OrderAttachment(models.Model):
    """An uploaded file: an appendix printed after the order (PDF) or a material that is not printed."""

    class Kind(models.TextChoices):
        APPENDIX = "appendix", "приложение (печатается, PDF)"
        MATERIAL = "material", "материал к проекту (не печатается)"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("вид", max_length=16, choices=Kind.choices, default=Kind.MATERIAL)
    title = models.CharField("название", max_length=500)
    file = models.FileField("файл", upload_to=attachment_path, max_length=255)
    original_name = models.CharField("имя файла", max_length=255, blank=True)
    size = models.PositiveIntegerField("размер, байт", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    position = models.PositiveSmallIntegerField("номер приложения", default=1)
    approves = models.BooleanField("приказ утверждает документ", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)

    class Meta:
        verbose_name = "файл приказа"
        verbose_name_plural = "файлы приказа"
        ordering = ["order", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class OrderApproval(models.Model):
    """One approver's decision in one round of review (согласование)."""

    class Decision(models.TextChoices):
        PENDING = "pending", "ожидает"
        APPROVED = "approved", "согласовано"
        REJECTED = "rejected", "отклонено"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="approvals")
    person = models.ForeignKey(
        "directory.Person", verbose_name="согласующий", on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField("круг", default=1)
    decision = models.CharField("решение", max_length=16, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField("замечания", blank=True)
    requested_at = models.DateTimeField("направлен", auto_now_add=True)
    decided_at = models.DateTimeField("решение принято", null=True, blank=True)

    class Meta:
        verbose_name = "согласование приказа"
        verbose_name_plural = "согласования приказов"
        ordering = ["order", "-round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "person", "round"], name="order_approval_unique"),
            models.CheckConstraint(
                condition=Q(decision="pending", decided_at__isnull=True)
                | Q(decision__in=["approved", "rejected"], decided_at__isnull=False),
                name="order_approval_decided_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_decision_display()}"


class OrderEvent(models.Model):
    """History of an order: who did what and when."""

    class Action(models.TextChoices):
        CREATE = "create", "создан проект"
        UPDATE = "update", "изменён проект"
        REVIEW = "review", "направлен на согласование"
        APPROVE = "approve", "согласован"
        REJECT = "reject", "отклонён согласующим"
        SIGN = "sign", "подписан"
        ARCHIVE = "archive", "PDF сохранён в архив"
        SIGNATURE = "signature", "прикреплена квалифицированная подпись"
        CANCEL = "cancel", "отменён"
        ATTACH = "attach", "прикреплён файл"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("когда", auto_now_add=True)
    action = models.CharField("действие", max_length=16, choices=Action.choices)
    note = models.TextField("подробности", blank=True)

    class Meta:
        verbose_name = "событие приказа"
        verbose_name_plural = "история приказов"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d.%m.%Y %H:%M})"
