"""Filters of the directory lists (django-filter). Choices are limited to what the user can see."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from .access import organizations_visible_to
from .models import Organization, Person, Subject
from .search import fold

# --- Date ranges: shared by other apps' filters (orders' journal, roadmaps' agenda) and forms -------

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
BAD_DATE = "Неправильная дата. Укажите существующие день, месяц и год."


def date_filter(label: str, *, field_name: str, lookup: str) -> django_filters.DateFilter:
    """A date box (type=date) filtering `field_name` by `lookup` ("gte", "lte")."""
    return django_filters.DateFilter(
        label=label,
        field_name=field_name,
        lookup_expr=lookup,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": BAD_DATE},
    )


class DateRangeFilterForm(forms.Form):
    """The form of a filter set with `date_from` and `date_to`: the end may not come before the start."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "Дата «по» не может быть раньше даты «с».")
        return cleaned


# --- Text search ----------------------------------------------------------------------------------


def icontains_any(fields: tuple[str, ...], text: str) -> Q:
    """Every word of `text` must occur in one of `fields`, whatever the case, «ё» read as «е»."""
    condition = Q()
    for word in text.split():
        word_condition = Q()
        for name in fields:
            word_condition |= Q(**{f"{name}__fold__contains": fold(word)})
        condition &= word_condition
    return condition


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Поиск по названию", method="filter_text")
    kind = django_filters.ChoiceFilter(label="Тип", choices=Organization.Kind.choices, empty_label="Все типы")

    class Meta:
        model = Organization
        fields = ["q", "kind"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(icontains_any(("name", "short_name"), value)) if value.strip() else queryset


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Ф.И.О.", method="filter_name")
    organization = django_filters.ModelChoiceFilter(
        label="Организация", queryset=Organization.objects.none(), empty_label="Все организации"
    )
    subject = django_filters.ModelChoiceFilter(
        label="Предмет",
        field_name="subjects",
        queryset=Subject.objects.order_by("name"),
        empty_label="Все предметы",
    )
    position = django_filters.CharFilter(label="Должность", method="filter_position")
    category = django_filters.ChoiceFilter(
        label="Категория", choices=Person.Category.choices, empty_label="Любая категория"
    )
    young = django_filters.BooleanFilter(
        label="Только молодые специалисты", method="filter_young", widget=forms.CheckboxInput
    )

    class Meta:
        model = Person
        fields = ["q", "organization", "subject", "position", "category", "young"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organization"].queryset = organizations_visible_to(user).order_by("short_name")

    def filter_name(self, queryset, name, value):
        fields = ("last_name", "first_name", "patronymic")
        return queryset.filter(icontains_any(fields, value)) if value.strip() else queryset

    def filter_position(self, queryset, name, value):
        return queryset.filter(icontains_any(("position",), value)) if value.strip() else queryset

    def filter_young(self, queryset, name, value):
        if not value:
            return queryset
        # The same rule as Person.objects.young_specialists() and Person.is_young_specialist.
        return queryset.young_specialists()
