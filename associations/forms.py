"""Forms of the associations pages. What a user may pick is limited by their role."""

from __future__ import annotations

from django import forms

from core.academic_year import academic_year_label
from directory.access import user_scope
from directory.models import Organization, Person, ProfessionalCourse, Subject

from .models import Association


def _people_label(person: Person) -> str:
    return f"{person.full_name} — {person.organization.short_name}, {person.position}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _people_label(obj)


class AssociationForm(forms.Form):
    name = forms.CharField(label="Название", max_length=300, help_text="Например, «ШМО учителей математики».")
    kind = forms.ChoiceField(label="Вид", choices=Association.Kind.choices)
    organization = forms.ModelChoiceField(
        label="Организация",
        queryset=Organization.objects.none(),
        help_text="Школа для ШМО, методический кабинет для РМО и ГМО.",
    )
    subjects = forms.ModelMultipleChoiceField(
        label="Предметы", queryset=Subject.objects.order_by("name"), required=False
    )
    area = forms.CharField(label="Направление", max_length=300, required=False)
    head = PersonChoiceField(label="Руководитель", queryset=Person.objects.none(), required=False)
    deputy = PersonChoiceField(
        label="Заместитель руководителя", queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, user, association: Association | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user_scope(user)
        people = Person.objects.select_related("organization").order_by("last_name", "first_name")
        if scope.is_methodist:
            self.fields["organization"].queryset = Organization.objects.order_by("kind", "short_name")
        else:
            # A director: the school's ШМО and groups, from the school's staff.
            self.fields["organization"].queryset = Organization.objects.filter(pk__in=scope.school_ids)
            self.fields["kind"].choices = [
                (value, label)
                for value, label in Association.Kind.choices
                if value not in Association.DISTRICT_KINDS
            ]
            people = people.filter(organization_id__in=scope.school_ids)
        self.fields["head"].queryset = people
        self.fields["deputy"].queryset = people
        self.manages_head = (
            association is None or scope.is_methodist or association.organization_id in scope.school_ids
        )
        if association is not None and not self.manages_head:
            # The head edits the name, subjects and the deputy; the place and the head are set above them.
            for name in ("kind", "organization", "head"):
                del self.fields[name]
            self.fields["deputy"].queryset = Person.objects.select_related("organization").filter(
                memberships__association=association, memberships__left_on__isnull=True
            )

    def service_kwargs(self, association: Association | None) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data.get("kind", association.kind if association else ""),
            "organization": data.get("organization") or association.organization,
            "head": data["head"] if "head" in self.fields else association.head,
            "deputy": data["deputy"],
            "subjects": data["subjects"],
            "area": data["area"],
        }


class ThemeForm(forms.Form):
    theme = forms.CharField(
        label="Методическая тема", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].label = f"Методическая тема на {academic_year_label(year)} учебный год"


class MemberAddForm(forms.Form):
    # Any person of the directory: the service refuses a current member or another school's teacher
    # with its message (a second click on «Добавить» reads «уже состоит», not «выберите»).
    person = PersonChoiceField(label="Сотрудник", queryset=Person.objects.select_related("organization"))
    joined_on = forms.DateField(
        label="Дата вступления",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Если не указана — сегодня.",
    )


class SelfEducationForm(forms.Form):
    topic = forms.CharField(label="Тема самообразования", max_length=500, required=False)

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].label = f"Тема самообразования на {academic_year_label(year)} учебный год"


class CourseForm(forms.ModelForm):
    class Meta:
        model = ProfessionalCourse
        fields = ["topic", "provider", "hours", "year"]
