"""Writes of roadmaps: rows, their order and outline, deadlines -> occurrences, history.

Every edit of a row is a compare-and-set on its `version`: a save based on an old version is
refused with StaleRowError carrying the current row, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from directory.models import Person

from . import deadlines, numbering, responsible
from .models import Occurrence, ProgressReport, Roadmap, RoadmapRow, RowChange
from .reminder_recipients import row_groups

ROW_TEXT_FIELDS = ("number", "activity", "deadline_text", "responsible_text", "result_text")
ROW_LINK_FIELDS = (
    "responsible_people",
    "responsible_organizations",
    "responsible_associations",
    "report_schools",
)
ROADMAP_FIELDS = ("title", "kind", "period_start", "period_end", "goal", "tasks", "status", "organization")
# Far above any real position: moving a block there first keeps (roadmap, position) unique throughout.
_SHIFT = 1_000_000


class StaleRowError(Exception):
    """The row changed (or was deleted) since the user loaded it."""

    def __init__(self, current: RoadmapRow | None):
        self.current = current
        super().__init__("Строку уже изменил другой пользователь." if current else "Строку уже удалили.")


@dataclass(frozen=True)
class RowData:
    """One row as it arrives from an import or a form."""

    activity: str
    number: str = ""
    is_heading: bool = False
    deadline_text: str = ""
    responsible_text: str = ""
    result_text: str = ""
    level: int | None = None


def row_snapshot(row: RoadmapRow) -> dict:
    return {
        "position": row.position,
        "level": row.level,
        "is_heading": row.is_heading,
        "number": row.number,
        "activity": row.activity,
        "deadline_text": row.deadline_text,
        "responsible_text": row.responsible_text,
        "result_text": row.result_text,
        "version": row.version,
    }


def _log(*, roadmap: Roadmap, user, action: str, row: RoadmapRow | None = None, before=None, after=None):
    RowChange.objects.create(roadmap=roadmap, row=row, user=user, action=action, before=before, after=after)


# --- Occurrences ---------------------------------------------------------------------------------


def _desired(row: RoadmapRow, start: dt.date, end: dt.date) -> tuple[deadlines.Schedule, set[dt.date]]:
    if row.is_heading:
        return deadlines.Schedule(deadlines.ON_REQUEST), set()
    schedule = deadlines.parse_deadline(row.deadline_text, start, end)
    if settings.ROADMAP_SKIP_SUMMER:
        # No reminders during the summer holidays; the text and its kind stay as written.
        schedule = deadlines.skip_summer(schedule)
    return schedule, set(schedule.due)


def occurrences_sync(*, roadmap: Roadmap, rows: Iterable[RoadmapRow] | None = None) -> None:
    """Re-read deadlines of `rows` (all rows by default) and bring their occurrences in step.

    A constant number of queries whatever the number of rows. Rows with manual dates keep theirs.
    An occurrence that is no longer due but has reports is kept inactive (never deleted), and comes
    back to life if its date is due again.
    """
    rows = list(rows) if rows is not None else list(roadmap.rows.all())
    if not rows:
        return
    existing: dict[int, dict[dt.date, tuple[int, bool]]] = {}
    for pk, row_id, due, active in Occurrence.objects.filter(row__in=rows).values_list(
        "pk", "row_id", "due_date", "is_active"
    ):
        existing.setdefault(row_id, {})[due] = (pk, active)
    reported = set(
        ProgressReport.objects.filter(occurrence__row__in=rows)
        .values_list("occurrence_id", flat=True)
        .distinct()
    )
    to_create: list[Occurrence] = []
    to_delete: list[int] = []
    to_deactivate: list[int] = []
    to_activate: list[int] = []
    changed_rows: list[RoadmapRow] = []
    for row in rows:
        schedule, wanted = _desired(row, roadmap.period_start, roadmap.period_end)
        kind = deadlines.ON_REQUEST if row.is_heading else schedule.kind
        if (row.schedule_kind, row.schedule_note) != (kind, schedule.note):
            row.schedule_kind, row.schedule_note = kind, schedule.note
            changed_rows.append(row)
        have = existing.get(row.pk, {})
        if row.manual_dates and not row.is_heading:
            # Manual dates stay, but those outside a new period go.
            wanted = {
                d
                for d, (_, active) in have.items()
                if active and roadmap.period_start <= d <= roadmap.period_end
            }
        for due in wanted:
            if due not in have:
                to_create.append(Occurrence(row=row, due_date=due, is_manual=row.manual_dates))
            elif not have[due][1]:
                to_activate.append(have[due][0])
        for due, (pk, active) in have.items():
            if due in wanted or not active:
                continue
            (to_deactivate if pk in reported else to_delete).append(pk)
    if changed_rows:
        RoadmapRow.objects.bulk_update(changed_rows, ["schedule_kind", "schedule_note"], batch_size=500)
    if to_delete:
        Occurrence.objects.filter(pk__in=to_delete).delete()
    if to_deactivate:
        Occurrence.objects.filter(pk__in=to_deactivate).update(is_active=False)
    if to_activate:
        Occurrence.objects.filter(pk__in=to_activate).update(is_active=True)
    if to_create:
        Occurrence.objects.bulk_create(to_create, batch_size=1000)


def responsible_links_sync(*, rows: Sequence[RoadmapRow]) -> None:
    """Read the role and the named people from each row's «Ответственные» text (constant queries)."""
    rows = [row for row in rows if not row.is_heading]
    if not rows:
        return
    texts = " ".join(row.responsible_text for row in rows)
    candidates = [
        responsible.Candidate(pk, last, first, middle)
        for pk, last, first, middle in Person.objects.values_list(
            "pk", "last_name", "first_name", "patronymic"
        )
        if last and last.replace("ё", "е") in texts.replace("ё", "е")
    ]
    changed = []
    for row in rows:
        role = responsible.detect_role(row.responsible_text)
        if row.responsible_role != role:
            row.responsible_role = role
            changed.append(row)
    if changed:
        RoadmapRow.objects.bulk_update(changed, ["responsible_role"], batch_size=500)
    # People the методист chose by hand for the reminders stay whatever the text says.
    rows = [row for row in rows if not row.reminders_by_hand]
    through = RoadmapRow.responsible_people.through
    through.objects.filter(roadmaprow_id__in=[row.pk for row in rows]).delete()
    through.objects.bulk_create(
        [
            through(roadmaprow_id=row.pk, person_id=person_id)
            for row in rows
            for person_id in responsible.find_people(row.responsible_text, candidates)
        ]
    )


def _reminders_snapshot(row: RoadmapRow) -> str:
    """«методисты кабинета, Волкова Е.В.»: who the row reminds, for the history."""
    groups = [responsible.GROUP_LABELS[g] for g in row_groups(row)]
    people = [p.short_name for p in row.responsible_people.order_by("last_name", "first_name")]
    return ", ".join(groups + people) or "никто"


@transaction.atomic
def row_reminders_set(
    *, user, row: RoadmapRow, groups: Sequence[str], people: Iterable[Person]
) -> RoadmapRow:
    """The методист's choice of who is reminded of the row (groups and people), kept over text edits."""
    if row.is_heading:
        raise ValidationError("У заголовка раздела нет напоминаний.")
    unknown = [g for g in groups if g not in responsible.GROUP_LABELS]
    if unknown:
        raise ValidationError("Неизвестная группа получателей напоминаний.")
    before = _reminders_snapshot(row)
    row.reminders_by_hand = True
    row.reminder_groups = [g for g in responsible.GROUP_LABELS if g in groups]
    row.save(update_fields=["reminders_by_hand", "reminder_groups", "updated_at"])
    row.responsible_people.set(list(people))
    after = _reminders_snapshot(row)
    if before != after:
        _log(
            roadmap=row.roadmap,
            user=user,
            action=RowChange.Action.UPDATE,
            row=row,
            before={"reminders": before},
            after={"reminders": after, "reminders_by_hand": True},
        )
    return row


@transaction.atomic
def row_reminders_reset(*, user, row: RoadmapRow) -> RoadmapRow:
    """Who is reminded follows the «Ответственные» text again (the choice by hand is dropped)."""
    before = _reminders_snapshot(row)
    row.reminders_by_hand = False
    row.reminder_groups = []
    row.save(update_fields=["reminders_by_hand", "reminder_groups", "updated_at"])
    responsible_links_sync(rows=[row])
    _log(
        roadmap=row.roadmap,
        user=user,
        action=RowChange.Action.UPDATE,
        row=row,
        before={"reminders": before},
        after={"reminders": _reminders_snapshot(row), "reminders_by_hand": False},
    )
    return row


@transaction.atomic
def row_set_manual_dates(*, user, row: RoadmapRow, dates: Sequence[dt.date]) -> RoadmapRow:
    """Dates set by hand (for a deadline the parser cannot read); an empty list returns to the text."""
    roadmap = row.roadmap
    if row.is_heading:
        raise ValidationError("У заголовка раздела нет сроков.")
    outside = [d for d in dates if not roadmap.period_start <= d <= roadmap.period_end]
    if outside:
        raise ValidationError(
            "Дата %(date)s вне периода дорожной карты (%(period)s).",
            params={"date": outside[0].strftime("%d.%m.%Y"), "period": roadmap.period_label},
        )
    active = row.occurrences.filter(is_active=True)
    before = sorted(d.isoformat() for d in active.values_list("due_date", flat=True))
    row.manual_dates = bool(dates)
    row.save(update_fields=["manual_dates", "updated_at"])
    if dates:
        # The chosen dates become active manual occurrences; the others go, or stay inactive with reports.
        row.occurrences.filter(due_date__in=dates).update(is_active=True, is_manual=True)
        have = set(row.occurrences.values_list("due_date", flat=True))
        Occurrence.objects.bulk_create(
            [Occurrence(row=row, due_date=d, is_manual=True) for d in sorted(set(dates) - have)]
        )
        stale = row.occurrences.exclude(due_date__in=dates)
        stale.filter(reports__isnull=True).delete()
        stale.update(is_active=False)
    else:
        occurrences_sync(roadmap=roadmap, rows=[row])
    _log(
        roadmap=roadmap,
        user=user,
        action=RowChange.Action.UPDATE,
        row=row,
        before={"dates": before},
        after={"dates": sorted(d.isoformat() for d in set(dates))},
    )
    return row


# --- Roadmaps --------------------------------------------------------------------------------------


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError({"period_end": "Конец периода не может быть раньше начала."})
    if (end - start).days > 366 * 10:
        raise ValidationError({"period_end": "Период дорожной карты не может быть длиннее 10 лет."})


@transaction.atomic
def roadmap_create(*, user, data: dict, rows: Sequence[RowData] = ()) -> Roadmap:
    """A new roadmap with its rows (from a form, an import or a copy) and their occurrences."""
    _check_period(data["period_start"], data["period_end"])
    roadmap = Roadmap(created_by=user)
    for name in (*ROADMAP_FIELDS, "source_order", "source_file_name", "copied_from"):
        if name in data:
            setattr(roadmap, name, data[name])
    roadmap.full_clean()
    roadmap.save()
    if rows:
        rows_append(user=user, roadmap=roadmap, rows=rows, action=RowChange.Action.IMPORT)
    return roadmap


@transaction.atomic
def roadmap_update(*, user, roadmap: Roadmap, data: dict) -> Roadmap:
    """Change the roadmap's details; a new period re-reads every deadline."""
    before = {name: str(getattr(roadmap, name)) for name in ROADMAP_FIELDS}
    old_period = (roadmap.period_start, roadmap.period_end)
    for name in ROADMAP_FIELDS:
        if name in data:
            setattr(roadmap, name, data[name])
    _check_period(roadmap.period_start, roadmap.period_end)
    roadmap.full_clean()
    roadmap.save()
    if (roadmap.period_start, roadmap.period_end) != old_period:
        occurrences_sync(roadmap=roadmap)
    after = {name: str(getattr(roadmap, name)) for name in ROADMAP_FIELDS}
    if before != after:
        _log(roadmap=roadmap, user=user, action=RowChange.Action.ROADMAP, before=before, after=after)
    return roadmap


def rows_append(
    *, user, roadmap: Roadmap, rows: Sequence[RowData], action: str = RowChange.Action.IMPORT
) -> int:
    """Append many rows at the end in a constant number of queries; returns how many."""
    start = (roadmap.rows.aggregate(m=Max("position"))["m"] or 0) + 1
    levels = numbering.infer_levels([(r.is_heading, r.number) for r in rows])
    objects = []
    for offset, (data, level) in enumerate(zip(rows, levels, strict=True)):
        if not data.activity.strip():
            raise ValidationError(f"Строка {offset + 1}: не заполнено мероприятие.")
        objects.append(
            RoadmapRow(
                roadmap=roadmap,
                position=start + offset,
                level=data.level if data.level is not None else level,
                is_heading=data.is_heading,
                number=data.number.strip(),
                activity=data.activity.strip(),
                deadline_text="" if data.is_heading else data.deadline_text.strip(),
                responsible_text=data.responsible_text.strip(),
                result_text=data.result_text.strip(),
            )
        )
    for obj in objects:
        obj.clean_fields(exclude=["roadmap"])
    created = RoadmapRow.objects.bulk_create(objects, batch_size=500)
    if not all(row.pk for row in created):  # backends without RETURNING ids
        created = list(roadmap.rows.filter(position__gte=start).order_by("position"))
    occurrences_sync(roadmap=roadmap, rows=created)
    responsible_links_sync(rows=created)
    _log(roadmap=roadmap, user=user, action=action, after={"rows": len(created)})
    return len(created)


@transaction.atomic
def roadmap_copy(
    *, user, roadmap: Roadmap, period_start: dt.date, period_end: dt.date, title: str
) -> Roadmap:
    """A draft copy for a new period: rows and links copied, deadlines re-read for the new period."""
    copy = roadmap_create(
        user=user,
        data={
            "title": title,
            "kind": roadmap.kind,
            "period_start": period_start,
            "period_end": period_end,
            "goal": roadmap.goal,
            "tasks": roadmap.tasks,
            "status": Roadmap.Status.DRAFT,
            "organization": roadmap.organization,
            "copied_from": roadmap,
        },
    )
    source_rows = list(roadmap.rows.order_by("position").prefetch_related(*ROW_LINK_FIELDS))
    new_rows = RoadmapRow.objects.bulk_create(
        [
            RoadmapRow(
                roadmap=copy,
                position=row.position,
                level=row.level,
                is_heading=row.is_heading,
                number=row.number,
                activity=row.activity,
                deadline_text=row.deadline_text,
                responsible_text=row.responsible_text,
                result_text=row.result_text,
                responsible_role=row.responsible_role,
                reminders_by_hand=row.reminders_by_hand,
                reminder_groups=row.reminder_groups,
                report_scope=row.report_scope,
            )
            for row in source_rows
        ]
    )
    if not all(row.pk for row in new_rows):
        new_rows = list(copy.rows.order_by("position"))
    for name in ROW_LINK_FIELDS:
        field = RoadmapRow._meta.get_field(name)
        through = field.remote_field.through
        source_key, target_key = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            [
                through(**{source_key: new.pk, target_key: target.pk})
                for old, new in zip(source_rows, new_rows, strict=True)
                for target in getattr(old, name).all()
            ]
        )
    occurrences_sync(roadmap=copy, rows=new_rows)
    _log(
        roadmap=copy,
        user=user,
        action=RowChange.Action.IMPORT,
        after={"copied_from": roadmap.pk, "rows": len(new_rows)},
    )
    return copy


# --- Rows ------------------------------------------------------------------------------------------


def _lock(roadmap: Roadmap) -> None:
    """Serialise structural edits (insert, delete, move, indent, renumber) of one roadmap."""
    Roadmap.objects.select_for_update().filter(pk=roadmap.pk).first()


def _ordered_rows(roadmap: Roadmap) -> list[RoadmapRow]:
    return list(roadmap.rows.order_by("position"))


def _write_positions(roadmap: Roadmap, rows: Sequence[RoadmapRow]) -> None:
    """Give `rows` the positions 1..n in order, keeping (roadmap, position) unique at every step."""
    RoadmapRow.objects.filter(roadmap=roadmap).update(position=F("position") + _SHIFT)
    for index, row in enumerate(rows, start=1):
        row.position = index
    RoadmapRow.objects.bulk_update(rows, ["position"], batch_size=500)


@transaction.atomic
def row_insert(
    *,
    user,
    roadmap: Roadmap,
    data: RowData,
    anchor: RoadmapRow | None = None,
    where: str = "below",
) -> RoadmapRow:
    """Insert a row above or below `anchor` (at the end when there is none), at the anchor's level."""
    if not data.activity.strip():
        raise ValidationError({"activity": "Заполните мероприятие."})
    _lock(roadmap)
    rows = _ordered_rows(roadmap)
    if anchor is None:
        index = len(rows)
        level = (
            data.level
            if data.level is not None
            else (0 if data.is_heading else (rows[-1].level if rows else 0))
        )
    else:
        index = next(i for i, r in enumerate(rows) if r.pk == anchor.pk) + (1 if where == "below" else 0)
        level = data.level if data.level is not None else anchor.level
    row = RoadmapRow(
        roadmap=roadmap,
        position=_SHIFT * 2,
        level=level,
        is_heading=data.is_heading,
        number=data.number.strip(),
        activity=data.activity.strip(),
        deadline_text="" if data.is_heading else data.deadline_text.strip(),
        responsible_text=data.responsible_text.strip(),
        result_text=data.result_text.strip(),
    )
    row.full_clean(exclude=["position"])
    row.save()
    rows.insert(index, row)
    _write_positions(roadmap, rows)
    occurrences_sync(roadmap=roadmap, rows=[row])
    responsible_links_sync(rows=[row])
    _log(roadmap=roadmap, user=user, action=RowChange.Action.CREATE, row=row, after=row_snapshot(row))
    return row


def _compare_and_set(row: RoadmapRow, version: int, **fields) -> RoadmapRow:
    """Write `fields` only if the row is still at `version`; bump the version. Raises StaleRowError."""
    updated = RoadmapRow.objects.filter(pk=row.pk, version=version).update(version=F("version") + 1, **fields)
    if updated != 1:
        raise StaleRowError(RoadmapRow.objects.filter(pk=row.pk).first())
    row.refresh_from_db()
    return row


@transaction.atomic
def row_update(*, user, row: RoadmapRow, data: dict, version: int) -> RoadmapRow:
    """Change a row's texts. `version` is the one the user saw; an older one is refused."""
    roadmap = row.roadmap
    before = row_snapshot(row)
    fields = {name: str(data[name]).strip() for name in ROW_TEXT_FIELDS if name in data}
    if "activity" in fields and not fields["activity"]:
        raise ValidationError({"activity": "Мероприятие не может быть пустым."})
    if "number" in fields and len(fields["number"]) > 32:
        raise ValidationError({"number": "Номер не длиннее 32 символов."})
    if "deadline_text" in fields and len(fields["deadline_text"]) > 500:
        raise ValidationError({"deadline_text": "Срок не длиннее 500 символов."})
    if row.is_heading:
        fields.pop("deadline_text", None)
    if all(before[name] == value for name, value in fields.items()):
        if row.version != version:
            raise StaleRowError(RoadmapRow.objects.filter(pk=row.pk).first())
        return row  # nothing changed: no new version, no history entry
    row = _compare_and_set(row, version, **fields)
    row.roadmap = roadmap
    if before["deadline_text"] != row.deadline_text and not row.manual_dates:
        occurrences_sync(roadmap=roadmap, rows=[row])
    if before["responsible_text"] != row.responsible_text:
        responsible_links_sync(rows=[row])
    after = row_snapshot(row)
    _log(roadmap=roadmap, user=user, action=RowChange.Action.UPDATE, row=row, before=before, after=after)
    return row


@transaction.atomic
def row_delete(*, user, row: RoadmapRow, version: int) -> RowChange:
    """Delete a row; the returned change holds everything needed to restore it (undo)."""
    roadmap = row.roadmap
    _lock(roadmap)
    current = RoadmapRow.objects.select_for_update().filter(pk=row.pk).first()
    if current is None or current.version != version:
        raise StaleRowError(current)
    snapshot = row_snapshot(current)
    snapshot["id"] = current.pk
    snapshot["dates"] = [d.isoformat() for d in current.occurrences.values_list("due_date", flat=True)]
    snapshot["manual_dates"] = current.manual_dates
    current.delete()
    _write_positions(roadmap, _ordered_rows(roadmap))
    change = RowChange.objects.create(
        roadmap=roadmap, row=None, user=user, action=RowChange.Action.DELETE, before=snapshot
    )
    return change


@transaction.atomic
def row_restore(*, user, change: RowChange) -> RoadmapRow:
    """Undo a deletion: the row comes back at its old place with its texts and dates."""
    if change.action != RowChange.Action.DELETE or not change.before:
        raise ValidationError("Это изменение нельзя отменить.")
    if RowChange.objects.filter(action=RowChange.Action.RESTORE, before__restored_change=change.pk).exists():
        raise ValidationError("Удаление уже отменено.")
    roadmap = change.roadmap
    _lock(roadmap)
    data = change.before
    rows = _ordered_rows(roadmap)
    row = RoadmapRow.objects.create(
        roadmap=roadmap,
        position=_SHIFT * 2,
        level=data["level"],
        is_heading=data["is_heading"],
        number=data["number"],
        activity=data["activity"],
        deadline_text=data["deadline_text"],
        responsible_text=data["responsible_text"],
        result_text=data["result_text"],
        manual_dates=data.get("manual_dates", False),
    )
    rows.insert(min(max(data["position"] - 1, 0), len(rows)), row)
    _write_positions(roadmap, rows)
    if row.manual_dates:
        Occurrence.objects.bulk_create(
            [
                Occurrence(row=row, due_date=dt.date.fromisoformat(d), is_manual=True)
                for d in data.get("dates", [])
            ]
        )
    occurrences_sync(roadmap=roadmap, rows=[row])
    _log(
        roadmap=roadmap,
        user=user,
        action=RowChange.Action.RESTORE,
        row=row,
        before={"restored_change": change.pk},
        after=row_snapshot(row),
    )
    return row


@transaction.atomic
def row_move(*, user, row: RoadmapRow, direction: str, version: int) -> RoadmapRow:
    """Move a row one place up or down. Moving past the first or last row is refused."""
    roadmap = row.roadmap
    _lock(roadmap)
    rows = _ordered_rows(roadmap)
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    target = index - 1 if direction == "up" else index + 1
    if target < 0 or target >= len(rows):
        raise ValidationError("Строку некуда перемещать.")
    row = _compare_and_set(row, version)
    row.roadmap = roadmap
    rows[index], rows[target] = rows[target], rows[index]
    _write_positions(roadmap, rows)
    _log(
        roadmap=roadmap,
        user=user,
        action=RowChange.Action.MOVE,
        row=row,
        before={"position": index + 1},
        after={"position": target + 1},
    )
    return row


@transaction.atomic
def row_indent(*, user, row: RoadmapRow, delta: int, version: int) -> RoadmapRow:
    """Indent (+1) or outdent (-1) a row together with the rows nested under it.

    A row can sit at most one level below the row above it, so its sub-rows move with it.
    """
    roadmap = row.roadmap
    _lock(roadmap)
    rows = _ordered_rows(roadmap)
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    previous = rows[index - 1] if index else None
    new_level = row.level + delta
    max_level = (previous.level + 1) if previous else 0
    if new_level < 0 or new_level > min(max_level, 5):
        raise ValidationError("Уровень строки нельзя изменить так.")
    subtree = []
    for following in rows[index + 1 :]:
        if following.level <= row.level:
            break
        subtree.append(following)
    if any(not 0 <= r.level + delta <= 5 for r in subtree):
        raise ValidationError("Уровень вложенных строк нельзя изменить так.")
    before = row.level
    row = _compare_and_set(row, version, level=new_level)
    row.roadmap = roadmap
    if subtree:
        for following in subtree:
            following.level += delta
            following.version += 1
        RoadmapRow.objects.bulk_update(subtree, ["level", "version"], batch_size=500)
    _log(
        roadmap=roadmap,
        user=user,
        action=RowChange.Action.INDENT,
        row=row,
        before={"level": before},
        after={"level": new_level, "nested_rows": len(subtree)},
    )
    return row


class RenumberNeedsConfirmation(ValidationError):
    """A renumbering would change the depth of numbers as written; `changes` lists (row, old, new)."""

    def __init__(self, changes: list[tuple[RoadmapRow, str, str]]):
        self.changes = changes
        super().__init__(
            "Перенумерация изменит уровень номеров: "
            + ", ".join(f"«{old}» → «{new}»" for _, old, new in changes[:10])
            + (" …" if len(changes) > 10 else "")
            + ". Проверьте отступы строк или подтвердите перенумерацию."
        )


def renumber_depth_changes(*, roadmap: Roadmap) -> list[tuple[RoadmapRow, str, str]]:
    """(row, old, new) for every written number whose depth «Перенумеровать» would change."""
    rows = _ordered_rows(roadmap)
    numbers = numbering.renumber([r.level for r in rows])
    return [
        (rows[index], old, new)
        for index, old, new in numbering.depth_changes([(r.is_heading, r.number) for r in rows], numbers)
    ]


@transaction.atomic
def roadmap_renumber(*, user, roadmap: Roadmap, confirm_depth_changes: bool = False) -> int:
    """Number every row from the outline (1., 1.1., 1.2. …) — only when the user asks. Returns changes.

    A renumbering that would move a written number to another depth («4.» → «3.5.») changes nothing
    and raises RenumberNeedsConfirmation unless `confirm_depth_changes`.
    """
    _lock(roadmap)
    rows = _ordered_rows(roadmap)
    numbers = numbering.renumber([r.level for r in rows])
    if not confirm_depth_changes:
        changes = numbering.depth_changes([(r.is_heading, r.number) for r in rows], numbers)
        if changes:
            raise RenumberNeedsConfirmation([(rows[i], old, new) for i, old, new in changes])
    changed = []
    before = {}
    for row, number in zip(rows, numbers, strict=True):
        if row.number != number:
            before[row.pk] = row.number
            row.number = number
            row.version += 1
            changed.append(row)
    RoadmapRow.objects.bulk_update(changed, ["number", "version"], batch_size=500)
    if changed:
        _log(
            roadmap=roadmap,
            user=user,
            action=RowChange.Action.RENUMBER,
            before={str(pk): n for pk, n in before.items()},
            after={str(r.pk): r.number for r in changed},
        )
    return len(changed)
