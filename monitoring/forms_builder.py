"""Forms of the form builder: a monitoring form, a section, an indicator (checked with builder)."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator

from . import builder
from .models import Indicator, MonitoringForm, Section

Kind = Indicator.Kind
Aggregate = Indicator.Aggregate
CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z_][A-Za-z0-9_]*$", "Код: латинские буквы, цифры и «_», первой — буква."
)


class MonitoringFormForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    year = forms.CharField(
        label="Учебный год",
        max_length=20,
        help_text="Например: 2025-2026",
        widget=forms.TextInput(attrs={"placeholder": "2025-2026"}),
    )

    def clean_year(self):
        try:
            return builder.parse_year(self.cleaned_data["year"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        title, year = data.get("title"), data.get("year")
        if title and year and MonitoringForm.objects.filter(title=title.strip(), year=year).exists():
            self.add_error("title", f"Форма «{title.strip()}» на {year}-{year + 1} учебный год уже есть.")
        return data


class SectionForm(forms.Form):
    title = forms.CharField(label="Название раздела", max_length=500)


class IndicatorForm(forms.Form):
    section = forms.ModelChoiceField(
        label="Раздел", queryset=Section.objects.none(), required=False, empty_label="— без раздела —"
    )
    code = forms.CharField(
        label="Код",
        max_length=40,
        required=False,
        validators=[CODE_VALIDATOR],
        help_text="Латинские буквы и цифры; по коду показатель сравнивается с прошлым годом. "
        "Если оставить пустым, код будет предложен по порядку (например, i7).",
    )
    name = forms.CharField(label="Показатель", max_length=500)
    kind = forms.ChoiceField(label="Тип", choices=Kind.choices)
    required = forms.BooleanField(label="Обязательный", required=False)
    help_text = forms.CharField(label="Подсказка", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    min_value = forms.DecimalField(
        label="Не меньше", required=False, max_digits=14, decimal_places=4, help_text="Для чисел"
    )
    max_value = forms.DecimalField(
        label="Не больше", required=False, max_digits=14, decimal_places=4, help_text="Для чисел"
    )
    choices_text = forms.CharField(
        label="Варианты",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Для типов «один из списка» и «несколько из списка»: по одному варианту в строке.",
    )
    formula = forms.CharField(
        label="Формула",
        max_length=500,
        required=False,
        help_text="Для доли и вычисляемого показателя: коды, числа, + − * / и скобки, "
        "например young / teachers * 100.",
    )
    aggregate = forms.ChoiceField(label="Итог по району", choices=Aggregate.choices, initial=Aggregate.SUM)
    target = forms.DecimalField(
        label="Индикативное значение", required=False, max_digits=14, decimal_places=4
    )
    target_direction = forms.ChoiceField(
        label="Направление", choices=Indicator.Direction.choices, initial=Indicator.Direction.AT_LEAST
    )

    def __init__(self, *args, monitoring_form: MonitoringForm, instance: Indicator | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            initial = {name: getattr(instance, name) for name in builder.INDICATOR_FIELDS}
            initial["choices_text"] = "\n".join(str(c) for c in instance.choices or [])
            for name in ("min_value", "max_value", "target"):  # «0», not «0.0000»
                if initial.get(name) is not None:
                    initial[name] = format(initial[name].normalize(), "f")
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.monitoring_form = monitoring_form
        self.instance = instance
        self.fields["section"].queryset = monitoring_form.sections.order_by("position", "pk")
        if instance is None:
            self.fields["code"].widget.attrs["placeholder"] = builder.suggest_code(monitoring_form)

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip()
        if code:
            others = self.monitoring_form.indicators.filter(code=code)
            if self.instance is not None:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(f"Код «{code}» уже есть в этой форме.")
        return code

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        # Choices
        choices = builder.parse_choices(data.get("choices_text", ""))
        if kind in builder.CHOICE_KINDS:
            if len(choices) < 2:
                self.add_error("choices_text", "Укажите хотя бы два варианта, по одному в строке.")
        else:
            choices = []
        data["choices"] = choices
        # Formula
        formula = (data.get("formula") or "").strip()
        if kind in Indicator.COMPUTED_KINDS:
            if not formula:
                self.add_error("formula", "Для вычисляемого показателя нужна формула.")
            elif "code" not in self.errors:
                code = data.get("code") or (
                    self.instance.code if self.instance else builder.suggest_code(self.monitoring_form)
                )
                problem = builder.check_formula(self.monitoring_form, code, formula, self.instance)
                if problem:
                    self.add_error("formula", problem)
        else:
            formula = ""
        data["formula"] = formula
        # Limits and targets only mean something for numbers
        if kind in builder.INPUT_NUMBER_KINDS:
            low, high = data.get("min_value"), data.get("max_value")
            if low is not None and high is not None and low > high:
                self.add_error("max_value", "«Не больше» должно быть не меньше, чем «Не меньше».")
        else:
            data["min_value"] = data["max_value"] = None
        if kind not in Indicator.NUMBER_KINDS and kind != Kind.YESNO:
            data["target"] = None
        # The district total
        aggregate = data.get("aggregate")
        # The default «сумма» left as it was means the usual total of the kind.
        if aggregate == Aggregate.SUM and kind in (Kind.YESNO, Kind.SHARE):
            aggregate = data["aggregate"] = Aggregate.SHARE_YES if kind == Kind.YESNO else Aggregate.FORMULA
        if kind in Indicator.NUMBER_KINDS or kind == Kind.YESNO:
            allowed = {
                Kind.YESNO: {Aggregate.SHARE_YES, Aggregate.NONE},
                Kind.SHARE: {Aggregate.FORMULA, Aggregate.MEAN, Aggregate.NONE},
                Kind.FORMULA: {Aggregate.FORMULA, Aggregate.SUM, Aggregate.MEAN, Aggregate.NONE},
            }.get(kind, {Aggregate.SUM, Aggregate.MEAN, Aggregate.NONE})
            if aggregate and aggregate not in allowed:
                labels = ", ".join(f"«{Aggregate(a).label}»" for a in Aggregate.values if a in allowed)
                self.add_error("aggregate", f"Для типа «{Kind(kind).label}» итог может быть: {labels}.")
        else:
            data["aggregate"] = Aggregate.NONE
        if data.get("code") == "" and self.instance is not None:
            data["code"] = self.instance.code
        # With answers given: what may no longer change (builder.check_change)
        if self.instance is not None and not self.errors:
            for field, message in builder.change_problems(self.instance, data):
                self.add_error(field if field in self.fields else None, message)
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in builder.INDICATOR_FIELDS}
