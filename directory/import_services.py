"""The XLSX import of schools and staff: upload → preview → confirm.

Upload parses the workbook (directory.xlsx_import) and checks it against the directory; a file
with any problem is refused whole and nothing is stored. A clean file becomes a pending
DirectoryImport. Confirming applies it in one transaction through the directory services, so either
every row is written or none is.

Re-importing the staff sheet updates the directory. A row is matched to a card by its personal
number («Табельный номер») when it has one, else by organization and full name, else — for a person
who changed school — by full name and birth date. A matched card in another organization is moved:
the same Person row, so the login, roles and everything the person authored stay with it. The old
school stops naming the person its head; roles tied to the old school (a director's) are kept and
listed in the preview for the methodist to review. People of the file's schools missing from the
file are listed («Нет в файле»), never deleted. One person in two rows (the same personal number, or
the same name and birth date in two organizations) refuses the whole file, like any other problem.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
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
from .models import DirectoryImport, Organization, Person, Role, normalize_personal_number
from .roles import scope_organizations, scope_titles
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
    "personal_number",
    "birth_date",
    "education_institution",
    "education_year",
)
DATE_KEYS = ("teaching_since", "birth_date")


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

    people = []
    for record in parsed.people:
        record = jsonable(record)
        if "personal_number" in record:
            record["personal_number"] = normalize_personal_number(record["personal_number"])
            if not record["personal_number"]:
                del record["personal_number"]
        people.append(record)
    return {"organizations": [jsonable(r) for r in parsed.organizations], "people": people}


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
PERSON_ACTION_LABELS = {
    "create": "будет создан",
    "update": "изменится",
    "move": "переходит в другую организацию",
    "same": "без изменений",
}
MATCHED_BY_LABELS = {
    "number": "по табельному номеру",
    "name": "по Ф.И.О. в организации",
    "birth": "по Ф.И.О. и дате рождения",
}


@dataclass(frozen=True)
class Change:
    """One field of a card that the import changes: «должность: Учитель → Завуч»."""

    label: str
    old: str = ""
    new: str = ""

    def __str__(self) -> str:
        if not self.old and not self.new:
            return self.label
        return f"{self.label}: {self.old or '—'} → {self.new or '—'}"


@dataclass
class PlannedRow:
    row: int
    action: str  # "create", "update", "move" (people only) or "same"
    title: str
    data: dict[str, Any]
    existing: Any = None
    changes: list[Change] = field(default_factory=list)
    organization_title: str = ""
    action_label: str = ""
    #: a person who changes organization: where from, how the card was found, what stays behind
    previous_organization: Organization | None = None
    matched_by: str = ""
    headed_before: list[Organization] = field(default_factory=list)
    old_roles: list[str] = field(default_factory=list)

    @property
    def matched_by_label(self) -> str:
        return MATCHED_BY_LABELS.get(self.matched_by, "")


@dataclass
class ImportPlan:
    organizations: list[PlannedRow] = field(default_factory=list)
    people: list[PlannedRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    existing_organizations: dict[str, Organization] = field(default_factory=dict)
    #: staff of the organizations on the «Сотрудники» sheet that no row names: listed, never deleted
    absent: list[Person] = field(default_factory=list)

    def _count(self, rows: list[PlannedRow], action: str) -> int:
        return sum(1 for r in rows if r.action == action)

    def people_with(self, action: str) -> list[PlannedRow]:
        return [r for r in self.people if r.action == action]

    @property
    def people_created(self) -> list[PlannedRow]:
        return self.people_with("create")

    @property
    def people_updated(self) -> list[PlannedRow]:
        return self.people_with("update")

    @property
    def people_moved(self) -> list[PlannedRow]:
        return self.people_with("move")

    @property
    def people_unchanged(self) -> list[PlannedRow]:
        return self.people_with("same")

    @property
    def role_warnings(self) -> list[PlannedRow]:
        """Moved people whose login keeps a role tied to the school they leave."""
        return [r for r in self.people if r.old_roles]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "organizations_created": self._count(self.organizations, "create"),
            "organizations_updated": self._count(self.organizations, "update"),
            "organizations_unchanged": self._count(self.organizations, "same"),
            "people_created": self._count(self.people, "create"),
            "people_updated": self._count(self.people, "update"),
            "people_moved": self._count(self.people, "move"),
            "people_unchanged": self._count(self.people, "same"),
            "people_absent": len(self.absent),
        }

    @property
    def has_changes(self) -> bool:
        return any(r.action != "same" for r in (*self.organizations, *self.people))


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def _kind_label(value: str) -> str:
    return dict(Organization.Kind.choices).get(value, value)


def _person_full_name(data: dict) -> str:
    return " ".join(p for p in (data["last_name"], data["first_name"], data.get("patronymic", "")) if p)


def _row_key(data: dict) -> str:
    return person_key(data["last_name"], data["first_name"], data.get("patronymic", ""))


def _card_key(person: Person) -> str:
    return person_key(person.last_name, person.first_name, person.patronymic)


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
            shown = {"kind": _kind_label}
            item.changes = [
                Change(
                    _label(Organization, key),
                    shown.get(key, _shown)(getattr(org, key)),
                    shown.get(key, _shown)(data[key]),
                )
                for key in ORGANIZATION_DATA_KEYS
                if key in data and data[key] != getattr(org, key)
            ]
            item.action = "update" if item.changes else "same"
        item.action_label = ACTION_LABELS[item.action]
        plan.organizations.append(item)
        file_orgs[name_key(data["short_name"])] = item

    _plan_people(plan, payload.get("people", []), existing, file_orgs)
    return plan


def _plan_people(
    plan: ImportPlan,
    rows: list[dict[str, Any]],
    existing: dict[str, Organization],
    file_orgs: dict[str, PlannedRow],
) -> None:
    _check_one_row_per_person(plan, rows)
    referenced = {name_key(d["organization"]) for d in rows}
    org_ids = [existing[key].pk for key in referenced if key in existing]
    numbers = {d["personal_number"] for d in rows if d.get("personal_number")}
    birth_dates = {d["birth_date"] for d in rows if d.get("birth_date")}
    cards = (
        Person.objects.filter(
            Q(organization_id__in=org_ids) | Q(personal_number__in=numbers) | Q(birth_date__in=birth_dates)
        )
        .select_related("organization")
        .prefetch_related("subjects")
    )
    in_organization: dict[tuple[int, str], Person] = {}
    by_number: dict[str, Person] = {}
    by_birth: dict[tuple[str, str], list[Person]] = {}
    for card in cards:
        in_organization[(card.organization_id, _card_key(card))] = card
        if card.personal_number:
            by_number[card.personal_number] = card
        if card.birth_date:
            by_birth.setdefault((_card_key(card), card.birth_date.isoformat()), []).append(card)
    headed: dict[int, list[Organization]] = {}
    for org in existing.values():
        if org.head_id:
            headed.setdefault(org.head_id, []).append(org)

    claimed: dict[int, int] = {}  # card id → the row that matched it
    for data in rows:
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
        item = PlannedRow(
            row=data["row"],
            action="create",
            title=_person_full_name(data),
            data=data,
            organization_title=org_title,
        )
        person, item.matched_by = _match(plan, data, org, in_organization, by_number, by_birth)
        if person is not None:
            first = claimed.setdefault(person.pk, data["row"])
            if first != data["row"]:
                plan.problems.append(
                    ImportProblem(
                        f"строка {first} и эта строка относятся к одной карточке справочника "
                        f"«{person.full_name}» ({person.organization.short_name}); "
                        "у одного человека должна быть одна строка.",
                        sheet=PEOPLE_SHEET,
                        row=data["row"],
                        column=heading_of(PEOPLE_SHEET, "last_name"),
                    )
                )
                continue
            holder = in_organization.get((org.pk, _row_key(data))) if org is not None else None
            if holder is not None and holder.pk != person.pk:
                plan.problems.append(
                    ImportProblem(
                        f"сотрудник найден {MATCHED_BY_LABELS[item.matched_by]} "
                        f"в «{person.organization.short_name}», "
                        f"но в «{org.short_name}» уже есть другая карточка «{holder.full_name}». "
                        "Похоже, это две карточки одного человека: объедините их на странице "
                        "«Возможные дубликаты» и загрузите файл снова.",
                        sheet=PEOPLE_SHEET,
                        row=data["row"],
                        column=heading_of(PEOPLE_SHEET, "last_name"),
                    )
                )
                continue
            item.existing = person
            item.changes = _person_changes(person, data)
            if org is not None and person.organization_id != org.pk:
                item.action = "move"
                item.previous_organization = person.organization
                item.headed_before = [o for o in headed.get(person.pk, []) if o.pk != org.pk]
                item.changes.extend(
                    Change(f"перестанет быть руководителем «{o.short_name}»") for o in item.headed_before
                )
            else:
                item.action = "update" if item.changes else "same"
            if data.get("is_head") and org.head_id != person.pk:
                item.changes.append(Change("станет руководителем организации"))
                if item.action == "same":
                    item.action = "update"
        item.action_label = PERSON_ACTION_LABELS[item.action]
        plan.people.append(item)

    _old_school_roles(plan)
    plan.absent = sorted(
        (
            card
            for card in in_organization.values()
            if card.organization_id in org_ids and card.pk not in claimed
        ),
        key=lambda card: (card.organization.short_name, card.last_name, card.first_name, card.patronymic),
    )


def _match(plan, data, org, in_organization, by_number, by_birth) -> tuple[Person | None, str]:
    """The card a row stands for, and how it was found ("number", "name", "birth"), or (None, "")."""
    number = data.get("personal_number", "")
    if number and number in by_number:
        return by_number[number], "number"
    if org is not None:
        card = in_organization.get((org.pk, _row_key(data)))
        if card is not None:
            return card, "name"
    if data.get("birth_date"):
        # A person who changed school: the same name and birth date elsewhere, unless the card has
        # another personal number (then it is someone else).
        candidates = [
            card
            for card in by_birth.get((_row_key(data), data["birth_date"]), [])
            if not (number and card.personal_number and card.personal_number != number)
        ]
        if len(candidates) == 1:
            return candidates[0], "birth"
        if len(candidates) > 1:
            where = ", ".join(sorted(card.organization.short_name for card in candidates))
            plan.problems.append(
                ImportProblem(
                    f"в справочнике несколько карточек «{_person_full_name(data)}» с этой датой рождения "
                    f"({where}). Объедините их на странице «Возможные дубликаты» "
                    "или укажите табельный номер.",
                    sheet=PEOPLE_SHEET,
                    row=data["row"],
                    column=heading_of(PEOPLE_SHEET, "birth_date"),
                )
            )
    return None, ""


def _check_one_row_per_person(plan: ImportPlan, rows: list[dict[str, Any]]) -> None:
    """One person, one row: a personal number twice, or one name and birth date in two organizations."""
    numbers: dict[str, dict] = {}
    born: dict[tuple[str, str], dict] = {}
    for data in rows:
        number = data.get("personal_number")
        if number:
            first = numbers.setdefault(number, data)
            if first is not data:
                plan.problems.append(
                    ImportProblem(
                        f"табельный номер «{number}» уже указан в строке {first['row']} "
                        f"(«{_person_full_name(first)}», {first['organization']}). Один человек не может "
                        "числиться в двух строках или в двух организациях; у разных людей номера разные.",
                        sheet=PEOPLE_SHEET,
                        row=data["row"],
                        column=heading_of(PEOPLE_SHEET, "personal_number"),
                    )
                )
        if data.get("birth_date"):
            first = born.setdefault((_row_key(data), data["birth_date"]), data)
            different_numbers = (
                first.get("personal_number")
                and data.get("personal_number")
                and first["personal_number"] != data["personal_number"]
            )
            if first is not data and not different_numbers:
                born_on = dt.date.fromisoformat(data["birth_date"])
                plan.problems.append(
                    ImportProblem(
                        f"«{_person_full_name(data)}», дата рождения {born_on:%d.%m.%Y}, уже есть в строке "
                        f"{first['row']} ({first['organization']}). Один человек не может числиться в двух "
                        "организациях: оставьте одну строку. Если это разные люди, укажите их "
                        "табельные номера.",
                        sheet=PEOPLE_SHEET,
                        row=data["row"],
                        column=heading_of(PEOPLE_SHEET, "birth_date"),
                    )
                )


def _old_school_roles(plan: ImportPlan) -> None:
    """Roles of moved people tied to the school they leave: a director's, a school association head's.

    Kept (the methodist decides), and listed in the preview as «Руководитель ОО — СОШ № 1».
    """
    moved = {r.existing.user_id: r for r in plan.people if r.action == "move" and r.existing.user_id}
    if not moved:
        return
    roles = list(Role.objects.filter(user_id__in=moved).select_related("organization"))
    scoped: dict[str, dict[int, tuple[int, bool]]] = {}
    titles: dict[str, dict[int, str]] = {}
    for kind in Role.SCOPED_KINDS:
        ids = {r.scope_id for r in roles if r.kind == kind}
        scoped[kind] = scope_organizations(kind, ids)
        titles[kind] = scope_titles(kind, ids)
    for role in roles:
        old = moved[role.user_id].previous_organization.pk
        if role.organization_id == old:
            moved[role.user_id].old_roles.append(
                f"{role.get_kind_display()} — {role.organization.short_name}"
            )
        elif role.scope_id and scoped.get(role.kind, {}).get(role.scope_id, (None,))[0] == old:
            moved[role.user_id].old_roles.append(
                f"{role.get_kind_display()} — {titles[role.kind][role.scope_id]}"
            )


def _person_changes(person: Person, data: dict) -> list[Change]:
    changes = []
    for key in ("last_name", "first_name", "patronymic"):
        if key in data and name_key(data[key]) != name_key(getattr(person, key)):
            changes.append(Change(_label(Person, key), getattr(person, key), data[key]))
    for key in ("position", "email", "phone", "personal_number"):
        if key in data and data[key] != getattr(person, key):
            changes.append(Change(_label(Person, key), getattr(person, key), data[key]))
    if "category" in data and data["category"] != person.category:
        categories = dict(Person.Category.choices)
        changes.append(
            Change(_label(Person, "category"), person.get_category_display(), categories[data["category"]])
        )
    for key in DATE_KEYS:
        if key in data and dt.date.fromisoformat(data[key]) != getattr(person, key):
            new = dt.date.fromisoformat(data[key])
            changes.append(Change(_label(Person, key), _shown(getattr(person, key)), _shown(new)))
    if "subjects" in data:
        current = sorted(person.subjects.all(), key=lambda s: s.name)
        if {name_key(s.name) for s in current} != {name_key(n) for n in data["subjects"]}:
            changes.append(
                Change(
                    _label(Person, "subjects"),
                    ", ".join(s.name for s in current),
                    ", ".join(data["subjects"]),
                )
            )
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
            for old in item.headed_before:
                # A head who leaves for another school no longer heads the old one.
                old_organization = organizations[name_key(old.short_name)]
                services.organization_set_head(organization=old_organization, person=None)
            if item.action != "same":
                data = {k: item.data[k] for k in PERSON_DATA_KEYS if k in item.data}
                for key in DATE_KEYS:
                    if key in data:
                        data[key] = dt.date.fromisoformat(data[key])
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
