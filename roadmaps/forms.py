"""Forms of the roadmaps app."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When

from directory.filters import BAD_DATE, DATE_INPUT_FORMATS
from directory.models import Organization, Person

from . import owners
from .models import Roadmap, RoadmapRow
from .reminder_recipients import GROUP_CHOICES

# === Roadmap editor forms (roadmaps/views/editor.py): one row inline, manual dates ==================

ROW_FIELDS = ("number", "activity", "deadline_text", "responsible_text", "result_text")
HEADING_FIELDS = ("number", "activity")


def _textarea(rows: int, placeholder: str = "") -> forms.Textarea:
    return forms.Textarea(
        attrs={"rows": rows, "class": "form-control form-control-sm", "placeholder": placeholder}
    )


class RowForm(forms.Form):
    """The texts of one row as typed in the inline form; a heading has only a number and a title."""

    number = forms.CharField(
        label="№",
        required=False,
        max_length=32,
        error_messages={"max_length": "Номер не длиннее 32 символов."},
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": "1.2."}),
    )
    activity = forms.CharField(
        label="Мероприятие",
        error_messages={"required": "Заполните мероприятие."},
        widget=_textarea(3),
    )
    deadline_text = forms.CharField(
        label="Сроки",
        required=False,
        max_length=500,
        error_messages={"max_length": "Срок не длиннее 500 символов."},
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm", "placeholder": "Ежемесячно, май 2023 г. …"}
        ),
    )
    responsible_text = forms.CharField(label="Ответственные", required=False, widget=_textarea(2))
    result_text = forms.CharField(label="Ожидаемый результат", required=False, widget=_textarea(2))
    # The version the user saw (editing); absent when inserting.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, heading: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.heading = heading
        if heading:
            for name in ("deadline_text", "responsible_text", "result_text"):
                del self.fields[name]
            self.fields["activity"].label = "Раздел"
            self.fields["activity"].error_messages["required"] = "Заполните название раздела."
            self.fields["activity"].widget.attrs["rows"] = 2

    @property
    def text_fields(self) -> tuple[str, ...]:
        return HEADING_FIELDS if self.heading else ROW_FIELDS

    def row_data(self) -> dict[str, str]:
        """The typed texts, only the fields this form has (a heading keeps its other texts)."""
        return {name: self.cleaned_data[name] for name in self.text_fields}

    def typed(self) -> dict[str, str]:
        """What the user typed, valid or not, to show next to a conflicting version."""
        return {name: self.data.get(name, "") for name in self.text_fields}


class RowInsertForm(RowForm):
    """A new row: its texts, and where it goes: above or below `anchor`, or at the end."""

    anchor = forms.IntegerField(required=False, widget=forms.HiddenInput)
    where = forms.ChoiceField(
        choices=[("above", "выше"), ("below", "ниже")], required=False, widget=forms.HiddenInput
    )
    is_heading = forms.BooleanField(required=False, widget=forms.HiddenInput)


_DATE_SPLIT_RE = re.compile(r"[\s,;]+")
_DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_dates(text: str) -> list[dt.date]:
    """«30.09.2022» one per line (commas and spaces also separate). Raises ValidationError in Russian."""
    dates: list[dt.date] = []
    bad: list[str] = []
    for token in _DATE_SPLIT_RE.split(text or ""):
        token = token.strip().rstrip(".")
        if not token:
            continue
        match = _DATE_RE.match(token)
        day = None
        if match:
            try:
                day = dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            except ValueError:
                day = None
        if day is None:
            bad.append(token)
        else:
            dates.append(day)
    if bad:
        shown = ", ".join(f"«{b}»" for b in bad[:5])
        raise forms.ValidationError(
            f"Не удалось прочитать дату: {shown}. Пишите даты в виде дд.мм.гггг, например 30.09.2022, "
            "по одной в строке."
        )
    return sorted(set(dates))


class ManualDatesForm(forms.Form):
    """Due dates set by hand for a deadline the parser cannot read. Empty: back to the deadline text."""

    dates = forms.CharField(
        label="Даты (дд.мм.гггг, по одной в строке)",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 4, "class": "form-control form-control-sm", "placeholder": "30.09.2022"}
        ),
    )

    def clean_dates(self) -> list[dt.date]:
        return parse_dates(self.cleaned_data["dates"])


# === End of the roadmap editor forms ================================================================


# === Roadmap pages: the roadmap's details and copy to a new period =================================
# Plain forms, not model forms: a model form would write the typed values into the roadmap before the
# service sees it, and `services.roadmap_update` must still know the old period to re-read deadlines.

END_BEFORE_START = "Конец периода не может быть раньше начала."


# --- Pure helpers for the copy -------------------------------------------------------------------


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February -> 28 February
        return day.replace(year=day.year + years, day=28)


def period_length_in_years(start: dt.date, end: dt.date) -> int:
    """How many whole years a period spans, rounded (at least one): 01.09.2022–31.08.2023 is 1."""
    return max(1, round(((end - start).days + 1) / 365.25))


def next_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period that follows: shifted by its own length rounded to years.

    01.09.2022–31.08.2023 -> 01.09.2023–31.08.2024; 01.01.2021–31.12.2025 -> 01.01.2026–31.12.2030.
    """
    years = period_length_in_years(start, end)
    new_start, new_end = _add_years(start, years), _add_years(end, years)
    if (end.month, end.day) == (2, 29 if _is_leap(end.year) else 28):  # keep "the end of February"
        new_end = new_end.replace(day=29 if _is_leap(new_end.year) else 28)
    return new_start, new_end


def current_period(start: dt.date, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period moved on as `next_period` does until it has not ended by `today`."""
    while end < today:
        start, end = next_period(start, end)
    return start, end


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# A four-digit year, optionally followed by a two-digit second year («2022-23»); never part of a
# dd.mm.yyyy date (an order's date in a title stays as it is) or of a longer number.
_YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?:(\s*[-–—/]\s*)(\d{2})(?!\d))?(?![\d])")


def shift_title_years(title: str, years: int) -> str:
    """The title with every year moved by `years`.

    «План на 2022-2023 учебный год» -> «План на 2023-2024 учебный год» (years=1);
    «Программа на 2021–2025 годы» -> «Программа на 2026–2030 годы» (years=5);
    «План на 2022/23 уч. год» -> «План на 2023/24 уч. год». Dates such as «от 12.05.2022» stay.
    """

    def replace(match: re.Match) -> str:
        first = int(match.group(1)) + years
        if match.group(3) is None:
            return str(first)
        second = (int(match.group(3)) + years) % 100
        return f"{first}{match.group(2)}{second:02d}"

    return _YEAR_RE.sub(replace, title)


# --- Forms ------------------------------------------------------------------------------------------


def _date_field(label: str) -> forms.DateField:
    field = forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    field.error_messages["invalid"] = BAD_DATE
    field.error_messages["required"] = "Укажите дату."
    return field


def organization_choices() -> QuerySet[Organization]:
    """Every organization, the education office and the methodological office first."""
    return Organization.objects.annotate(
        district_first=Case(
            When(kind__in=Organization.DISTRICT_KINDS, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("district_first", "kind", "short_name")


class _PeriodMixin:
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", END_BEFORE_START)
        return cleaned


class RoadmapForm(_PeriodMixin, forms.Form):
    """The roadmap's details, as `services.roadmap_create` / `roadmap_update` take them."""

    title = forms.CharField(
        label="Название",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Например: «Дорожная карта по развитию ШМО на 2026-2027 учебный год».",
    )
    kind = forms.ChoiceField(label="Вид", choices=Roadmap.Kind.choices, initial=Roadmap.Kind.ROADMAP)
    period_start = _date_field("Начало периода")
    period_end = _date_field("Конец периода")
    goal = forms.CharField(label="Цель", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tasks = forms.CharField(label="Задачи", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(
        label="Статус",
        choices=Roadmap.Status.choices,
        initial=Roadmap.Status.DRAFT,
        help_text="Черновик видят только методисты и администраторы; утверждённую карту — все.",
    )
    organization = forms.ModelChoiceField(
        label="Организация",
        queryset=Organization.objects.none(),
        empty_label="— выберите организацию —",
        help_text="Организация, которая утверждает и ведёт дорожную карту.",
    )

    confirm_past_period = forms.BooleanField(
        label="Утвердить, хотя период карты закончился",
        required=False,
        help_text="Все прошедшие сроки карты сразу станут просроченными у школ.",
    )

    def __init__(self, *args, today: dt.date | None = None, approved_before: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.approved_before = approved_before
        self.fields["organization"].queryset = organization_choices()
        self.fields["title"].error_messages["required"] = "Укажите название."
        # A kind another app owns (owners.py) is made there and never changed here, to or from it.
        current = self.initial.get("kind")
        if current in owners.owned_kinds():
            self.fields["kind"].choices = [c for c in Roadmap.Kind.choices if c[0] == current]
            # Its organization is its owner's (an association's school or office): not chosen here.
            organization = self.initial.get("organization")
            organization_id = getattr(organization, "pk", organization)
            self.fields["organization"].queryset = Organization.objects.filter(pk=organization_id)
            self.fields["organization"].empty_label = None
            self.fields["organization"].help_text = "Организация объединения, которому принадлежит план."
        else:
            self.fields["kind"].choices = [
                c for c in Roadmap.Kind.choices if c[0] not in owners.owned_kinds()
            ]

    @property
    def asks_past_period(self) -> bool:
        return "confirm_past_period" in self.errors

    def clean(self):
        cleaned = super().clean()
        end = cleaned.get("period_end")
        if (
            self.today is not None
            and cleaned.get("status") == Roadmap.Status.APPROVED
            and not self.approved_before
            and end
            and end < self.today
            and not cleaned.get("confirm_past_period")
        ):
            self.add_error(
                "confirm_past_period",
                f"Период карты закончился {end:%d.%m.%Y}: после утверждения все её прошедшие сроки сразу "
                "станут просроченными у школ. Скопируйте карту на текущий период («Копировать на новый "
                "период») или отметьте, что утверждаете её всё равно.",
            )
        return cleaned

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    @staticmethod
    def initial_for(roadmap: Roadmap) -> dict:
        return {
            "title": roadmap.title,
            "kind": roadmap.kind,
            "period_start": roadmap.period_start,
            "period_end": roadmap.period_end,
            "goal": roadmap.goal,
            "tasks": roadmap.tasks,
            "status": roadmap.status,
            "organization": roadmap.organization_id,
        }


class CopyForm(_PeriodMixin, forms.Form):
    """Copy a roadmap to a new period: the new title and period."""

    title = forms.CharField(label="Название копии", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    period_start = _date_field("Начало нового периода")
    period_end = _date_field("Конец нового периода")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Укажите название."

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    @staticmethod
    def initial_for(roadmap: Roadmap, *, today: dt.date | None = None) -> dict:
        """The next period; with `today`, the one running today (a roadmap whose period has ended)."""
        start, end = next_period(roadmap.period_start, roadmap.period_end)
        if today is not None:
            start, end = current_period(roadmap.period_start, roadmap.period_end, today)
        years = period_length_in_years(roadmap.period_start, roadmap.period_end)
        years = max(years, round((start - roadmap.period_start).days / 365.25))
        return {"title": shift_title_years(roadmap.title, years), "period_start": start, "period_end": end}


class RowRemindersForm(forms.Form):
    """Who is reminded of a row: groups, the people kept, one more person to add."""

    groups = forms.MultipleChoiceField(
        label="Группы",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        choices=(),
    )
    people = forms.ModelMultipleChoiceField(
        label="Сотрудники",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        queryset=Person.objects.none(),
    )
    add = forms.ModelChoiceField(
        label="Добавить сотрудника",
        required=False,
        queryset=Person.objects.none(),
        empty_label="— выберите —",
    )

    def __init__(self, *args, row: RoadmapRow, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = GROUP_CHOICES
        linked = row.responsible_people.select_related("organization").order_by("last_name", "first_name")
        self.fields["people"].queryset = linked
        self.fields["people"].label_from_instance = lambda p: f"{p.full_name} ({p.organization.short_name})"
        # Only people who can be told: an active account.
        accounts = Person.objects.filter(user__is_active=True).exclude(pk__in=linked.values("pk"))
        self.fields["add"].queryset = accounts.select_related("organization").order_by(
            "last_name", "first_name"
        )
        self.fields["add"].label_from_instance = lambda p: (
            f"{p.full_name} — {p.position}, {p.organization.short_name}"
        )

    def chosen_people(self) -> list[Person]:
        people = list(self.cleaned_data["people"])
        if self.cleaned_data.get("add") is not None:
            people.append(self.cleaned_data["add"])
        return people
