"""Filters of the directory lists (django-filter). Choices are limited to what the user can see."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from .access import organizations_visible_to
from .models import Organization, Person, Subject


def _case_variants(word: str) -> set[str]:
    """Spellings to look for. SQLite compares only Latin letters case-insensitively, so Cyrillic
    «иванова» would not find «Иванова»; PostgreSQL needs none of this but is not hurt by it."""
    return {word, word.lower(), word.capitalize(), word.upper()}


def icontains_any(fields: tuple[str, ...], text: str) -> Q:
    """Every word of `text` must occur in one of `fields`."""
    condition = Q()
    for word in text.split():
        word_condition = Q()
        for name in fields:
            for variant in _case_variants(word):
                word_condition |= Q(**{f"{name}__icontains": variant})
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
