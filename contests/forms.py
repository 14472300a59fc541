"""Forms of contests: the contest's settings, nominations, a round with its criteria, the положение, the
jury, an application and its admission."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from directory.models import Organization, Person

from .models import Application, Contest, Criterion, JuryMember, Nomination, Round

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILE_HELP = "PDF, JPEG, PNG или документ Office."


class ContestForm(forms.ModelForm):
    class Meta:
        model = Contest
        fields = [
            "name",
            "year",
            "kind",
            "level",
            "organizer",
            "status",
            "eligibility",
            "applications_open_on",
            "applications_close_on",
            "self_apply",
            "organizing_committee",
            "aggregation",
            "drop_extremes",
            "tie_criterion",
            "prize_winners_count",
            "laureates_count",
            "conflict_of_interest",
            "conflict_off_reason",
        ]
        widgets = {
            "applications_open_on": DATE,
            "applications_close_on": DATE,
            "organizing_committee": forms.Textarea(attrs={"rows": 3}),
            "conflict_off_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = Organization.objects.filter(
            kind__in=Organization.DISTRICT_KINDS
        ) | Organization.objects.filter(pk=getattr(self.instance, "organizer_id", None) or 0)
        contest_id = self.instance.pk or 0
        self.fields["tie_criterion"].queryset = Criterion.objects.filter(
            round__contest_id=contest_id
        ).select_related("round")
        self.fields["tie_criterion"].label_from_instance = lambda c: f"{c.round.title}: {c.name}"
        self.fields["organizing_committee"].help_text = "Состав оргкомитета по положению, по одному в строке."

    def _post_clean(self):
        """The service validates (with Russian messages); the form only converts."""


class NominationsForm(forms.Form):
    names = forms.CharField(
        label="Номинации",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="По одной в строке, в нужном порядке. Пусто — конкурс без номинаций.",
    )

    def names_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["title", "kind", "starts_on", "ends_on", "position", "cutoff", "scoring_deadline"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "scoring_deadline": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = "Пусто — после остальных туров."

    def _post_clean(self):
        """The service validates."""


class CriterionForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label="Критерий", max_length=300, required=False)
    indicators = forms.CharField(label="Показатели", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    max_points = forms.DecimalField(label="Максимум баллов", required=False, max_digits=6, decimal_places=2)


CriteriaFormSet = forms.formset_factory(CriterionForm, extra=3)


class RegulationsForm(forms.Form):
    file = forms.FileField(label="Положение о конкурсе", help_text=FILE_HELP)
    regulations_on = forms.DateField(label="Дата положения", required=False, widget=DATE)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return f"{person.full_name}, {person.position}, {person.organization.short_name}"


class JuryForm(forms.Form):
    person = PersonChoice(label="Сотрудник", queryset=Person.objects.none())
    role = forms.ChoiceField(label="Роль в жюри", choices=JuryMember.Role.choices)
    round = forms.ModelChoiceField(
        label="Тур", queryset=Round.objects.none(), required=False, empty_label="весь конкурс"
    )

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.select_related("organization").order_by(
            "last_name", "first_name", "patronymic"
        )
        self.fields["round"].queryset = contest.rounds.all()


class ApplicationForm(forms.Form):
    person = PersonChoice(label="Участник", queryset=Person.objects.none())
    nomination = forms.ModelChoiceField(label="Номинация", queryset=Nomination.objects.none(), required=False)
    team_name = forms.CharField(label="Объединение (команда)", max_length=300, required=False)
    consent_on = forms.DateField(
        label="Согласие на обработку персональных данных: дата", required=False, widget=DATE
    )
    consent_file = forms.FileField(label="Согласие: скан заявления", required=False, help_text=FILE_HELP)
    files = forms.FileField(label="Материалы: файл", required=False, help_text=FILE_HELP)
    url = forms.CharField(label="Материалы: ссылка", required=False, max_length=1000)

    def __init__(self, *args, contest: Contest, people: QuerySet[Person], teams=None, **kwargs):
        """teams: the ШМО/РМО offered in a contest of associations (directory.person_facts.Team), or None
        to type the team's name."""
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people.select_related("organization").order_by(
            "last_name", "first_name", "patronymic"
        )
        self.fields["nomination"].queryset = contest.nominations.all()
        if not contest.nominations.exists():
            del self.fields["nomination"]
        if contest.eligibility != Contest.Eligibility.TEAMS:
            del self.fields["team_name"]
        self.offers_teams = "team_name" in self.fields and teams is not None
        if self.offers_teams:
            self.fields["team_name"] = forms.ChoiceField(
                label="Объединение (ШМО/РМО)",
                choices=[("", "— выберите объединение —"), *((team.ref, team.name) for team in teams)],
                help_text="Участник — руководитель или член объединения, от чьего имени подаётся заявка.",
                error_messages={"invalid_choice": "Выберите объединение из списка."},
            )

    def team_data(self) -> dict[str, str]:
        """The team for services.ApplicationData: the field holds a registered team's ref where teams are
        offered, else the name typed (nothing outside a contest of associations)."""
        value = self.cleaned_data.get("team_name", "")
        return {"team_ref": value} if self.offers_teams else {"team_name": value}


class MaterialForm(forms.Form):
    file = forms.FileField(label="Файл", required=False, help_text=FILE_HELP)
    url = forms.CharField(label="или ссылка", required=False, max_length=1000)


class ConsentForm(forms.Form):
    consent_on = forms.DateField(label="Дата согласия", required=False, widget=DATE)
    consent_file = forms.FileField(label="Скан заявления о согласии", required=False, help_text=FILE_HELP)


class AdmissionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Решение",
        choices=[("admit", "допустить"), ("return", "вернуть на доработку"), ("refuse", "отклонить")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Комментарий или причина",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Обязателен, когда заявка возвращается или отклоняется.",
    )


class ContestFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="Год", coerce=int, required=False, choices=[])
    status = forms.ChoiceField(label="Этап", required=False, choices=[("", "Все"), *Contest.Status.choices])

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Все"), *((y, y) for y in years)]


class ApplicationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="Состояние", required=False, choices=[("", "Все"), *Application.State.choices]
    )
