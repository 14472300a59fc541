"""Forms of mentorship: the bank's filter, forming a pair, consent, ending a pair early."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import QuerySet

from directory.models import Organization, Person, Subject

from .models import Pair

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BankFilterForm(forms.Form):
    school = forms.ModelChoiceField(
        label="Организация",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="Все организации",
    )
    subject = forms.ModelChoiceField(
        label="Предмет", queryset=Subject.objects.none(), required=False, empty_label="Все предметы"
    )
    has_mentor = forms.ChoiceField(
        label="Наставник",
        required=False,
        choices=[("", "Все"), ("yes", "закреплён"), ("no", "не закреплён")],
    )

    def __init__(self, *args, schools: QuerySet[Organization], people: QuerySet[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools.order_by("kind", "short_name")
        self.fields["subject"].queryset = Subject.objects.filter(
            pk__in=Person.subjects.through.objects.filter(person_id__in=people.values("pk")).values(
                "subject_id"
            )
        ).order_by("name")


class SchoolChoiceForm(forms.Form):
    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none())

    def __init__(self, *args, schools: QuerySet[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = schools.order_by("kind", "short_name")


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return f"{person.full_name}, {person.position}"


def mentor_label(person: Person) -> str:
    """«Иванова Анна Петровна, Учитель математики — педагог-наставник, стаж 22 года»: what a director
    weighs when choosing a mentor (category and experience)."""
    from django.utils import timezone

    from .selectors import age_on, years_label

    facts = []
    if person.category and person.category != Person.Category.NONE:
        facts.append(person.get_category_display())
    years = age_on(person.teaching_since, timezone.localdate())
    if years is not None:
        facts.append(f"стаж {years_label(years)}")
    return f"{person.full_name}, {person.position}" + (f" — {', '.join(facts)}" if facts else "")


class PairForm(forms.Form):
    form = forms.ChoiceField(label="Форма наставничества", choices=[("", "—"), *Pair.Form.choices])
    mentors = PersonChoice(
        label="Наставник (наставники)",
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    mentees = PersonChoice(
        label="Наставляемый (наставляемые)",
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Молодые специалисты отмечены в списке «(молодой специалист)».",
    )
    goal = forms.CharField(label="Цель наставничества", widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label="Начало", widget=DATE)
    ends_on = forms.DateField(
        label="Окончание",
        widget=DATE,
        help_text=f"Срок — от {settings.MENTORSHIP_MIN_TERM_MONTHS} "
        f"до {settings.MENTORSHIP_TERM_MONTHS} месяцев.",
    )
    curator = forms.ModelChoiceField(
        label="Куратор от школы", queryset=Person.objects.none(), required=False, empty_label="не назначен"
    )
    mentor_consent_on = forms.DateField(label="Согласие наставника: дата", required=False, widget=DATE)
    mentor_consent_file = forms.FileField(
        label="Согласие наставника: скан заявления",
        required=False,
        help_text="PDF, JPEG, PNG или документ Office. Для группы наставников — на странице пары.",
    )
    mentee_consent_on = forms.DateField(label="Согласие наставляемого: дата", required=False, widget=DATE)
    mentee_consent_file = forms.FileField(
        label="Согласие наставляемого: скан заявления",
        required=False,
        help_text="Дата относится ко всем наставляемым; скан — когда наставляемый один. "
        "Согласие можно записать и позже, на странице пары.",
    )

    def clean(self):
        data = super().clean()
        for role, people in (("mentor", data.get("mentors")), ("mentee", data.get("mentees"))):
            if data.get(f"{role}_consent_file") and people is not None and len(people) > 1:
                self.add_error(
                    f"{role}_consent_file",
                    "Скан прикладывается, когда участник в этой роли один; сканы участников группы "
                    "загрузите на странице пары.",
                )
        return data

    def consents(self, consent_class) -> dict:
        """{person id: Consent} from the consent fields (a file is read here)."""
        data = self.cleaned_data
        found = {}
        for role in ("mentor", "mentee"):
            on, upload = data.get(f"{role}_consent_on"), data.get(f"{role}_consent_file")
            scan = (upload.name, upload.read()) if upload else None
            for person in data[f"{role}s"]:
                if on or scan:
                    found[person.pk] = consent_class(on=on, scan=scan)
        return found

    def __init__(self, *args, organization: Organization, young_ids: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        staff = Person.objects.filter(organization=organization).order_by(
            "last_name", "first_name", "patronymic"
        )
        self.fields["mentors"].queryset = staff
        self.fields["mentees"].queryset = staff
        self.fields["curator"].queryset = staff
        self.fields["mentors"].label_from_instance = mentor_label
        self.fields["mentees"].label_from_instance = lambda p: (
            f"{p.full_name}, {p.position}" + (" (молодой специалист)" if p.pk in young_ids else "")
        )


class ConsentForm(forms.Form):
    consent_on = forms.DateField(label="Дата согласия", required=False, widget=DATE)
    consent_file = forms.FileField(
        label="Скан заявления о согласии",
        required=False,
        help_text="PDF, JPEG, PNG или документ Word.",
    )


class EndEarlyForm(forms.Form):
    ended_on = forms.DateField(label="Дата завершения", widget=DATE)
    reason = forms.CharField(label="Причина досрочного завершения", widget=forms.Textarea(attrs={"rows": 2}))


class DepartureForm(forms.Form):
    left_on = forms.DateField(label="Дата ухода", widget=DATE)
    reason = forms.CharField(
        label="Причина ухода",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Например: переезд, переход в другую школу, смена профессии.",
    )
