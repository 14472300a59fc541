"""Filters of the order journal (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from directory.access import user_scope
from directory.filters import DateRangeFilterForm, date_filter, icontains_any
from directory.models import Organization

from . import access
from .models import Order
from .selectors import awaiting_decision_of


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Номер или заголовок", method="filter_text")
    year = django_filters.ChoiceFilter(label="Год", choices=[], empty_label="Любой год", method="filter_year")
    status = django_filters.ChoiceFilter(
        label="Статус", choices=Order.Status.choices, empty_label="Любой статус"
    )
    issuer = django_filters.ModelChoiceFilter(
        label="Издатель", queryset=Organization.objects.none(), empty_label="Все издатели"
    )
    date_from = date_filter("Дата с", field_name="date", lookup="gte")
    date_to = date_filter("Дата по", field_name="date", lookup="lte")
    awaiting = django_filters.BooleanFilter(
        label="Ждут моей подписи или визы", method="filter_awaiting", widget=forms.CheckboxInput
    )

    class Meta:
        model = Order
        fields = ["q", "year", "status", "issuer", "date_from", "date_to", "awaiting"]
        form = DateRangeFilterForm

    def __init__(self, *args, years: list[int], issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in years]
        self.filters["issuer"].queryset = issuers

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        number = value.lstrip("№").strip()
        return queryset.filter(Q(registration_number__iexact=number) | icontains_any(("heading",), value))

    def filter_year(self, queryset, name, value):
        if not value:
            return queryset
        value = int(value)
        return queryset.filter(Q(sequence_year=value) | Q(sequence_year=None, date__year=value))

    def filter_awaiting(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        user = self.request.user
        mine = awaiting_decision_of(person_id=user_scope(user).person_id, signs=access.can_sign(user))
        return queryset.filter(pk__in=mine.values("pk"))
