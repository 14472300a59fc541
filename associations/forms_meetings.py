"""Forms of the meetings: the plan of a meeting with its agenda, and the protocol."""

from __future__ import annotations

from django import forms

from core.academic_year import academic_year_label
from directory.models import Person

from .models import Meeting

DATE_INPUT = {"type": "date", "class": "form-control"}
DATE_ERRORS = {"invalid": "Введите дату, например 15.03.2027."}


def _date_field(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={**DATE_ERRORS, "required": f"Укажите: {label.lower()}."},
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
    )


class MeetingForm(forms.Form):
    year = forms.TypedChoiceField(label="Учебный год", coerce=int)
    date = _date_field("Дата заседания")
    form = forms.ChoiceField(label="Форма проведения", choices=Meeting.Form.choices)
    topic = forms.CharField(
        label="Тема", max_length=500, error_messages={"required": "Укажите тему заседания."}
    )
    place = forms.CharField(label="Место проведения", max_length=300, required=False)

    def __init__(self, *args, current_year: int, meeting_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted({*range(current_year - 1, current_year + 2), meeting_year or current_year})
        self.fields["year"].choices = [(year, academic_year_label(year)) for year in years]


class AgendaItemForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    question = forms.CharField(label="Вопрос повестки", max_length=1000, required=False)
    speakers = forms.CharField(label="Докладчики", max_length=500, required=False)


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=2, max_num=30, can_delete=True)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class ProtocolForm(forms.Form):
    """The protocol's own fields, attendance per member and Слушали/Выступили/Решили per question."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    chairman = PersonChoice(label="Председатель", queryset=Person.objects.none(), required=False)
    secretary = PersonChoice(label="Секретарь", queryset=Person.objects.none(), required=False)
    guests = forms.CharField(
        label="Приглашённые",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ф.И.О. и должности гостей, через запятую.",
    )

    def __init__(self, *args, people: list[Person], members: list[Person], agenda: list, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [person.pk for person in people]
        for name in ("chairman", "secretary"):
            self.fields[name].queryset = Person.objects.filter(pk__in=ids).order_by("last_name", "first_name")
        self.by_pk = {person.pk: person for person in people}
        self.members = members
        self.agenda = agenda
        for person in members:
            self.fields[f"present_{person.pk}"] = forms.BooleanField(label=person.full_name, required=False)
            self.fields[f"reason_{person.pk}"] = forms.CharField(
                label=f"Причина отсутствия: {person.full_name}", max_length=300, required=False
            )
        for item in agenda:
            for key, label in (("heard", "Слушали"), ("spoke", "Выступили"), ("decided", "Решили")):
                self.fields[f"{key}_{item.pk}"] = forms.CharField(
                    label=f"{label} ({item.position})",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def attendance_rows(self):
        return [
            (person, self[f"present_{person.pk}"], self[f"reason_{person.pk}"]) for person in self.members
        ]

    def answer_rows(self):
        return [
            (item, self[f"heard_{item.pk}"], self[f"spoke_{item.pk}"], self[f"decided_{item.pk}"])
            for item in self.agenda
        ]


class DecisionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label="Решение", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    agenda_item = forms.TypedChoiceField(label="По вопросу", required=False, coerce=int, empty_value=None)
    responsible = forms.TypedChoiceField(label="Ответственный", required=False, coerce=int, empty_value=None)
    deadline = _date_field("Срок", required=False)

    def __init__(self, *args, people: list[Person], agenda: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = [("", "— выберите —")] + [(p.pk, p.full_name) for p in people]
        self.fields["agenda_item"].choices = [("", "—")] + [
            (item.pk, f"{item.position}. {item.question[:80]}") for item in agenda
        ]

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return (
            not (data.get("text") or "").strip() and not data.get("responsible") and not data.get("deadline")
        )


DecisionFormSet = forms.formset_factory(DecisionForm, extra=2, max_num=50, can_delete=True)
