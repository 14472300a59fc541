from __future__ import annotations

from django import forms

from .models import IndividualPlan, PlanItem, PlanReport


class PlanItemForm(forms.Form):
    activity = forms.CharField(label="Мероприятие", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    form = forms.ChoiceField(label="Форма", choices=PlanItem.Form.choices, initial=PlanItem.Form.OTHER)
    deadline_text = forms.CharField(
        label="Срок (как в плане: «октябрь», «до 15 декабря», «в течение года»)",
        max_length=200,
        required=False,
    )
    due_on = forms.DateField(
        label="Дата с (если срок не распознан)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    due_until = forms.DateField(
        label="Дата по", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    expected_result = forms.CharField(
        label="Ожидаемый результат", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SuggestedItemForm(PlanItemForm):
    include = forms.BooleanField(label="Включить в маршрут", required=False, initial=True)


SuggestedItemFormSet = forms.formset_factory(SuggestedItemForm, extra=0)


class NewPlanForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300, initial=IndividualPlan.DEFAULT_TITLE)
    year = forms.IntegerField(label="Учебный год (год начала)", min_value=2000, max_value=2100)


class MarkForm(forms.Form):
    status = forms.ChoiceField(label="Выполнение", choices=PlanItem.Status.choices)
    done_on = forms.DateField(
        label="Когда выполнено",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    files = forms.FileField(label="Подтверждающий файл", required=False)
    url = forms.CharField(label="Или ссылка на подтверждение", required=False, max_length=1000)


class PlanEditForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    status = forms.ChoiceField(label="Статус маршрута", choices=IndividualPlan.Status.choices)
    mentor_note = forms.CharField(
        label="Заметки наставника", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    methodist_note = forms.CharField(
        label="Заметки методиста", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReportForm(forms.Form):
    text = forms.CharField(label="Текст отчёта", widget=forms.Textarea(attrs={"rows": 6}))
    files = forms.FileField(
        label="Приложить файл (PDF, Word, Excel, изображение)",
        required=False,
        help_text="Файл проверяется по содержимому, как подтверждения пунктов маршрута.",
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Комментарий проверяющего", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


REPORT_AUTHORS = PlanReport.Author
