"""The XLSX import of schools and staff: upload → preview → confirm.

Upload parses the workbook (directory.xlsx_import) and checks it against the directory; a file
with any problem is refused whole and nothing is stored. A clean file becomes a pending
DirectoryImport. Confirming applies it in one transaction through the directory services, so either
every row is written or none is.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.imports import (
    ImportAlreadyApplied,
    ImportProblem,
    ImportRejected,
    max_upload_label,
    problems_from_error,
    size_label,
    size_problems,
    upload_name,
)

from . import services, xlsx_import
from .models import DirectoryImport, Organization, Person
from .xlsx_import import ORGANIZATIONS_SHEET, PEOPLE_SHEET, heading_of, name_key, person_key

__all__ = ["ImportAlreadyApplied", "ImportProblem", "ImportRejected", "max_upload_label", "size_label"]

ORGANIZATION_DATA_KEYS = ("name", "short_name", "kind", "address", "phone", "email")
PERSON_DATA_KEYS = (
    "last_name",
    "first_name",
    "patronymic",
    "position",
    "category",
    "teaching_since",
    "email",
    "phone",
)


# --- Upload ---------------------------------------------------------------------------------------------


def upload_problems(*, name: str, size: int) -> list[ImportProblem]:
    """What is wrong with an uploaded file before it is even opened: its extension and size."""
    problems = []
    if not name.lower().endswith(".xlsx"):
        problems.append(
            ImportProblem(
                f"файл «{os.path.basename(name)}» — не книга Excel: нужен файл с расширением .xlsx. "
                "Скачайте шаблон и заполните его."
            )
        )
    problems += size_problems(size, advice="Разделите его на несколько файлов.")
    return problems


def parse_upload(*, data: bytes, today: dt.date | None = None) -> xlsx_import.ParsedWorkbook:
    return xlsx_import.read_workbook(
        data,
        kinds=dict(Organization.Kind.choices),
        categories=dict(Person.Category.choices),
        today=today or timezone.localdate(),
    )


def _payload(parsed: xlsx_import.ParsedWorkbook) -> dict[str, Any]:
    """Parsed rows in JSON form (dates as ISO strings)."""

    def jsonable(record: dict) -> dict:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in record.items()}

    return {
        "organizations": [jsonable(r) for r in parsed.organizations],
        "people": [jsonable(r) for r in parsed.people],
    }


def directory_import_create(*, user, upload) -> DirectoryImport:
    """Check and parse an uploaded workbook; store it as a pending import or raise ImportRejected."""
    name = upload_name(upload)
    problems = upload_problems(name=name, size=upload.size)
    if problems:
        raise ImportRejected(problems)
    parsed = parse_upload(data=upload.read())
    if parsed.errors:
        raise ImportRejected(parsed.errors)
    payload = _payload(parsed)
    plan = import_plan(payload)
    if plan.problems:
        raise ImportRejected(plan.problems)
    return DirectoryImport.objects.create(created_by=user, file_name=name[:255], payload=payload)


# --- Preview ----------------------------------------------------------------------------------------------


ACTION_LABELS = {"create": "будет создана", "update": "изменится", "same": "без изменений"}
PERSON_ACTION_LABELS = {"create": "будет создан", "update": "изменится", "same": "без изменений"}


@dataclass
class PlannedRow:
    row: int
    action: str  # "create", "update" or "same"
    title: str
    data: dict[str, Any]
    existing: Any = None
    changes: list[str] = field(default_factory=list)
    organization_title: str = ""
    action_label: str = ""


@dataclass
class ImportPlan:
    organizations: list[PlannedRow] = field(default_factory=list)
    people: list[PlannedRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    existing_organizations: dict[str, Organization] = field(default_factory=dict)

    def _count(self, rows: list[PlannedRow], action: str) -> int:
        return sum(1 for r in rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "organizations_created": self._count(self.organizations, "create"),
            "organizations_updated": self._count(self.organizations, "update"),
            "organizations_unchanged": self._count(self.organizations, "same"),
            "people_created": self._count(self.people, "create"),
            "people_updated": self._count(self.people, "update"),
            "people_unchanged": self._count(self.people, "same"),
        }

    @property
    def has_changes(self) -> bool:
        return any(r.action != "same" for r in (*self.organizations, *self.people))


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _person_full_name(data: dict) -> str:
    return " ".join(p for p in (data["last_name"], data["first_name"], data.get("patronymic", "")) if p)


def import_plan(payload: dict[str, Any]) -> ImportPlan:
    """What applying `payload` would do to the directory now, row by row, and what prevents it."""
    plan = ImportPlan()
    existing = {name_key(o.short_name): o for o in Organization.objects.all()}
    by_full_name = {name_key(o.name): o for o in existing.values()}
    plan.existing_organizations = existing

    file_orgs: dict[str, PlannedRow] = {}
    for data in payload.get("organizations", []):
        org = existing.get(name_key(data["short_name"]))
        namesake = by_full_name.get(name_key(data["name"]))
        if namesake is not None and namesake is not org:
            plan.problems.append(
                ImportProblem(
                    f"организация «{namesake.short_name}» с таким полным наименованием уже есть "
                    "в справочнике, а краткое наименование в файле другое. "
                    "Укажите краткое наименование как в справочнике.",
                    sheet=ORGANIZATIONS_SHEET,
                    row=data["row"],
                    column=heading_of(ORGANIZATIONS_SHEET, "name"),
                )
            )
        item = PlannedRow(row=data["row"], action="create", title=data["short_name"], data=data, existing=org)
        if org is not None:
            item.changes = [
                _label(Organization, key)
                for key in ORGANIZATION_DATA_KEYS
                if key in data and data[key] != getattr(org, key)
            ]
            item.action = "update" if item.changes else "same"
        item.action_label = ACTION_LABELS[item.action]
        plan.organizations.append(item)
        file_orgs[name_key(data["short_name"])] = item

    people_rows = payload.get("people", [])
    referenced = {name_key(d["organization"]) for d in people_rows}
    org_ids = [existing[key].pk for key in referenced if key in existing]
    people = {
        (p.organization_id, person_key(p.last_name, p.first_name, p.patronymic)): p
        for p in Person.objects.filter(organization_id__in=org_ids).prefetch_related("subjects")
    }
    for data in people_rows:
        key = name_key(data["organization"])
        org = existing.get(key)
        if org is None and key not in file_orgs:
            plan.problems.append(
                ImportProblem(
                    f"организации «{data['organization']}» нет ни на листе «{ORGANIZATIONS_SHEET}», "
                    "ни в справочнике. Проверьте краткое наименование или добавьте организацию.",
                    sheet=PEOPLE_SHEET,
                    row=data["row"],
                    column=heading_of(PEOPLE_SHEET, "organization"),
                )
            )
            continue
        org_title = org.short_name if org is not None else file_orgs[key].title
        person = (
            people.get((org.pk, person_key(data["last_name"], data["first_name"], data["patronymic"])))
            if org is not None
            else None
        )
        item = PlannedRow(
            row=data["row"],
            action="create",
            title=_person_full_name(data),
            data=data,
            existing=person,
            organization_title=org_title,
        )
        if person is not None:
            item.changes = _person_changes(person, data)
            if data.get("is_head") and org.head_id != person.pk:
                item.changes.append("руководитель организации")
            item.action = "update" if item.changes else "same"
        item.action_label = PERSON_ACTION_LABELS[item.action]
        plan.people.append(item)
    return plan


def _person_changes(person: Person, data: dict) -> list[str]:
    changes = []
    for key in ("position", "category", "email", "phone"):
        if key in data and data[key] != getattr(person, key):
            changes.append(_label(Person, key))
    if "teaching_since" in data and dt.date.fromisoformat(data["teaching_since"]) != person.teaching_since:
        changes.append(_label(Person, "teaching_since"))
    if "subjects" in data:
        current = {name_key(s.name) for s in person.subjects.all()}
        if current != {name_key(n) for n in data["subjects"]}:
            changes.append(_label(Person, "subjects"))
    return changes


# --- Confirm ----------------------------------------------------------------------------------------------


def _problems_from(exc: ValidationError, *, sheet: str, row: int) -> list[ImportProblem]:
    headings = {c.key: c.heading for c in xlsx_import.COLUMNS_BY_SHEET[sheet]}
    return problems_from_error(exc, sheet=sheet, row=row, headings=headings)


def directory_import_apply(*, directory_import: DirectoryImport) -> dict[str, int]:
    """Write a pending import into the directory, all rows or none; returns the counts."""
    with transaction.atomic():
        locked = DirectoryImport.objects.select_for_update().get(pk=directory_import.pk)
        if locked.status != DirectoryImport.Status.PENDING:
            raise ImportAlreadyApplied("Этот файл уже загружен в справочник; повторно применить его нельзя.")
        plan = import_plan(locked.payload)
        if plan.problems:
            raise ImportRejected(plan.problems)

        organizations = dict(plan.existing_organizations)
        for item in plan.organizations:
            if item.action == "same":
                continue
            data = {k: item.data[k] for k in ORGANIZATION_DATA_KEYS if k in item.data}
            try:
                org = services.organization_save(data=data, organization=item.existing)
            except ValidationError as exc:
                raise ImportRejected(_problems_from(exc, sheet=ORGANIZATIONS_SHEET, row=item.row)) from exc
            organizations[name_key(org.short_name)] = org

        for item in plan.people:
            organization = organizations[name_key(item.data["organization"])]
            if item.action != "same":
                data = {k: item.data[k] for k in PERSON_DATA_KEYS if k in item.data}
                if "teaching_since" in data:
                    data["teaching_since"] = dt.date.fromisoformat(data["teaching_since"])
                data["organization"] = organization
                try:
                    subjects = (
                        services.subjects_from_names(item.data["subjects"])
                        if "subjects" in item.data
                        else None
                    )
                    person = services.person_save(data=data, person=item.existing, subjects=subjects)
                except ValidationError as exc:
                    raise ImportRejected(_problems_from(exc, sheet=PEOPLE_SHEET, row=item.row)) from exc
            else:
                person = item.existing
            if item.data.get("is_head") and organization.head_id != person.pk:
                services.organization_set_head(organization=organization, person=person)

        counts = plan.counts
        locked.status = DirectoryImport.Status.APPLIED
        locked.applied_at = timezone.now()
        locked.payload = {**locked.payload, "result": counts}
        locked.save(update_fields=["status", "applied_at", "payload"])
    directory_import.refresh_from_db()
    return counts
