"""Filters of the roadmap list and of the agenda (django-filter); choices limited to what the user sees."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Max, Min, Q

from directory.access import organizations_visible_to, user_scope
from directory.filters import DateRangeFilterForm, date_filter, icontains_any
from directory.models import Organization, Person

from .access import roadmaps_visible_to
from .deadlines import academic_year_of
from .models import Occurrence, Roadmap, RoadmapRow

# --- Periods: «2022-2023» (academic year) or «2023» (calendar year) -------------------------------


def period_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """«2022-2023» -> 01.09.2022–31.08.2023; «2023» -> 01.01.2023–31.12.2023; anything else -> None."""
    parts = value.split("-")
    if not all(p.isdigit() and len(p) == 4 for p in parts):
        return None
    years = [int(p) for p in parts]
    if len(years) == 1:
        return dt.date(years[0], 1, 1), dt.date(years[0], 12, 31)
    if len(years) == 2 and years[1] == years[0] + 1:
        return dt.date(years[0], 9, 1), dt.date(years[1], 8, 31)
    return None


def period_choices(first: dt.date, last: dt.date) -> list:
    """Academic and calendar years between two dates, newest first, grouped for the select."""
    first_year = academic_year_of(first)[0].year
    last_year = academic_year_of(last)[0].year
    academic = [(f"{y}-{y + 1}", f"{y}–{y + 1} учебный год") for y in range(last_year, first_year - 1, -1)]
    calendar = [(str(y), f"{y} год") for y in range(last.year, first.year - 1, -1)]
    return [("Учебный год", academic), ("Календарный год", calendar)]


def overlapping(value: str, prefix: str = "") -> Q:
    bounds = period_bounds(value)
    if bounds is None:
        return Q()
    start, end = bounds
    return Q(**{f"{prefix}period_start__lte": end, f"{prefix}period_end__gte": start})


# --- The roadmap list -------------------------------------------------------------------------------


class RoadmapFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Поиск в названии", method="filter_text")
    status = django_filters.ChoiceFilter(
        label="Статус", choices=Roadmap.Status.choices, empty_label="Любой статус"
    )
    kind = django_filters.ChoiceFilter(label="Вид", choices=Roadmap.Kind.choices, empty_label="Любой вид")
    period = django_filters.ChoiceFilter(
        label="Период", choices=[], empty_label="Любой период", method="filter_period"
    )
    organization = django_filters.ModelChoiceFilter(
        label="Организация", queryset=Organization.objects.none(), empty_label="Все организации"
    )

    class Meta:
        model = Roadmap
        fields = ["q", "status", "kind", "period", "organization"]

    def __init__(self, *args, user, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        visible = roadmaps_visible_to(user)
        if not user_scope(user).district_wide:
            self.filters["status"].extra["choices"] = [
                c for c in Roadmap.Status.choices if c[0] != Roadmap.Status.DRAFT
            ]
        span = visible.aggregate(first=Min("period_start"), last=Max("period_end"))
        first = min(span["first"] or today, today)
        last = max(span["last"] or today, today)
        first = max(first, dt.date(last.year - 30, 1, 1))  # a typo in one period must not make 2000 options
        self.filters["period"].extra["choices"] = period_choices(first, last)
        self.filters["organization"].queryset = Organization.objects.filter(
            pk__in=visible.values("organization_id")
        ).order_by("kind", "short_name")

    def filter_text(self, queryset, name, value):
        return queryset.filter(icontains_any(("title",), value)) if value.strip() else queryset

    def filter_period(self, queryset, name, value):
        return queryset.filter(overlapping(value)) if value else queryset


# --- The agenda ---------------------------------------------------------------------------------------


class AgendaFilter(django_filters.FilterSet):
    """Filters of `agenda.occurrences_for_user(...)`. The dates override the default window."""

    VIEWS = [("list", "Список по срокам"), ("month", "Календарь на месяц")]

    roadmap = django_filters.ModelChoiceFilter(
        label="Дорожная карта",
        field_name="row__roadmap",
        queryset=Roadmap.objects.none(),
        empty_label="Все дорожные карты",
    )
    responsible = django_filters.CharFilter(label="Ответственный", method="filter_responsible")
    school = django_filters.ModelChoiceFilter(
        label="Школа",
        queryset=Organization.objects.none(),
        empty_label="Все школы",
        method="filter_school",
    )
    date_from = date_filter("Сроки с", field_name="due_date", lookup="gte")
    date_to = date_filter("Сроки по", field_name="due_date", lookup="lte")
    view = django_filters.ChoiceFilter(label="Вид", choices=VIEWS, empty_label=None, method="filter_nothing")

    class Meta:
        model = Occurrence
        fields = ["roadmap", "responsible", "school", "date_from", "date_to", "view"]
        form = DateRangeFilterForm

    def __init__(self, *args, user, roadmaps, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["roadmap"].queryset = roadmaps.order_by("-period_start", "title")
        self.filters["school"].queryset = (
            organizations_visible_to(user)
            .exclude(kind__in=Organization.DISTRICT_KINDS)
            .order_by("kind", "short_name")
        )

    @property
    def cleaned(self) -> dict:
        """The valid values (empty for an unbound filter); invalid fields are left out."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_responsible(self, queryset, name, value):
        if not value.strip():
            return queryset
        people = Person.objects.filter(icontains_any(("last_name", "first_name", "patronymic"), value))
        linked = RoadmapRow.objects.filter(responsible_people__in=people).values("pk")
        return queryset.filter(icontains_any(("row__responsible_text",), value) | Q(row_id__in=linked))

    def filter_school(self, queryset, name, value):
        if value is None:
            return queryset
        reporting = RoadmapRow.objects.filter(report_schools=value).values("pk")
        responsible = RoadmapRow.objects.filter(responsible_organizations=value).values("pk")
        return queryset.filter(
            Q(row__report_scope=RoadmapRow.ReportScope.ALL)
            | Q(row_id__in=reporting)
            | Q(row_id__in=responsible)
        )
