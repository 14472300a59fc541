"""Forms of the district's progress views: assignment of items to schools and the filters."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms

from directory.filters import DATE_INPUT_FORMATS
from directory.models import Organization

from .models import RoadmapRow
from .progress_selectors import FILTER_STATUSES, organization_order

Scope = RoadmapRow.ReportScope


def assignable_organizations() -> list[Organization]:
    """Who can be chosen: schools and other educational organizations, not the district bodies."""
    organizations = Organization.objects.exclude(kind__in=Organization.DISTRICT_KINDS).only(
        "id", "short_name", "name", "kind"
    )
    return sorted(organizations, key=organization_order)


class AssignForm(forms.Form):
    """«Все школы» / «Выбранные школы» / «Без отчётов школ». The schools are given, in display order."""

    scope = forms.ChoiceField(
        label="Кто отчитывается",
        widget=forms.RadioSelect,
        error_messages={"required": "Выберите, кто отчитывается.", "invalid_choice": "Выберите вариант."},
    )
    schools = forms.MultipleChoiceField(
        label="Школы",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Такой организации нет в списке; обновите страницу."},
    )

    def __init__(self, *args, organizations: Sequence[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = list(organizations)
        self._by_pk = {str(o.pk): o for o in self.organizations}
        self.school_count = sum(1 for o in self.organizations if o.kind == Organization.Kind.SCHOOL)
        self.fields["scope"].choices = [
            (Scope.ALL, f"Все школы ({self.school_count})"),
            (Scope.SELECTED, "Выбранные школы"),
            (Scope.NONE, "Без отчётов школ (работа кабинета)"),
        ]
        self.fields["schools"].choices = [(str(o.pk), o.short_name) for o in self.organizations]

    def clean(self):
        data = super().clean()
        if data.get("scope") == Scope.SELECTED and not data.get("schools") and "schools" not in self.errors:
            self.add_error("schools", "Выберите хотя бы одну школу.")
        return data

    @property
    def chosen(self) -> list[Organization]:
        """The chosen organizations (only for «Выбранные школы»)."""
        if self.cleaned_data.get("scope") != Scope.SELECTED:
            return []
        return [self._by_pk[pk] for pk in self.cleaned_data.get("schools", [])]

    def school_options(self):
        """(organization, checked) for the template's own checkbox list."""
        if self.is_bound:
            checked = set(self.data.getlist("schools")) if hasattr(self.data, "getlist") else set()
        else:
            checked = {str(pk) for pk in self.initial.get("schools", [])}
        return [(o, str(o.pk) in checked) for o in self.organizations]

    @property
    def current_scope(self) -> str:
        return self.data.get("scope", "") if self.is_bound else self.initial.get("scope", "")


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d", attrs={"class": "form-control form-control-sm"})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select form-select-sm"})


class GridFilterForm(forms.Form):
    """Filters of the grid (GET). Choices come from the roadmap's own headings and columns."""

    section = forms.TypedChoiceField(label="Раздел", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Статус", required=False)
    school = forms.TypedChoiceField(label="Школа", required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label="Сроки с", required=False, input_formats=DATE_INPUT_FORMATS)
    date_to = forms.DateField(label="по", required=False, input_formats=DATE_INPUT_FORMATS)

    def __init__(
        self, *args, sections: Sequence[tuple[int, str]], organizations: Sequence[Organization], **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "Все разделы"), *sections]
        self.fields["status"].choices = [("", "Любой статус"), *FILTER_STATUSES]
        self.fields["school"].choices = [("", "Все школы"), *[(o.pk, o.short_name) for o in organizations]]
        for name in ("section", "status", "school"):
            self.fields[name].widget = _select()
            self.fields[name].widget.choices = self.fields[name].choices
        for name in ("date_from", "date_to"):
            self.fields[name].widget = _DateInput()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "Конец периода раньше начала.")
        return data

    def values(self) -> dict:
        """The valid filters (an invalid one is ignored and shown with its error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            name: data.get(name) or None
            for name in ("section", "status", "school", "date_from", "date_to")
            if name not in self.errors
        }


class ReviewFilterForm(forms.Form):
    roadmap = forms.TypedChoiceField(label="Дорожная карта", required=False, coerce=int, empty_value=None)
    school = forms.TypedChoiceField(label="Школа", required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args,
        roadmaps: Sequence[tuple[int, str]],
        organizations: Sequence[Organization],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["roadmap"].choices = [("", "Все дорожные карты"), *roadmaps]
        self.fields["school"].choices = [("", "Все школы"), *[(o.pk, o.short_name) for o in organizations]]
        for name in ("roadmap", "school"):
            self.fields[name].widget = _select()
            self.fields[name].widget.choices = self.fields[name].choices

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in ("roadmap", "school") if name not in self.errors}
