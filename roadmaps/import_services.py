"""Import of a roadmap from Word, Excel or pasted text: upload → preview → confirm.

Upload parses the document (roadmaps.importers, pure) and refuses it whole, storing nothing, when
it holds no roadmap table or something in it would not fit the roadmap. A readable document
becomes a pending RoadmapImport with the parsed rows in its payload. On the preview the methodist
may still change the title and the period (deadlines are re-read for the new period). Confirming
creates the roadmap with all its rows and occurrences in one transaction, or nothing; confirming
again does not create a second roadmap.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from core.imports import (
    ImportAlreadyApplied,
    ImportProblem,
    ImportRejected,
    max_upload_label,
    rejected,
    size_problems,
    upload_name,
)
from directory.access import user_scope
from directory.models import Organization

from . import deadlines, importers, services
from .models import Roadmap, RoadmapImport, RoadmapRow
from .services import RowData

logger = logging.getLogger(__name__)

__all__ = [
    "ImportAlreadyApplied",
    "ImportRejected",
    "max_upload_label",
]

SCHEDULE_LABELS = {
    deadlines.ONCE: "однократно",
    deadlines.RECURRING: "периодически",
    deadlines.CONTINUOUS: "в течение периода",
    deadlines.ON_REQUEST: "по запросу",
    deadlines.UNPARSED: "не распознан",
}
PERIOD_SOURCE_LABELS = {
    "title": "из названия",
    "stages": "из этапов реализации",
    "deadlines": "по годам в сроках",
    "default": "текущий учебный год",
    "user": "указан вручную",
}
ORDER_LABELS = (
    ("issuer", "Кто издаёт"),
    ("date", "Дата"),
    ("number", "Номер"),
    ("place", "Место издания"),
    ("heading", "Заголовок"),
    ("preamble", "Преамбула"),
    ("points", "Пункты"),
    ("signatory", "Подписывает"),
    ("executor", "Проект подготовил"),
)
MAX_TEXT_CHARS = 1_000_000
#: Due dates shown per row on the preview; the rest are counted.
PREVIEW_DATES = 6

_FIELD_LIMITS = {
    "number": RoadmapRow._meta.get_field("number").max_length,
    "deadline": RoadmapRow._meta.get_field("deadline_text").max_length,
}
_TITLE_LIMIT = Roadmap._meta.get_field("title").max_length


# --- Upload ------------------------------------------------------------------------------------------


def upload_problems(*, name: str, size: int) -> list[ImportProblem]:
    """What is wrong with an uploaded file before it is opened: its kind and size."""
    problems = []
    if not importers.source_of(name):
        problems.append(ImportProblem(importers.unsupported_message(os.path.basename(name))))
    problems += size_problems(
        size, advice="Сохраните дорожную карту без картинок или вставьте её таблицу текстом."
    )
    return problems


def _today() -> dt.date:
    return timezone.localdate()


def parse_document(
    *, name: str = "", data: bytes | None = None, text: str | None = None, today: dt.date | None = None
) -> importers.ParsedRoadmap:
    """Parse an uploaded file (name + data) or pasted text; raises ImportRejected."""
    today = today or _today()
    try:
        if text is not None:
            if len(text) > MAX_TEXT_CHARS:
                raise rejected("Вставленный текст слишком длинный; загрузите документ файлом.")
            return importers.parse_text(text, today=today)
        return importers.parse_file(name, data or b"", today=today)
    except importers.NotARoadmap as exc:
        raise rejected(str(exc)) from exc


def payload_problems(payload: dict[str, Any]) -> list[ImportProblem]:
    """Texts that would not fit the roadmap's fields, by table row (1-based, as in the preview)."""
    problems = []
    if len(payload.get("title", "")) > _TITLE_LIMIT:
        problems.append(ImportProblem(f"название длиннее {_TITLE_LIMIT} символов; укажите название короче."))
    for index, row in enumerate(payload.get("rows", []), start=1):
        for key, limit in _FIELD_LIMITS.items():
            if len(row.get(key, "")) > limit:
                label = "номер" if key == "number" else "срок"
                problems.append(
                    ImportProblem(f"строка {index}: {label} длиннее {limit} символов: «{row[key][:60]}…».")
                )
    return problems


def default_title(*, file_name: str, today: dt.date) -> str:
    stem = os.path.splitext(os.path.basename(file_name))[0].strip()
    return stem or f"Дорожная карта (импорт от {today:%d.%m.%Y})"


def build_payload(
    parsed: importers.ParsedRoadmap,
    *,
    file_name: str = "",
    title: str = "",
    period: tuple[dt.date, dt.date] | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The parsed document as stored in RoadmapImport.payload, with the user's title and period."""
    today = today or _today()
    payload = parsed.as_payload()
    payload["detected_title"] = payload["title"]
    payload["detected_period"] = [payload.pop("period_start"), payload.pop("period_end")]
    payload["title"] = (
        (title or "").strip() or parsed.title or default_title(file_name=file_name, today=today)
    )
    start, end = period or parsed.period or deadlines.academic_year_of(today)
    payload["period"] = [start.isoformat(), end.isoformat()]
    if period:
        payload["period_source"] = "user"
    if payload["order"]:
        payload["order"]["order_id"] = None
    return payload


def roadmap_import_create(
    *,
    user,
    upload=None,
    text: str | None = None,
    title: str = "",
    period: tuple[dt.date, dt.date] | None = None,
    today: dt.date | None = None,
) -> RoadmapImport:
    """Parse an uploaded file or pasted text into a pending import, or raise ImportRejected."""
    today = today or _today()
    if upload is not None:
        name = upload_name(upload)
        problems = upload_problems(name=name, size=upload.size)
        if problems:
            raise ImportRejected(problems)
        parsed = parse_document(name=name, data=upload.read(), today=today)
        source = parsed.source
    else:
        name = ""
        parsed = parse_document(text=text or "", today=today)
        source = RoadmapImport.Source.TEXT
    payload = build_payload(parsed, file_name=name, title=title, period=period, today=today)
    problems = payload_problems(payload)
    if problems:
        raise ImportRejected(problems)
    return RoadmapImport.objects.create(created_by=user, source=source, file_name=name[:255], payload=payload)


def roadmap_import_for_user(*, user, pk) -> RoadmapImport:
    """An import, visible only to the user who uploaded it (404 for everyone else)."""
    found = RoadmapImport.objects.filter(pk=pk, created_by=user).select_related("roadmap").first()
    if found is None:
        raise Http404("Загрузка не найдена.")
    return found


def recent_imports(*, user, limit: int = 5):
    return RoadmapImport.objects.filter(created_by=user).order_by("-created_at")[:limit]


# --- Preview -----------------------------------------------------------------------------------------


def import_period(payload: dict[str, Any]) -> tuple[dt.date, dt.date]:
    start, end = payload["period"]
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end)


@dataclass
class PreviewRow:
    index: int
    number: str
    heading: bool
    activity: str
    deadline: str
    responsible: str
    result: str
    schedule_kind: str = ""
    schedule_label: str = ""
    schedule_note: str = ""
    dates: list[str] = field(default_factory=list)

    @property
    def unparsed(self) -> bool:
        return self.schedule_kind == deadlines.UNPARSED

    @property
    def first_dates(self) -> list[str]:
        return self.dates[:PREVIEW_DATES]

    @property
    def more_dates(self) -> int:
        return max(len(self.dates) - PREVIEW_DATES, 0)


@dataclass
class ImportPreview:
    title: str
    kind: str
    kind_label: str
    period: tuple[dt.date, dt.date]
    period_label: str
    period_source: str
    goal: str
    tasks: list[str]
    order: list[tuple[str, Any]]
    rows: list[PreviewRow]
    has_result: bool

    @property
    def tasks_numbered(self) -> bool:
        """The tasks carry their own numbers («1. Информационная поддержка …»): no bullets needed."""
        return bool(self.tasks) and all(t[:1].isdigit() for t in self.tasks)

    @property
    def counts(self) -> dict[str, int]:
        items = [r for r in self.rows if not r.heading]
        return {
            "rows": len(self.rows),
            "headings": len(self.rows) - len(items),
            "items": len(items),
            "unparsed": sum(1 for r in items if r.unparsed),
            "dates": sum(len(r.dates) for r in items),
        }


def _period_label(start: dt.date, end: dt.date) -> str:
    return Roadmap(period_start=start, period_end=end).period_label


def _joined(*parts: str | None) -> str:
    return ", ".join(p for p in parts if p)


def order_details(order: dict[str, Any]) -> list[tuple[str, Any]]:
    """The recovered order's details as (label, value) pairs for the preview, empty ones left out."""
    if not order:
        return []
    values: dict[str, Any] = {
        "issuer": " ".join(order.get("issuer") or []),
        "date": dt.date.fromisoformat(order["date"]).strftime("%d.%m.%Y") if order.get("date") else "",
        "number": order.get("number", ""),
        "place": order.get("place", ""),
        "heading": order.get("heading", ""),
        "preamble": order.get("preamble", ""),
        "points": order.get("points") or [],
        "signatory": _joined(order.get("signatory_position"), order.get("signatory_name")),
        "executor": _joined(order.get("executor_position"), order.get("executor_name")),
    }
    return [(label, values[key]) for key, label in ORDER_LABELS if values[key]]


def import_preview(payload: dict[str, Any]) -> ImportPreview:
    """What confirming would create: the roadmap's details and every row with its parsed schedule."""
    start, end = import_period(payload)
    rows = []
    for index, data in enumerate(payload.get("rows", []), start=1):
        row = PreviewRow(
            index=index,
            number=data["number"],
            heading=data["heading"],
            activity=data["activity"],
            deadline=data["deadline"],
            responsible=data["responsible"],
            result=data["result"],
        )
        if not row.heading:
            schedule = deadlines.parse_deadline(row.deadline, start, end)
            row.schedule_kind, row.schedule_note = schedule.kind, schedule.note
            row.schedule_label = SCHEDULE_LABELS.get(schedule.kind, schedule.kind)
            row.dates = [d.strftime("%d.%m.%Y") for d in schedule.due]
        rows.append(row)
    kind = payload.get("kind") or Roadmap.Kind.ROADMAP
    return ImportPreview(
        title=payload["title"],
        kind=kind,
        kind_label=str(dict(Roadmap.Kind.choices).get(kind, kind)),
        period=(start, end),
        period_label=_period_label(start, end),
        period_source=PERIOD_SOURCE_LABELS.get(payload.get("period_source", ""), ""),
        goal=payload.get("goal", ""),
        tasks=[t for t in payload.get("tasks", "").splitlines() if t.strip()],
        order=order_details(payload.get("order") or {}),
        rows=rows,
        has_result=any(r.result for r in rows),
    )


@transaction.atomic
def roadmap_import_update(
    *, roadmap_import: RoadmapImport, title: str, period: tuple[dt.date, dt.date]
) -> RoadmapImport:
    """Change a pending import's title and period (the preview re-reads the deadlines)."""
    locked = RoadmapImport.objects.select_for_update().get(pk=roadmap_import.pk)
    if locked.status != RoadmapImport.Status.PENDING:
        raise ImportAlreadyApplied("Этот документ уже загружен; изменить его перед загрузкой нельзя.")
    start, end = period
    services._check_period(start, end)
    payload = dict(locked.payload)
    title = title.strip() or payload["title"]
    if len(title) > _TITLE_LIMIT:
        raise ValidationError({"title": f"Название не длиннее {_TITLE_LIMIT} символов."})
    if [start.isoformat(), end.isoformat()] != payload["period"]:
        payload["period"] = [start.isoformat(), end.isoformat()]
        payload["period_source"] = "user"
    payload["title"] = title
    locked.payload = payload
    locked.save(update_fields=["payload"])
    return locked


# --- Confirm -----------------------------------------------------------------------------------------


def issuing_organization(user) -> Organization | None:
    """The methodist's own organization, else the district's method office."""
    if user is not None:
        org_id = user_scope(user).person_org_id
        if org_id:
            organization = Organization.objects.filter(pk=org_id).first()
            if organization is not None:
                return organization
    return Organization.objects.filter(kind=Organization.Kind.METHOD_OFFICE).order_by("pk").first()


NO_ISSUER_MESSAGE = (
    "В справочнике нет методического кабинета: добавьте организацию вида «Методический кабинет», "
    "от имени которой ведутся дорожные карты."
)
_PLACE_WORDS = ("район", "района", "округ", "округа", "области", "край", "края", "город", "города")
_PROPER_ENDINGS = ("ский", "ского", "ской", "ская", "цкий", "цкого", "цкой", "цкая")


def _sentence_case(text: str) -> str:
    """«РАЙОННОЕ УПРАВЛЕНИЕ … МОСТОВСКИЙ РАЙОН» → «Районное управление … Мостовский район».

    A header is often typed in capitals; the district's own adjective before «район», «округ» … keeps
    its capital letter. Text that is not all capitals stays as written.
    """
    if text != text.upper():
        return text
    words = text.lower().split()
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if index == 0 or (word.endswith(_PROPER_ENDINGS) and following in _PLACE_WORDS):
            words[index] = word[:1].upper() + word[1:]
    return " ".join(words)


def header_organization_name(payload: dict[str, Any]) -> str:
    """The organization named in the document's header (the issuer block of its order), or ""."""
    lines = (payload.get("order") or {}).get("issuer") or []
    text = " ".join(" ".join(lines).split())
    return _sentence_case(text)[: Organization._meta.get_field("name").max_length] if text else ""


def header_issuer_offer(*, user, payload: dict[str, Any]) -> dict[str, Any] | None:
    """What the preview offers when no organization would lead the roadmap: None when one would.

    {"name": the header's organization or "", "exists": whether the directory already has it}.
    """
    if issuing_organization(user) is not None:
        return None
    name = header_organization_name(payload)
    return {"name": name, "exists": bool(name) and _organization_named(name) is not None}


def _organization_named(name: str) -> Organization | None:
    from orders.services.people import issuer_by_name

    return issuer_by_name([name])


def _header_kind(name: str) -> str:
    text = name.lower()
    if "методическ" in text:
        return Organization.Kind.METHOD_OFFICE
    if "образовани" in text and any(w in text for w in ("управлени", "отдел", "комитет", "департамент")):
        return Organization.Kind.EDUCATION_OFFICE
    return Organization.Kind.OTHER


def _header_short_name(name: str) -> str:
    """«Районное управление образованием администрации …» → «Районное управление образованием»."""
    limit = Organization._meta.get_field("short_name").max_length
    head = name.split(" администрации ")[0].strip()
    for candidate in (head, name):
        candidate = candidate[:limit]
        if not Organization.objects.filter(short_name__iexact=candidate).exists():
            return candidate
    raise rejected(
        f"Краткое наименование «{head[:limit]}» уже занято в справочнике; добавьте организацию вручную."
    )


def organization_from_header(payload: dict[str, Any]) -> Organization:
    """The organization of the document's header: found in the directory by its name, else created."""
    from directory import services as directory

    name = header_organization_name(payload)
    if not name:
        raise rejected(
            NO_ISSUER_MESSAGE.rstrip(".") + "; в шапке документа нет наименования организации, "
            "которую можно было бы добавить."
        )
    found = _organization_named(name)
    if found is not None:
        return found
    try:
        return directory.organization_save(
            data={"name": name, "short_name": _header_short_name(name), "kind": _header_kind(name)}
        )
    except ValidationError as exc:
        raise ImportRejected([ImportProblem(m) for m in exc.messages]) from exc


def rows_from_payload(payload: dict[str, Any]) -> list[RowData]:
    return [
        RowData(
            activity=row["activity"],
            number=row["number"],
            is_heading=row["heading"],
            deadline_text=row["deadline"],
            responsible_text=row["responsible"],
            result_text=row["result"],
        )
        for row in payload.get("rows", [])
    ]


def roadmap_from_payload(
    *, user, payload: dict[str, Any], file_name: str = "", create_issuer: bool = False
) -> Roadmap:
    """Create the roadmap with its rows and occurrences (inside the caller's transaction).

    With no organization to lead it (no method office, the user works nowhere), `create_issuer` takes
    the organization of the document's header, adding it to the directory when it is not there yet.
    """
    organization = issuing_organization(user)
    if organization is None and create_issuer:
        organization = organization_from_header(payload)
    if organization is None:
        raise rejected(NO_ISSUER_MESSAGE)
    start, end = import_period(payload)
    data = {
        "title": payload["title"],
        "kind": payload.get("kind") or Roadmap.Kind.ROADMAP,
        "period_start": start,
        "period_end": end,
        "goal": payload.get("goal", ""),
        "tasks": payload.get("tasks", ""),
        "status": Roadmap.Status.DRAFT,
        "organization": organization,
        "source_order": payload.get("order") or {},
        "source_file_name": file_name[:255],
    }
    try:
        roadmap = services.roadmap_create(user=user, data=data, rows=rows_from_payload(payload))
    except ValidationError as exc:
        raise ImportRejected([ImportProblem(m) for m in exc.messages]) from exc
    draft_order_from_source(user=user, roadmap=roadmap)
    return roadmap


def draft_order_from_source(*, user, roadmap: Roadmap):
    """The draft order recovered from the document's preamble (roadmap.approving_order), if it has one.

    A recovered order that cannot be made into a draft does not stop the import: the roadmap is
    created all the same, and the order can be prepared from the roadmap's page.
    """
    from .order_services import roadmap_order_from_document

    if not roadmap.source_order:
        return None
    try:
        with transaction.atomic():
            order = roadmap_order_from_document(user=user, roadmap=roadmap)
    except ValidationError:
        logger.warning("The order recovered from %s could not become a draft", roadmap.source_file_name)
        return None
    if order is not None:
        roadmap.approving_order = order
    return order


def roadmap_import_apply(*, roadmap_import: RoadmapImport, user, create_issuer: bool = False) -> Roadmap:
    """Create the roadmap from a pending import, all rows or none; a second call raises."""
    with transaction.atomic():
        locked = RoadmapImport.objects.select_for_update().get(pk=roadmap_import.pk)
        if locked.status != RoadmapImport.Status.PENDING:
            raise ImportAlreadyApplied("Этот документ уже загружен; второй дорожной карты из него не будет.")
        problems = payload_problems(locked.payload)
        if problems:
            raise ImportRejected(problems)
        roadmap = roadmap_from_payload(
            user=user, payload=locked.payload, file_name=locked.file_name, create_issuer=create_issuer
        )
        locked.status = RoadmapImport.Status.APPLIED
        locked.roadmap = roadmap
        locked.save(update_fields=["status", "roadmap"])
    roadmap_import.status, roadmap_import.roadmap = locked.status, roadmap
    return roadmap


def roadmap_import_file(
    *,
    user,
    name: str,
    data: bytes,
    title: str = "",
    period: tuple[dt.date, dt.date] | None = None,
    today: dt.date | None = None,
    create_issuer: bool = False,
) -> Roadmap:
    """Parse a file and create its roadmap at once (the import_roadmap command); raises ImportRejected."""
    today = today or _today()
    if importers.source_of(name) == "text":
        parsed = parse_document(text=importers.decode_text(data), today=today)
    else:
        problems = upload_problems(name=name, size=len(data))
        if problems:
            raise ImportRejected(problems)
        parsed = parse_document(name=name, data=data, today=today)
    payload = build_payload(parsed, file_name=name, title=title, period=period, today=today)
    problems = payload_problems(payload)
    if problems:
        raise ImportRejected(problems)
    with transaction.atomic():
        return roadmap_from_payload(
            user=user, payload=payload, file_name=os.path.basename(name), create_issuer=create_issuer
        )


def roadmap_import_into(
    *, user, roadmap: Roadmap, name: str, data: bytes, today: dt.date | None = None
) -> int:
    """Parse a Word/Excel file and append its rows to an existing roadmap (a plan made elsewhere, e.g. an
    association's); its goal and tasks fill the roadmap's when those are empty. All rows or none;
    raises ImportRejected. Returns how many rows were added."""
    today = today or _today()
    problems = upload_problems(name=name, size=len(data))
    if problems:
        raise ImportRejected(problems)
    parsed = parse_document(name=name, data=data, today=today)
    payload = build_payload(
        parsed,
        file_name=name,
        title=roadmap.title,
        period=(roadmap.period_start, roadmap.period_end),
        today=today,
    )
    problems = payload_problems(payload)
    if problems:
        raise ImportRejected(problems)
    with transaction.atomic():
        locked = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
        try:
            added = services.rows_append(user=user, roadmap=locked, rows=rows_from_payload(payload))
            details = {
                key: payload.get(key, "") for key in ("goal", "tasks") if not getattr(locked, key).strip()
            }
            if any(details.values()):
                services.roadmap_update(
                    user=user, roadmap=locked, data={k: v for k, v in details.items() if v}
                )
        except ValidationError as exc:
            raise ImportRejected([ImportProblem(m) for m in exc.messages]) from exc
    return added
