"""The first-run checklist of a new district: what is still to do before the office works in the system.

Each step is done or not from the data itself (no stored progress): the start page shows the steps to
the district's administrators and methodists until all are done, and `setup_district` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import reverse

from directory.models import Organization
from orders.models import OrderSettings
from roadmaps.models import Roadmap


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    text: str
    done: bool
    links: tuple[Link, ...]


def _requisites_done() -> bool:
    """The education office has a head (the signatory) and saved requisites: higher body and place."""
    office = (
        Organization.objects.filter(kind=Organization.Kind.EDUCATION_OFFICE, head__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return (
        office is not None
        and OrderSettings.objects.filter(issuer_id=office).exclude(higher_body="").exclude(place="").exists()
    )


def first_run_steps() -> list[Step]:
    """The four steps of a new district, each marked done from the data (four small queries)."""
    schools = Organization.objects.exclude(kind__in=Organization.DISTRICT_KINDS)
    users = get_user_model().objects.filter(is_active=True)
    return [
        Step(
            key="requisites",
            title="Реквизиты органа управления (используются в каждом приказе)",
            text="Вышестоящий орган, место издания, руководитель, подписывающий приказы.",
            done=_requisites_done(),
            links=(
                Link("Настройки приказов", reverse("orders:settings")),
                Link("Организации", reverse("directory:organization_list")),
            ),
        ),
        Step(
            key="schools",
            title="Школы и сотрудники из шаблона Excel",
            text="Заполните шаблон и загрузите его: школы, детские сады, руководители, педагоги.",
            done=schools.exists(),
            links=(
                Link("Загрузить справочник", reverse("directory:import_upload")),
                Link("Скачать шаблон", reverse("directory:import_template")),
            ),
        ),
        Step(
            key="accounts",
            title="Учётные записи для сотрудников",
            text="Сотрудники → карточка → «Выдать доступ»: методистам, руководителям школ.",
            done=users[:2].count() >= 2,
            links=(Link("Сотрудники", reverse("directory:person_list")),),
        ),
        Step(
            key="roadmap",
            title="Первая дорожная карта",
            text="Загрузите документ Word или Excel с таблицей мероприятий либо создайте карту вручную.",
            done=Roadmap.objects.exists(),
            links=(
                Link("Загрузить из файла", reverse("roadmaps:import_upload")),
                Link("Создать вручную", reverse("roadmaps:create")),
            ),
        ),
    ]


def pending_first_run_steps(scope) -> list[Step] | None:
    """The steps for the start page: None when the user is not district staff or everything is done."""
    if not (scope.is_administrator or scope.is_methodist):
        return None
    steps = first_run_steps()
    return None if all(step.done for step in steps) else steps
