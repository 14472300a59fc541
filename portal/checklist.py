"""The first-run checklist of a new district: what is still to do before the office works in the system.

Each step is done or not from the data itself (no stored progress): the start page shows the steps to
the district's administrators and methodists until all are done, and `setup_district` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import reverse

from directory.models import Organization
from roadmaps.models import Roadmap

DONE_KEY = "portal:first-run-done"


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


def _organization_flags() -> dict[str, int]:
    """In one query: the education offices with a head and saved requisites, and the other organizations."""
    return Organization.objects.aggregate(
        requisites=Count(
            "pk",
            filter=Q(
                kind=Organization.Kind.EDUCATION_OFFICE,
                head__isnull=False,
                order_settings__higher_body__gt="",  # NULL (no settings saved) is not greater
                order_settings__place__gt="",
            ),
        ),
        schools=Count("pk", filter=~Q(kind__in=Organization.DISTRICT_KINDS)),
    )


def first_run_steps(scope=None) -> list[Step]:
    """The four steps of a new district, each marked done from the data (three small queries).

    With a `scope`, only the links the user may open: the order settings are an administrator's, the
    imports a methodist's.
    """
    admin = scope is None or scope.is_administrator
    methodist = scope is None or scope.is_methodist
    organizations = _organization_flags()
    users = get_user_model().objects.filter(is_active=True)
    return [
        Step(
            key="requisites",
            title="Реквизиты органа управления (используются в каждом приказе)",
            text="Вышестоящий орган, место издания, руководитель, подписывающий приказы.",
            done=bool(organizations["requisites"]),
            links=(
                *((Link("Настройки приказов", reverse("orders:settings")),) if admin else ()),
                Link("Организации", reverse("directory:organization_list")),
            ),
        ),
        Step(
            key="schools",
            title="Школы и сотрудники из шаблона Excel",
            text="Заполните шаблон и загрузите его: школы, детские сады, руководители, педагоги.",
            done=bool(organizations["schools"]),
            links=(
                (
                    Link("Загрузить справочник", reverse("directory:import_upload")),
                    Link("Скачать шаблон", reverse("directory:import_template")),
                )
                if methodist
                else ()
            ),
        ),
        Step(
            key="accounts",
            title="Учётные записи для сотрудников",
            text=(
                "Руководителям школ — одним шагом; остальным — карточка сотрудника → «Выдать доступ». "
                "Пароли сотрудники задают сами по ссылке из приглашения."
            ),
            done=users[:2].count() >= 2,
            links=(
                Link("Учётные записи руководителям ОО", reverse("directory:heads_invite")),
                Link("Сотрудники", reverse("directory:person_list")),
            ),
        ),
        Step(
            key="roadmap",
            title="Первая дорожная карта",
            text="Загрузите документ Word или Excel с таблицей мероприятий либо создайте карту вручную.",
            done=Roadmap.objects.exists(),
            links=(
                (
                    Link("Загрузить из файла", reverse("roadmaps:import_upload")),
                    Link("Создать вручную", reverse("roadmaps:create")),
                )
                if methodist
                else ()
            ),
        ),
    ]


def pending_first_run_steps(scope) -> list[Step] | None:
    """The steps for the start page: None when the user is not district staff or everything is done."""
    if not (scope.is_administrator or scope.is_methodist) or cache.get(DONE_KEY):
        return None
    steps = first_run_steps(scope)
    if all(step.done for step in steps):
        # Done once, done for good: the start page stops asking (a deleted roadmap does not bring it back).
        cache.set(DONE_KEY, True, timeout=None)
        return None
    return steps
