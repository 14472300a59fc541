from __future__ import annotations

from django import forms
from django.utils import timezone

from directory.models import Organization, Person
from directory.person_facts import mentors_known, mentors_of

from .models import Campaign, MonitoringForm
from .services import audience_organizations, audience_teachers

AUDIENCE_KIND_CHOICES = [
    (k.value, k.label) for k in Organization.Kind if k not in Organization.DISTRICT_KINDS
]


class CampaignForm(forms.Form):
    form = forms.ModelChoiceField(
        label="Форма мониторинга", queryset=MonitoringForm.objects.order_by("-year", "title")
    )
    title = forms.CharField(label="Название", max_length=300)
    opens_on = forms.DateField(label="Начало", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(label="Срок", widget=forms.DateInput(attrs={"type": "date"}))
    responsible = forms.ModelChoiceField(
        label="Ответственный методист",
        queryset=Person.objects.filter(organization__kind__in=Organization.DISTRICT_KINDS).order_by(
            "last_name", "first_name"
        ),
        required=False,
    )
    audience = forms.ChoiceField(
        label="Кто заполняет",
        choices=[
            (Campaign.Audience.SCHOOLS, "Организации (заполняет руководитель)"),
            (Campaign.Audience.TEACHERS, "Педагоги (каждый свою анкету)"),
        ],
        initial=Campaign.Audience.SCHOOLS,
        required=False,
        widget=forms.RadioSelect,
    )
    teacher_scope = forms.ChoiceField(
        label="Какие педагоги",
        choices=Campaign.TeacherScope.choices,
        initial=Campaign.TeacherScope.ALL,
        required=False,
        widget=forms.RadioSelect,
    )
    respondent = forms.ChoiceField(
        label="Кто отвечает",
        choices=[
            (Campaign.Respondent.SELF, "сам педагог"),
            (Campaign.Respondent.DIRECTOR, "руководитель организации о педагоге"),
            (Campaign.Respondent.MENTOR, "наставник о молодом специалисте"),
        ],
        initial=Campaign.Respondent.SELF,
        required=False,
        widget=forms.RadioSelect,
    )
    organization_kinds = forms.MultipleChoiceField(
        label="Типы организаций (если ничего не отмечено — все)",
        choices=AUDIENCE_KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    all_schools = forms.BooleanField(label="Все организации района", required=False, initial=True)
    schools = forms.ModelMultipleChoiceField(
        label="Или выбранные организации",
        queryset=Organization.objects.exclude(kind__in=Organization.DISTRICT_KINDS).order_by("short_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_audience(self):
        return self.cleaned_data.get("audience") or Campaign.Audience.SCHOOLS

    def clean_teacher_scope(self):
        return self.cleaned_data.get("teacher_scope") or Campaign.TeacherScope.ALL

    def clean_respondent(self):
        return self.cleaned_data.get("respondent") or Campaign.Respondent.SELF

    # mon-forms: the roadmap item that ordered the campaign (rows of roadmaps still in force; no import
    # of roadmaps: the model comes through the foreign key).
    roadmap_row = forms.ModelChoiceField(
        label="Пункт дорожной карты", queryset=Campaign.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        row_model = Campaign._meta.get_field("roadmap_row").related_model
        field = self.fields["roadmap_row"]
        field.queryset = (
            row_model.objects.filter(is_heading=False, roadmap__period_end__gte=timezone.localdate())
            .exclude(roadmap__status="archived")
            .select_related("roadmap")
            .order_by("roadmap__title", "roadmap_id", "position")
        )
        field.label_from_instance = roadmap_row_label
        for bound in self.fields.values():
            widget = bound.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css

    def clean(self):
        data = super().clean()
        if not data.get("all_schools") and not data.get("schools"):
            self.add_error("schools", "Выберите организации или отметьте «Все организации района».")
        if data.get("audience") == Campaign.Audience.TEACHERS and not self.errors:
            chosen = None if data.get("all_schools") else list(data.get("schools") or [])
            organizations = audience_organizations(data.get("organization_kinds"), chosen)
            teachers = audience_teachers(organizations, data.get("teacher_scope"))
            if not teachers.exists():
                self.add_error(
                    "teacher_scope", "В выбранных организациях нет таких педагогов: анкету некому заполнять."
                )
            elif data.get("respondent") == Campaign.Respondent.MENTOR:
                if not mentors_known():
                    self.add_error(
                        "respondent",
                        "Наставники ещё не закреплены: в системе нет наставнических пар, анкету наставника "
                        "некому заполнять.",
                    )
                elif not mentors_of(teachers.values_list("pk", flat=True)):
                    self.add_error(
                        "respondent",
                        "Наставники ещё не закреплены: ни у одного из выбранных педагогов нет наставника.",
                    )
        opens_on, deadline = data.get("opens_on"), data.get("deadline")
        if opens_on and deadline and deadline < opens_on:
            self.add_error("deadline", "Срок не может быть раньше начала.")
        return data


def roadmap_row_label(row) -> str:
    """«<roadmap title>: <row number>. <activity short>»."""
    activity = " ".join(row.activity.split())
    if len(activity) > 80:
        activity = activity[:79] + "…"
    number = row.number.strip().rstrip(".")
    return f"{row.roadmap.title}: {number}. {activity}" if number else f"{row.roadmap.title}: {activity}"


class ReviewForm(forms.Form):
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 3}))
