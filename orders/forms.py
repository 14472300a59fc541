"""Forms of orders: the draft, review, decisions, files, cancelling, the issuer's settings."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from directory.models import Organization, Person

from . import points as points_module
from . import registry
from .models import Order, OrderAttachment, OrderSettings, normalize_heading, validate_heading
from .services import reviewers_queryset

_DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _one_line_ending(text: str) -> str:
    """Browsers send textareas with CRLF: stored texts use LF, so an untouched field stays unchanged."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} — {obj.position}, {obj.organization.short_name}"


class OrderForm(forms.Form):
    """A draft: requisites, text (points as numbered lines), signatory, executor, appendices.

    One checkbox list per appendix kind (orders.registry), named by the kind's `form_field`.
    """

    kind = forms.ChoiceField(label="Вид приказа", choices=Order.Kind.choices)
    heading = forms.CharField(
        label="Заголовок",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Начинается с «О » или «Об », без точки в конце: «Об утверждении …».",
    )
    preamble = forms.CharField(
        label="Преамбула",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Основание или цель: «В соответствии с …», «В целях …». «ПРИКАЗЫВАЮ:» добавится при печати."
        ),
    )
    points_text = forms.CharField(
        label="Пункты",
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "true", "class": "font-monospace"}),
        help_text=(
            "Каждый пункт с новой строки с номером: «1.», подпункты — «1.1.», «1.1.1.» (не больше четырёх "
            "уровней). Строка без номера продолжает пункт выше. Номера расставятся заново по порядку."
        ),
    )
    signatory = PersonChoiceField(label="Подписывает", queryset=Person.objects.none(), required=False)
    signatory_position = forms.CharField(label="Должность подписывающего", max_length=300, required=False)
    signatory_name = forms.CharField(
        label="Расшифровка подписи",
        max_length=200,
        required=False,
        help_text="Инициалы перед фамилией: «Ю.Н. Богинский». Если выбрать подписывающего — заполнится сама.",
    )
    executor_name = forms.CharField(label="Исполнитель (Ф.И.О. полностью)", max_length=300, required=False)
    executor_phone = forms.CharField(label="Телефон исполнителя", max_length=100, required=False)
    place = forms.CharField(label="Место издания", max_length=200, required=False)
    date = forms.DateField(
        label="Дата",
        required=False,
        widget=_DATE_WIDGET,
        help_text="Можно не указывать: при подписании будет поставлена дата подписания.",
    )
    higher_body = forms.CharField(label="Вышестоящий орган", max_length=500, required=False)
    notes = forms.CharField(
        label="Заметки (не печатаются)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args, signatories, appendix_choices: dict[str, list[registry.SourceChoice]], **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["signatory"].queryset = signatories
        self.fields["signatory"].empty_label = "— не выбран (только расшифровка) —"
        self.appendix_kinds = {}  # form field → kind key
        self._choices = appendix_choices
        for key, choices in appendix_choices.items():
            kind = registry.get(key)
            self.appendix_kinds[kind.form_field] = key
            self.fields[kind.form_field] = forms.TypedMultipleChoiceField(
                label=kind.form_label,
                choices=[(c.id, c.label) for c in choices],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    @property
    def appendix_fields(self) -> list:
        return [self[name] for name in self.appendix_kinds]

    @classmethod
    def initial_for(cls, order: Order) -> dict:
        appendices = list(order.appendices.order_by("position"))
        return {
            "kind": order.kind,
            "heading": order.heading,
            "preamble": order.preamble,
            "points_text": points_module.format_points(order.points or []),
            "signatory": order.signatory_id,
            "signatory_position": order.signatory_position,
            "signatory_name": order.signatory_name,
            "executor_name": order.executor_name,
            "executor_phone": order.executor_phone,
            "place": order.place,
            "date": order.date,
            "higher_body": order.higher_body,
            "notes": order.notes,
            **{
                kind.form_field: [a.source_id for a in appendices if a.source_kind == kind.key]
                for kind in registry.kinds()
            },
        }

    def clean_preamble(self):
        return _one_line_ending(self.cleaned_data["preamble"]).strip()

    def clean_notes(self):
        return _one_line_ending(self.cleaned_data["notes"]).strip()

    def clean_heading(self):
        heading = normalize_heading(self.cleaned_data["heading"])
        validate_heading(heading)
        return heading

    def clean_points_text(self):
        try:
            points = points_module.parse_points(self.cleaned_data["points_text"])
        except points_module.PointsError as exc:
            raise ValidationError([m[:1].upper() + m[1:] + "." for m in exc.messages]) from exc
        if not points:
            raise ValidationError("Напишите хотя бы один пункт.")
        return points

    def service_data(self) -> dict:
        skip = {"points_text", *self.appendix_kinds}
        data = {k: v for k, v in self.cleaned_data.items() if k not in skip}
        data["points"] = self.cleaned_data["points_text"]
        return data

    def ordered_appendices(self, current: dict[str, list[int]]) -> dict[str, list[int]]:
        """Chosen sources per kind: those already attached keep their order, new ones follow."""
        out = {}
        for name, key in self.appendix_kinds.items():
            keys = {c.id: c.sort_key or c.label for c in self._choices[key]}
            rank = {pk: index for index, pk in enumerate(current.get(key, []))}
            chosen = list(dict.fromkeys(self.cleaned_data.get(name) or []))
            out[key] = sorted(chosen, key=lambda pk: (rank.get(pk, len(rank)), keys.get(pk, "")))
        return out


class ReviewerField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} — {obj.position}"


class ReviewForm(forms.Form):
    approvers = ReviewerField(
        label="Согласующие",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Выберите хотя бы одного согласующего."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approvers"].queryset = reviewers_queryset().order_by("last_name", "first_name")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approved", "Согласовать"), ("rejected", "Отклонить")])
    comment = forms.CharField(label="Замечания", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SignatureUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл открепленной подписи (.sig)",
        widget=forms.ClearableFileInput(attrs={"accept": ".sig,.p7s,.sgn"}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Файл")
    title = forms.CharField(label="Название", max_length=500, required=False)
    kind = forms.ChoiceField(label="Вид", choices=OrderAttachment.Kind.choices)
    approves = forms.BooleanField(label="Приказ утверждает этот документ", required=False)


class PaperOrderForm(forms.Form):
    """The number and date written on an order signed by hand (to register it as it was)."""

    registration_number = forms.CharField(label="Номер на бумажном оригинале", max_length=64)
    date = forms.DateField(
        label="Дата на бумажном оригинале",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class CancelForm(forms.Form):
    by_order = forms.ModelChoiceField(
        label="Отменяющий приказ", queryset=Order.objects.none(), required=False, empty_label="— выберите —"
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["by_order"].queryset = candidates


class OrderSettingsForm(forms.ModelForm):
    class Meta:
        model = OrderSettings
        fields = [
            "number_pattern",
            "issuer_genitive",
            "higher_body",
            "place",
            "margin_left_mm",
            "margin_right_mm",
            "margin_top_mm",
            "margin_bottom_mm",
            "font_family",
            "font_size_pt",
            "table_font_size_pt",
            "small_font_size_pt",
            "paragraph_indent_cm",
            "line_height",
            "date_format",
            "prikazyvayu_style",
            "qr_code",
            "qr_size_mm",
            "appendix_page_numbers",
        ]
        widgets = {"issuer_genitive": forms.TextInput(attrs={"size": 80})}


class IssuerChoiceForm(forms.Form):
    issuer = forms.ModelChoiceField(label="Издатель", queryset=Organization.objects.none(), empty_label=None)

    def __init__(self, *args, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers
