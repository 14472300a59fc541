"""Reads for the roadmap page and its history, each in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone

from progress.links import row_work

from . import deadlines
from .forms import current_period
from .models import Occurrence, Roadmap, RoadmapRow, RowChange
from .services import ROADMAP_FIELDS

MAX_LEVEL = 5
HISTORY_PAGE_SIZE = 50
DATES_SHOWN = 12  # more dates (a weekly deadline) fold under «ещё N»
RENUMBER_SHOWN = 30

# --- Rows of the roadmap page -------------------------------------------------------------------------


def _due_dates(**rows) -> dict[int, list[dt.date]]:
    """Row id -> its active due dates in order, for the rows that `rows` (filter arguments) select, in
    one query (plain values: a page of 300 rows has as many dates; model objects would cost more)."""
    found: dict[int, list[dt.date]] = {}
    occurrences = Occurrence.objects.filter(is_active=True, **rows).order_by("row_id", "due_date")
    for row_id, day in occurrences.values_list("row_id", "due_date"):
        found.setdefault(row_id, []).append(day)
    return found


def _schedule_view(row: RoadmapRow) -> str:
    """How the dates column shows the row: heading, manual, unparsed, on_request, continuous, dates."""
    if row.is_heading:
        return "heading"
    if row.manual_dates:
        return "manual"
    if row.schedule_kind in (deadlines.UNPARSED, deadlines.ON_REQUEST, deadlines.CONTINUOUS):
        return row.schedule_kind
    return "dates"


def _decorate(row: RoadmapRow, roadmap: Roadmap, days: list[dt.date], work=None) -> RoadmapRow:
    row.roadmap = roadmap
    # Work other apps did for the item (a monitoring it ordered…), through progress.links.
    row.linked_work = (work or {}).get(row.pk, [])
    row.due_dates = days
    row.due_labels = [d.strftime("%d.%m.%Y") for d in days]
    # (label, why it is a day off or "") for the dates column: a due date on a day off is marked.
    marked = [(label, deadlines.day_off(d)) for label, d in zip(row.due_labels, days, strict=True)]
    row.due_head, row.due_rest = marked[:DATES_SHOWN], marked[DATES_SHOWN:]
    row.schedule_view = _schedule_view(row)
    return row


def roadmap_rows(*, roadmap: Roadmap) -> list[RoadmapRow]:
    """Every row in order with its due dates (`due_dates`, `due_labels`…): two queries whatever the
    number of rows."""
    rows = list(roadmap.rows.order_by("position"))
    days = _due_dates(row__roadmap=roadmap)
    work = row_work(row.pk for row in rows if not row.is_heading)
    return [_decorate(row, roadmap, days.get(row.pk, []), work) for row in rows]


def roadmap_row(*, roadmap: Roadmap, row_pk: int) -> RoadmapRow | None:
    """One row for its partial, with its due dates (two queries)."""
    row = roadmap.rows.filter(pk=row_pk).first()
    if row is None:
        return None
    work = row_work([] if row.is_heading else [row.pk])
    return _decorate(row, roadmap, _due_dates(row=row).get(row.pk, []), work)


def insert_level(*, roadmap: Roadmap, anchor: RoadmapRow | None, where: str, is_heading: bool) -> int:
    """The outline level of a new row: an item right below a heading goes one level under it."""
    if anchor is None:
        if is_heading:
            return 0
        last = roadmap.rows.order_by("-position").only("level", "is_heading").first()
        if last is None:
            return 0
        return min(last.level + 1, MAX_LEVEL) if last.is_heading else last.level
    if where == "below" and anchor.is_heading and not is_heading:
        return min(anchor.level + 1, MAX_LEVEL)
    return anchor.level


# --- Who changed a row --------------------------------------------------------------------------------


def user_label(user) -> str:
    """The person's full name when the login belongs to one, else the user's name or login."""
    if user is None:
        return "неизвестный пользователь"
    try:
        person = user.person
    except ObjectDoesNotExist:
        person = None
    if person is not None:
        return person.full_name
    return user.get_full_name() or user.username


def time_label(moment: dt.datetime) -> str:
    """«в 14:05» today, «21.11.2026 в 14:05» another day, in the local time zone."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return local.strftime("в %H:%M")
    return local.strftime("%d.%m.%Y в %H:%M")


def row_last_change(*, row: RoadmapRow) -> RowChange | None:
    """The latest change that touched the row: its own entries and renumberings that changed it."""
    return (
        RowChange.objects.filter(roadmap_id=row.roadmap_id)
        .filter(Q(row_id=row.pk) | Q(action=RowChange.Action.RENUMBER, after__has_key=str(row.pk)))
        .select_related("user__person")
        .order_by("-at", "-pk")
        .first()
    )


# --- History ------------------------------------------------------------------------------------------

FIELD_LABELS = {
    "number": "№",
    "activity": "Мероприятие",
    "deadline_text": "Сроки",
    "responsible_text": "Ответственные",
    "result_text": "Ожидаемый результат",
    "is_heading": "Заголовок раздела",
    "level": "Уровень",
    "position": "Место в карте",
    "reminders": "Напоминания получат",
    "dates": "Даты",
}
ROW_TEXTS = ("number", "activity", "deadline_text", "responsible_text", "result_text")
ROADMAP_VALUE_LABELS = {
    "kind": dict(Roadmap.Kind.choices),
    "status": dict(Roadmap.Status.choices),
}


@dataclass
class Diff:
    label: str
    before: str
    after: str


@dataclass
class ChangeView:
    change: RowChange
    who: str
    action: str
    row_label: str = ""
    diffs: list[Diff] = field(default_factory=list)
    summary: str = ""


def roadmap_changes(*, roadmap: Roadmap) -> QuerySet[RowChange]:
    return roadmap.changes.select_related("user__person", "row").order_by("-at", "-pk")


def _row_label(data: dict | None, row: RoadmapRow | None = None) -> str:
    source = data if data and data.get("activity") else None
    if source is None and row is not None:
        source = {"number": row.number, "activity": row.activity}
    if not source:
        return ""
    activity = source.get("activity", "")
    if len(activity) > 90:
        activity = activity[:89] + "…"
    return f"{source.get('number', '')} {activity}".strip()


def _show(name: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if name == "is_heading":
        return "да" if value else "нет"
    if name == "level":
        return str(int(value) + 1)
    if name == "dates":
        return ", ".join(dt.date.fromisoformat(d).strftime("%d.%m.%Y") for d in value)
    if name in ("period_start", "period_end"):
        try:
            return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
        except ValueError:
            return str(value)
    if name in ROADMAP_VALUE_LABELS:
        return ROADMAP_VALUE_LABELS[name].get(value, str(value))
    return str(value)


def _diffs(before: dict, after: dict, names: Iterable[str], labels: dict[str, str]) -> list[Diff]:
    result = []
    for name in names:
        old, new = before.get(name), after.get(name)
        if (name in before or name in after) and (old or "") != (new or ""):
            result.append(Diff(labels.get(name, name), _show(name, old), _show(name, new)))
    return result


def _roadmap_labels() -> dict[str, str]:
    return {name: str(Roadmap._meta.get_field(name).verbose_name).capitalize() for name in ROADMAP_FIELDS}


def describe_changes(changes: Sequence[RowChange]) -> list[ChangeView]:
    """What each change did, in Russian, with only the changed fields (one query for renumberings)."""
    renumbered_ids = {
        int(pk) for c in changes if c.action == RowChange.Action.RENUMBER for pk in (c.after or {})
    }
    activities = (
        dict(RoadmapRow.objects.filter(pk__in=renumbered_ids).values_list("pk", "activity"))
        if renumbered_ids
        else {}
    )
    views = []
    for change in changes:
        before, after = change.before or {}, change.after or {}
        view = ChangeView(change=change, who=user_label(change.user), action=change.get_action_display())
        action = change.action
        if action in (RowChange.Action.CREATE, RowChange.Action.RESTORE):
            view.row_label = _row_label(after, change.row)
            view.diffs = _diffs({}, after, ROW_TEXTS, FIELD_LABELS)
        elif action == RowChange.Action.DELETE:
            view.row_label = _row_label(before)
            view.diffs = _diffs(before, {}, ROW_TEXTS, FIELD_LABELS)
        elif action == RowChange.Action.UPDATE:
            view.row_label = _row_label(after, change.row)
            view.diffs = _diffs(
                before, after, (*ROW_TEXTS, "is_heading", "level", "dates", "reminders"), FIELD_LABELS
            )
            if "dates" in after:
                view.summary = "Даты заданы вручную." if after["dates"] else "Даты снова берутся из срока."
            if "reminders_by_hand" in after:
                view.summary = (
                    "Получатели напоминаний заданы вручную."
                    if after["reminders_by_hand"]
                    else "Получатели напоминаний снова берутся из текста «Ответственные»."
                )
        elif action in (RowChange.Action.MOVE, RowChange.Action.INDENT):
            view.row_label = _row_label(None, change.row) or "строка удалена"
            view.diffs = _diffs(before, after, ("position", "level"), FIELD_LABELS)
        elif action == RowChange.Action.RENUMBER:
            items = list(after.items())
            view.summary = f"Изменены номера строк: {len(items)}."
            for pk, number in items[:RENUMBER_SHOWN]:
                activity = activities.get(int(pk), "строка удалена")
                if len(activity) > 60:
                    activity = activity[:59] + "…"
                view.diffs.append(
                    Diff(f"№ · {activity}", _show("number", before.get(pk)), _show("number", number))
                )
            if len(items) > RENUMBER_SHOWN:
                view.summary += f" Показаны первые {RENUMBER_SHOWN}."
        elif action == RowChange.Action.IMPORT:
            rows = after.get("rows", 0)
            if after.get("copied_from"):
                view.summary = f"Карта скопирована из другой (№ {after['copied_from']}), строк: {rows}."
            else:
                view.summary = f"Добавлено строк: {rows}."
        elif action == RowChange.Action.ROADMAP:
            view.diffs = _diffs(before, after, ROADMAP_FIELDS, _roadmap_labels())
        views.append(view)
    return views


# --- Approving after the period -------------------------------------------------------------------------


@dataclass(frozen=True)
class PastPeriod:
    """Why approving this roadmap now would flood the schools with overdue items."""

    period_end: dt.date
    overdue: int  # items' due dates already past: each one overdue at once after approval
    current_start: dt.date  # the period of the same length that runs today: where to copy it
    current_end: dt.date


def past_period(
    *, roadmap: Roadmap, today: dt.date, rows: Sequence[RoadmapRow] | None = None
) -> PastPeriod | None:
    """A warning when a roadmap not yet approved has a period that ended before `today`; else None.

    `rows`: the page's rows from `roadmap_rows` (their dates already loaded: no query more)."""
    if roadmap.status == Roadmap.Status.APPROVED or roadmap.period_end >= today:
        return None
    if rows is not None:
        overdue = sum(1 for r in rows if not r.is_heading for day in r.due_dates if day < today)
    else:
        overdue = Occurrence.objects.filter(
            row__roadmap=roadmap, row__is_heading=False, is_active=True, due_date__lt=today
        ).count()
    start, end = current_period(roadmap.period_start, roadmap.period_end, today)
    return PastPeriod(roadmap.period_end, overdue, start, end)
